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

/** The only error thrown by remark-dgm: carries every error of the diagram. */
export class DgmError extends Error {
  /** All findings, errors first; each with a place. */
  readonly diagnostics: readonly Diagnostic[]
  /** The diagram source the findings point into. */
  readonly source: string

  constructor(diagnostics: readonly Diagnostic[], source: string) {
    const first = diagnostics.find((d) => d.severity === 'error') ?? diagnostics[0]
    super(
      first
        ? `${first.span.start.line}:${first.span.start.column}: ${first.message}`
        : 'Invalid diagram'
    )
    this.name = 'DgmError'
    this.diagnostics = diagnostics
    this.source = source
  }
}

/** Make a span on one line from 1-based column `start` to column `end` (exclusive). */
export function lineSpan(line: number, start: number, end: number): Span {
  return { start: { line, column: start }, end: { line, column: Math.max(end, start + 1) } }
}

/** Where a diagram's line 1, column 1 sits in the file that holds it. */
export interface Origin {
  line: number
  column: number
  /**
   * Shift the columns of the first line only: the block starts mid-line
   * (`<pre><code>x -> …`). Otherwise every line is indented alike (a fence
   * inside a list).
   */
  firstLineOnly?: boolean
}

/** Move a diagnostic from the diagram's own lines into the host file's. */
export function shift(d: Diagnostic, origin: Origin): Diagnostic {
  const move = (p: Point): Point => ({
    line: origin.line + p.line - 1,
    column: origin.firstLineOnly && p.line !== 1 ? p.column : origin.column + p.column - 1
  })
  return { ...d, span: { start: move(d.span.start), end: move(d.span.end) } }
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
