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
import { formatDiagnostic, shift } from './diagnostics.js'
import { figure, parseMeta, validateOptions, type Options } from './figure.js'

export type { Options } from './figure.js'

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

/** A fenced block opened by ``` or ~~~ with the info string `dgm …`, up to its closing fence. */
const FENCE = /^([ \t]*)(`{3,}|~{3,})[ \t]*dgm(?:[ \t]+([^\n]*))?\n([\s\S]*?)\n?^[ \t]*\2[ \t]*$/gm

/** Replace the `dgm` fences of one post's Markdown by figures. */
function transform(data: PostData, settings: ReturnType<typeof validateOptions>, log: HexoLike['log']): void {
  const file = data.source ?? data.full_source ?? 'post'
  // Front matter is not part of `content`: count its lines to report real line numbers.
  const offset = data.raw && data.raw.endsWith(data.content) ? data.raw.slice(0, data.raw.length - data.content.length).split('\n').length - 1 : 0
  data.content = data.content.replace(FENCE, (_all, indent: string, _fence: string, info: string | undefined, body: string, index: number) => {
    const firstLine = offset + data.content.slice(0, index).split('\n').length + 1
    const source = body.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n')
    const result = figure(source, parseMeta(info), settings)
    for (const d of result.diagnostics) {
      const line = `remark-dgm: ${formatDiagnostic(shift(d, { line: firstLine, column: indent.length + 1 }), file)}`
      if (d.severity === 'error' && settings.strict) throw new Error(line)
      if (d.severity === 'error') log.error(line)
      else log.warn(line)
    }
    return `${indent}<hexoPostRenderCodeBlock>${result.html}</hexoPostRenderCodeBlock>`
  })
}

/**
 * Register the filter on a Hexo instance. Options come from the argument, or
 * else from the `dgm:` key of the site's `_config.yml`.
 */
export function register(hexo: HexoLike, options?: Options): void {
  const settings = validateOptions(options ?? (hexo.config.dgm as Options | undefined))
  hexo.extend.filter.register('before_post_render', (data: PostData) => transform(data, settings, hexo.log), 9)
}
