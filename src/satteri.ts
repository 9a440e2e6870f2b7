/**
 * `remark-dgm/satteri`: for Sätteri, the Markdown processor Astro 7 uses by
 * default (`markdown.processor: satteri({ mdastPlugins: [satteriDgm()] })`).
 * An mdast plugin with Sätteri's own API: its visitors return the node's
 * replacement, here the figure as raw HTML.
 */
import { fileURLToPath } from 'node:url'
import { placeBlock, renderBlock, UNPLACED } from './adapters/block.js'
import { formatDiagnostic } from './diagnostics.js'
import { validateOptions, type Options } from './options.js'

export type { Options } from './options.js'

/** The parts of Sätteri's mdast `code` node this plugin reads. */
export interface SatteriCode {
  lang?: string | null
  meta?: string | null
  value: string
  position?: { start: { line: number; column: number } }
}

/** The part of Sätteri's visitor context this plugin uses. */
export interface SatteriContext {
  /** The whole Markdown file. */
  readonly source: string
  readonly fileURL?: URL | undefined
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
      const start = node.position?.start
      const text = context.source
      const place = start ? placeBlock(text, start.line + 1, node.value, { meta: node.meta }) : UNPLACED
      const path = context.fileURL?.protocol === 'file:' ? fileURLToPath(context.fileURL) : undefined
      const figure = renderBlock({ value: node.value, meta: node.meta, place }, settings, { value: text, path })
      for (const d of figure.diagnostics) context.report({ message: formatDiagnostic(d), node, severity: d.severity })
      // Braces in the figure are text, not MDX expressions.
      return { raw: figure.html, mdxExpressions: false }
    }
  }
}
