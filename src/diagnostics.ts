/**
 * Diagnostics: the one shape every stage reports problems in, and the one
 * error type (`DgmError`) that ever leaves the public API.
 */

/** A place in the diagram source; lines and columns are 1-based. */
export interface Point {
  line: number
  column: number
}

/** A range in the diagram source, end exclusive. */
export interface Span {
  start: Point
  end: Point
}

/** One finding about a diagram. */
export interface Diagnostic {
  /** `error` stops rendering; `warning` is the three-element analysis. */
  severity: 'error' | 'warning'
  /** Stable id of the rule, e.g. `expected-term` or `no-gradient`. */
  ruleId: string
  /** One sentence, naming what was expected and what was found. */
  message: string
  /** Where it is, in the diagram source. */
  span: Span
}

/**
 * The only error thrown by remark-dgm, by `render` and by every host in
 * strict mode: carries every error, placed in `source` (the diagram, or the
 * Markdown file that holds it) with a code frame of the first one.
 */
export class DgmError extends Error {
  /** All findings, errors first; each with a place in `source`. */
  readonly diagnostics: readonly Diagnostic[]
  /** The text the findings point into: the diagram source, or the host file. */
  readonly source: string
  /** The file `source` was read from, when the host named it. */
  readonly path: string | undefined
  /** The first error's line(s) of `source` with a caret under it. */
  readonly frame: string

  constructor(diagnostics: readonly Diagnostic[], source: string, path?: string) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0]
    const frame = first ? codeFrame(source, first.span) : ''
    super(first ? `${path ? `${path}:` : ''}${first.span.start.line}:${first.span.start.column}: ${first.message}\n${frame}` : 'Invalid diagram')
    this.name = 'DgmError'
    this.diagnostics = diagnostics
    this.source = source
    this.path = path
    this.frame = frame
  }
}

/** Make a span on one line from 1-based column `start` to column `end` (exclusive). */
export function lineSpan(line: number, start: number, end: number): Span {
  return { start: { line, column: start }, end: { line, column: Math.max(end, start + 1) } }
}

/** Render the source line(s) of a span with a caret underline, like a compiler does. */
export function codeFrame(source: string, span: Span): string {
  const lines = source.split(/\r?\n/)
  const lineNo = span.start.line
  const from = Math.max(1, lineNo - 1)
  const to = Math.min(lines.length, lineNo + 1)
  const width = String(to).length
  const out: string[] = []
  for (let n = from; n <= to; n++) {
    // Very long lines are cut around the caret so a frame stays readable.
    const full = lines[n - 1] ?? ''
    const offset = n === lineNo ? Math.max(0, span.start.column - 60) : 0
    const text = (offset > 0 ? '…' : '') + full.slice(offset, offset + 120)
    out.push(`${n === lineNo ? '>' : ' '} ${String(n).padStart(width)} | ${text}`)
    if (n === lineNo) {
      const caretStart = span.start.column - 1 - offset + (offset > 0 ? 1 : 0)
      const caretEnd = span.end.line === lineNo ? span.end.column - 1 - offset + (offset > 0 ? 1 : 0) : caretStart + 1
      const carets = '^'.repeat(Math.max(1, Math.min(caretEnd - caretStart, 120)))
      out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, caretStart))}${carets}`)
    }
  }
  return out.join('\n')
}

/** `LINE:COL severity message (rule-id)`, the form `dgm check` prints. */
export function formatDiagnostic(d: Diagnostic, file = ''): string {
  const place = `${d.span.start.line}:${d.span.start.column}`
  return `${file ? file + ':' : ''}${place} ${d.severity} ${d.message} (${d.ruleId})`
}
