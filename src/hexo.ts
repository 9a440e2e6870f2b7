/**
 * `remark-dgm/hexo`: the Hexo integration, for every Hexo renderer
 * (hexo-renderer-marked, hexo-renderer-markdown-it, …). Setup: one file
 * `scripts/dgm.js` in the site holding
 *
 *     require('remark-dgm/hexo').register(hexo)
 *
 * Why a `before_post_render` filter and not a renderer plugin: Hexo's own
 * code-block filter turns every fence into highlighted HTML before any
 * renderer sees it, and Nunjucks would then read `{{`/`{%` in labels. This
 * filter runs first (priority 9 < 10) and wraps each figure in
 * `<hexoPostRenderCodeBlock>`, the marker Hexo uses to keep rendered code
 * away from the Markdown renderer and from Nunjucks.
 */
import MarkdownIt from 'markdown-it'
import { fenceInfo, placeBlock, renderBlock } from './adapters/block.js'
import { formatDiagnostic } from './diagnostics.js'
import { validateOptions, type Options, type Settings } from './options.js'

export type { Options } from './options.js'

/** The part of Hexo this integration uses. */
export interface HexoLike {
  config: Record<string, unknown>
  extend: { filter: { register(type: string, fn: (data: PostData) => unknown, priority?: number): void } }
  log: { warn(...args: unknown[]): void; error(...args: unknown[]): void }
}

interface PostData {
  content: string
  raw?: string
  source?: string
  full_source?: string
}

/** Finds fences as CommonMark does: inside blockquotes and lists, closed by longer runs, never inside another fence or an HTML block. */
const commonmark = new MarkdownIt('commonmark')

/** Replace the `dgm` fences of one post's Markdown by figures. */
function transform(data: PostData, settings: Settings, log: HexoLike['log']): void {
  const path = data.source ?? data.full_source ?? 'post'
  // Front matter is not part of `content`: place blocks in the whole file so lines count it.
  const hasRaw = data.raw !== undefined && data.raw.endsWith(data.content)
  const file = hasRaw ? data.raw! : data.content
  const offset = hasRaw ? file.slice(0, file.length - data.content.length).split(/\r\n|\r|\n/).length - 1 : 0
  // Lines with their endings, so the untouched ones are written back as they were.
  const lines = data.content.split(/(?<=\r\n|\r(?!\n)|\n)/)
  const fences = commonmark.parse(data.content, {}).filter((t) => t.type === 'fence' && t.map && fenceInfo(t.info).lang === 'dgm')
  // Last first, so the line numbers of earlier fences stay valid.
  for (const token of fences.reverse()) {
    const [open, close] = token.map!
    const { meta } = fenceInfo(token.info)
    const value = token.content.replace(/\n$/, '')
    const place = placeBlock(file, offset + open + 2, value, { meta })
    const figure = renderBlock({ value, meta, place }, settings, { value: file, path })
    for (const d of figure.diagnostics) (d.severity === 'error' ? log.error : log.warn)(`remark-dgm: ${formatDiagnostic(d, path)}`)
    // Keep what opens the fence's line (`> `, `- `, indentation): the figure stays in its blockquote or list item.
    const fenceLine = lines[open] ?? ''
    const prefix = fenceLine.slice(0, Math.max(0, fenceLine.indexOf(token.markup)))
    const ending = /\r?\n|\r/.exec(lines[close - 1] ?? '')?.[0] ?? ''
    lines.splice(open, close - open, `${prefix}<hexoPostRenderCodeBlock>${figure.html}</hexoPostRenderCodeBlock>${ending}`)
  }
  data.content = lines.join('')
}

/**
 * Register the filter on a Hexo instance. Options come from the argument, or
 * else from the `dgm:` key of the site's `_config.yml`.
 */
export function register(hexo: HexoLike, options?: Options): void {
  const settings = validateOptions(options ?? hexo.config.dgm)
  hexo.extend.filter.register('before_post_render', (data: PostData) => transform(data, settings, hexo.log), 9)
}
