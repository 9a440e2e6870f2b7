/**
 * Diagnostics → vfile messages, for the unified adapters.
 */
import type { VFile } from 'vfile'
import type { Diagnostic } from './diagnostics.js'

/** Report diagnostics, already placed in the Markdown file, on `file`; errors are fatal messages and processing goes on. */
export function report(file: VFile, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) {
    const message = file.message(d.message, { place: d.span, ruleId: d.ruleId, source: 'remark-dgm' })
    if (d.severity === 'error') message.fatal = true
  }
}
