/**
 * `remark-dgm/markdown-it`: `md.use(markdownItDgm, options)`. Synchronous, for
 * markdown-it hosts: VitePress, the VS Code Markdown preview, Hexo with
 * hexo-renderer-markdown-it. Loadable with `import` and `require`.
 */
import type MarkdownIt from 'markdown-it'
import { figure, parseMeta, validateOptions, type Options } from './figure.js'
import { escapeXml } from './render/svg.js'
import { DgmError, shift } from './diagnostics.js'

export type { Options } from './figure.js'

/**
 * Render ```` ```dgm ```` fences as figures.
 * @param md the markdown-it instance
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export default function markdownItDgm(md: MarkdownIt, options?: Options | null): void {
  const settings = validateOptions(options)
  const fallback = md.renderer.rules.fence ?? ((tokens, idx, opts, _env, self) => self.renderToken(tokens, idx, opts))
  md.renderer.rules.fence = (tokens, idx, opts, env, self) => {
    const token = tokens[idx]!
    const [lang = '', ...rest] = token.info.trim().split(/\s+/)
    if (lang !== 'dgm') return fallback(tokens, idx, opts, env, self)
    // Keep the attributes other plugins set (VS Code's data-line for scroll sync), but not a class: ours wins.
    const attributes = self.renderAttrs({ attrs: (token.attrs ?? []).filter(([name]) => name !== 'class') } as never)
    const line = (token.map?.[0] ?? 0) + 2
    const lineClass = (token.attrGet('class') ?? '').split(/\s+/).filter(Boolean)
    const result = figure(token.content.replace(/\n$/, ''), parseMeta(rest.join(' ')), settings, attributes)
    if (result.failed && settings.strict) {
      // Point the error into the Markdown file: the block starts on the line after the fence.
      const shifted = result.diagnostics.map((d) => shift(d, { line, column: 1 }))
      throw new DgmError(shifted, token.content)
    }
    const html = lineClass.length ? result.html.replace('<figure class="', `<figure class="${escapeXml(lineClass.join(' '))} `) : result.html
    return `${html}\n`
  }
}
