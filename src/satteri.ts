/**
 * `remark-dgm/satteri`: for Sätteri, the Markdown processor Astro 7 uses by
 * default (`markdown.processor: satteri({ mdastPlugins: [satteriDgm()] })`).
 * An mdast plugin with Sätteri's own API: its visitors return the node's
 * replacement, here the figure as raw HTML.
 */
import { DgmError, shift } from './diagnostics.js'
import { figure, parseMeta, validateOptions, type Options } from './figure.js'

export type { Options } from './figure.js'

/** The parts of Sätteri's mdast `code` node this plugin reads. */
export interface SatteriCode {
  lang?: string | null
  meta?: string | null
  value: string
  position?: { start: { line: number; column: number } }
}

/** The part of Sätteri's visitor context this plugin uses. */
export interface SatteriContext {
  report(diagnostic: { message: string; node?: unknown; severity?: 'error' | 'warning' | 'info' }): void
}

/** A Sätteri mdast plugin definition. */
export interface SatteriPlugin {
  name: string
  options: { position: boolean }
  code(node: SatteriCode, context: SatteriContext): { raw: string; mdxExpressions: false } | undefined
}

/**
 * Render `dgm` fences as figures in Sätteri.
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export function satteriDgm(options?: Options | null): SatteriPlugin {
  const settings = validateOptions(options)
  return {
    name: 'remark-dgm',
    // Positions are needed to point messages into the Markdown file.
    options: { position: true },
    code(node, context) {
      if (node.lang !== 'dgm') return undefined
      const result = figure(node.value, parseMeta(node.meta), settings)
      const fence = node.position?.start ?? { line: 0, column: 1 }
      const shifted = result.diagnostics.map((d) => shift(d, { line: fence.line + 1, column: fence.column }))
      if (result.failed && settings.strict) throw new DgmError(shifted, node.value)
      for (const d of shifted) {
        context.report({ message: `${d.span.start.line}:${d.span.start.column} ${d.message} (${d.ruleId})`, node, severity: d.severity })
      }
      // Braces in the figure are text, not MDX expressions.
      return { raw: result.html, mdxExpressions: false }
    }
  }
}
