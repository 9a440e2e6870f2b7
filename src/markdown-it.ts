/**
 * `remark-dgm/markdown-it`: `md.use(markdownItDgm, options)`. Synchronous, for
 * markdown-it hosts: VitePress, the VS Code Markdown preview, Hexo with
 * hexo-renderer-markdown-it. Loadable with `import` and `require`.
 */
import type MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { fenceInfo, placeBlock, renderBlock, UNPLACED, type BlockPlace } from './adapters/block.js'
import { formatDiagnostic } from './diagnostics.js'
import { validateOptions, type Options } from './options.js'

export type { Options } from './options.js'

/** What the core rule leaves on a dgm fence token for the renderer. */
interface DgmTokenMeta {
  dgm: { place: BlockPlace; src: string }
}

/**
 * Render ```` ```dgm ```` fences as figures.
 * @param md the markdown-it instance
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export default function markdownItDgm(md: MarkdownIt, options?: Options | null): void {
  const settings = validateOptions(options)
  // Only the parser sees the source: place each block there, render it when the renderer asks.
  md.core.ruler.push('dgm', (state) => {
    for (const token of state.tokens) {
      if (token.type !== 'fence' || !token.map || fenceInfo(token.info).lang !== 'dgm') continue
      const place = placeBlock(state.src, token.map[0] + 2, token.content.replace(/\n$/, ''), { meta: fenceInfo(token.info).meta })
      token.meta = { ...token.meta, dgm: { place, src: state.src } } satisfies DgmTokenMeta
    }
  })
  const fallback = md.renderer.rules.fence ?? ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts))
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token: Token = tokens[idx]!
    const { lang, meta } = fenceInfo(token.info)
    if (lang !== 'dgm') return fallback(tokens, idx, opts, env, self)
    const { place, src } = (token.meta as DgmTokenMeta | null)?.dgm ?? { place: UNPLACED, src: token.content }
    // Keep the attributes other plugins set (VS Code's data-line and code-line class for scroll sync).
    const attributes = Object.fromEntries((token.attrs ?? []).map(([name, value]) => [name === 'class' ? 'className' : name, name === 'class' ? value.split(/\s+/).filter(Boolean) : value]))
    const figure = renderBlock({ value: token.content.replace(/\n$/, ''), meta, place, attributes }, settings, { value: src })
    // markdown-it has no channel for messages. Diagram errors show in the error figure; a bad fence meta shows
    // nowhere (the block is drawn with the other settings), so it goes to the build log or the preview's console.
    for (const d of figure.diagnostics) if (d.ruleId === 'fence-meta') console.warn(`remark-dgm: ${formatDiagnostic(d)}`)
    return `${figure.html}\n`
  }
}
