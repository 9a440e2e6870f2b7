/**
 * What every Markdown adapter shares: plugin options and their checks, the
 * fence meta (`caption="…" theme=color`), and the `<figure>`: the diagram, or
 * an error figure that keeps the author's source. Pure and dependency-free,
 * so the CommonJS build (markdown-it, Hexo) can use it too.
 */
import { render, validateRenderOptions, type RenderOptions } from './compile.js'
import { DgmError, type Diagnostic } from './diagnostics.js'
import { escapeXml, type Theme } from './render/svg.js'

/** Options of the remark, rehype and markdown-it plugins. */
export interface Options {
  /**
   * `plain` draws the article's black-and-white notation; `color` also tints
   * trainable modules, frozen modules and analytic ops.
   * @default 'plain'
   */
  theme?: Theme
  /** A CSS colour painted behind each figure. @default undefined (transparent) */
  background?: string
  /** Multiplies each SVG's width and height (the drawing keeps its viewBox). @default 1.25 */
  scale?: number
  /** Class of the `<figure>`; the error figure adds `${figureClassName}-error`. @default 'dgm' */
  figureClassName?: string
  /**
   * Fail the file on a diagram error instead of showing an error figure.
   * @default false
   */
  strict?: boolean
}

const KNOWN: readonly (keyof Options)[] = ['theme', 'background', 'scale', 'figureClassName', 'strict']
/** Fence meta keys a block may set for itself. */
const META_KEYS = ['caption', 'theme', 'background', 'scale'] as const

/** Check plugin options when the plugin is created; a bad one is a TypeError naming it. */
export function validateOptions(options: unknown): Required<Pick<Options, 'figureClassName' | 'strict'>> & Options {
  if (options === undefined || options === null) return { figureClassName: 'dgm', strict: false }
  if (typeof options !== 'object') throw new TypeError(`Invalid options: expected an object, got ${typeof options}`)
  const o = options as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key as keyof Options)) {
      throw new TypeError(`Unknown option \`${key}\`: expected one of ${KNOWN.map((k) => `\`${k}\``).join(', ')}`)
    }
  }
  validateRenderOptions(o as RenderOptions)
  if (o.figureClassName !== undefined && !(typeof o.figureClassName === 'string' && /^[A-Za-z_][\w-]*$/.test(o.figureClassName))) {
    throw new TypeError(`Invalid option \`figureClassName\`: expected a CSS class name, got ${JSON.stringify(o.figureClassName)}`)
  }
  if (o.strict !== undefined && typeof o.strict !== 'boolean') {
    throw new TypeError(`Invalid option \`strict\`: expected true or false, got ${JSON.stringify(o.strict)}`)
  }
  return { ...(o as Options), figureClassName: (o.figureClassName as string | undefined) ?? 'dgm', strict: (o.strict as boolean | undefined) ?? false }
}

/** Per-block settings read from the fence meta, and any problem with them. */
export interface Meta {
  caption?: string
  overrides: RenderOptions
  problems: string[]
}

/** Read `key=value` and `key="quoted value"` pairs from a fence's meta string. */
export function parseMeta(meta: string | null | undefined): Meta {
  const result: Meta = { overrides: {}, problems: [] }
  if (!meta) return result
  const pair = /([\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+))/g
  for (const match of meta.matchAll(pair)) {
    const key = match[1]!
    const value = match[2]?.replace(/\\(.)/g, '$1') ?? match[3] ?? match[4] ?? ''
    if (key === 'caption') result.caption = value
    else if (key === 'theme') result.overrides.theme = value as Theme
    else if (key === 'background') result.overrides.background = value
    else if (key === 'scale') result.overrides.scale = Number(value)
    else result.problems.push(`Unknown fence meta \`${key}\`: expected one of ${META_KEYS.map((k) => `\`${k}\``).join(', ')}`)
  }
  try {
    validateRenderOptions(result.overrides)
  } catch (error) {
    result.problems.push(`Invalid fence meta: ${(error as Error).message}`)
    result.overrides = {}
  }
  return result
}

export interface FigureResult {
  /** The `<figure>` element as HTML text: the same for every host. */
  html: string
  /** Every finding, errors and warnings, in the diagram's own lines. */
  diagnostics: readonly Diagnostic[]
  failed: boolean
}


/**
 * Render one block to a `<figure>`. Never throws for any source: an invalid
 * diagram becomes an error figure with its messages and the author's source.
 * @param attributes extra attributes for the figure, already serialised (markdown-it's line map)
 */
export function figure(source: string, meta: Meta, options: Options & { figureClassName: string }, attributes = ''): FigureResult {
  const renderOptions: RenderOptions = {
    theme: options.theme,
    background: options.background,
    scale: options.scale,
    ...meta.overrides,
    caption: meta.caption
  }
  const name = escapeXml(options.figureClassName)
  try {
    const result = render(source, renderOptions)
    const caption = result.diagram.caption ?? meta.caption
    const figcaption = caption ? `<figcaption>${escapeXml(caption)}</figcaption>` : ''
    return { html: `<figure class="${name}"${attributes}>${result.svg}${figcaption}</figure>`, diagnostics: result.diagnostics, failed: false }
  } catch (error) {
    const diagnostics = error instanceof DgmError ? error.diagnostics : []
    const lines = diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.span.start.line}:${d.span.start.column} ${d.message} (${d.ruleId})`)
    const message = lines.length ? `Diagram error: ${lines.join('; ')}` : `Diagram error: ${String(error)}`
    return {
      html: `<figure class="${name} ${name}-error" role="alert"${attributes}><pre><code>${escapeXml(source)}</code></pre><figcaption>${escapeXml(message)}</figcaption></figure>`,
      diagnostics,
      failed: true
    }
  }
}
