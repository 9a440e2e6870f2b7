/**
 * Diagnostics → vfile messages at their real place in the Markdown file.
 */
import type { VFile } from 'vfile'
import type { Diagnostic } from './diagnostics.js'

/** Where line 1, column 1 of a diagram's source sits in the host file. */
export interface Origin {
  line: number
  column: number
}

/**
 * Report diagnostics on `file`, shifted from the block into the file.
 * Errors fail the file when `strict` (the first one is thrown); otherwise
 * they are fatal messages and processing goes on.
 */
export function report(file: VFile, diagnostics: readonly Diagnostic[], origin: Origin, strict: boolean): void {
  const shift = (p: { line: number; column: number }) => ({
    line: origin.line + p.line - 1,
    column: p.line === 1 ? origin.column + p.column - 1 : p.column
  })
  for (const d of diagnostics) {
    const options = { place: { start: shift(d.span.start), end: shift(d.span.end) }, ruleId: d.ruleId, source: 'remark-dgm' }
    if (d.severity === 'error' && strict) file.fail(d.message, options)
    const message = file.message(d.message, options)
    if (d.severity === 'error') message.fatal = true
  }
}
