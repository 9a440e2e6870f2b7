/**
 * Diagnostics → vfile messages at their real place in the Markdown file.
 */
import type { VFile } from 'vfile'
import { shift, type Diagnostic, type Origin } from './diagnostics.js'

/**
 * Report diagnostics on `file`, shifted from the block into the file.
 * Errors fail the file when `strict` (the first one is thrown); otherwise
 * they are fatal messages and processing goes on.
 */
export function report(file: VFile, diagnostics: readonly Diagnostic[], origin: Origin, strict: boolean): void {
  for (const d of diagnostics) {
    const options = { place: shift(d, origin).span, ruleId: d.ruleId, source: 'remark-dgm' }
    if (d.severity === 'error' && strict) file.fail(d.message, options)
    const message = file.message(d.message, options)
    if (d.severity === 'error') message.fatal = true
  }
}
