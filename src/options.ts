/**
 * Options, checked once and alike wherever they come from: `render`, the
 * plugins, and a fence's meta (`caption="…" scale=2`). A bad value is a
 * TypeError naming the option and what it accepts.
 */
import colorNames from 'color-name'
import type { RenderOptions } from './compile.js'
import { MAX_META_CHARS } from './limits.js'
import type { Theme } from './render/svg.js'

/** Options of the remark, rehype, markdown-it, Hexo and Sätteri plugins. */
export interface Options {
  /**
   * `plain` draws the article's black-and-white notation; `color` also tints
   * trainable modules, frozen modules and analytic ops.
   * @default 'plain'
   */
  theme?: Theme
  /** A CSS colour painted behind each figure: a name, hex, `rgb()`/`hsl()`, `transparent` or `currentColor`. @default undefined (transparent) */
  background?: string
  /** Multiplies each SVG's width and height (the drawing keeps its viewBox), from 0.1 to 10. @default 1.25 */
  scale?: number
  /** Class of the `<figure>`; the error figure adds `${figureClassName}-error`. @default 'dgm' */
  figureClassName?: string
  /**
   * How each figure carries its drawing (see the README, "Output strategies"):
   * `inline` an `<svg>` in the page, drawn in the page's text colour;
   * `img` an `<img>` whose `src` is the SVG as a data URI, for feeds and
   * sanitisers that strip inline SVG; `file` an `<img>` pointing at an
   * emitted `.svg` file named by its content hash (`${fileBase}<hash>.svg`),
   * written by the host (Hexo), into `fileDir`, or handed to the caller
   * (`file.data.dgmFiles` in unified, `env.dgmFiles` in markdown-it). An image cannot take the
   * page's colour: `img` and `file` draw black on `background`, white when
   * no `background` is set. A block may set its own with `output=img`.
   * @default 'inline'
   */
  output?: Output
  /** The URL path `file` output images are referenced by, and the folder they are emitted to. @default '/dgm/' */
  fileBase?: string
  /**
   * A folder the `file` strategy writes each SVG into as it renders (relative
   * to the working directory), for hosts that copy a folder to their site as
   * is and never read `dgmFiles`: VitePress `public/dgm` (under its source
   * folder), Astro `public/dgm`, Docusaurus `static/dgm`. `fileBase` must then
   * be the URL that folder is served at. Without it, the host writes the
   * files (Hexo) or the caller takes them from `dgmFiles`.
   */
  fileDir?: string
  /**
   * Fail the file on a diagram error (a `DgmError` placed in the Markdown
   * file) instead of showing an error figure.
   * @default false
   */
  strict?: boolean
}

/** Ways a figure carries its drawing. */
export type Output = 'inline' | 'img' | 'file'

/** Plugin options with their defaults filled in. */
export type Settings = Options & Required<Pick<Options, 'figureClassName' | 'strict' | 'output' | 'fileBase'>>

const THEMES: readonly Theme[] = ['plain', 'color']
const SCALE = { min: 0.1, max: 10 }
const RENDER_KEYS: readonly (keyof RenderOptions)[] = ['theme', 'background', 'scale', 'caption']
const PLUGIN_KEYS: readonly (keyof Options)[] = ['theme', 'background', 'scale', 'figureClassName', 'strict', 'output', 'fileBase', 'fileDir']
const OUTPUTS: readonly Output[] = ['inline', 'img', 'file']
/** Fence meta keys a block may set for itself. */
const META_KEYS = ['caption', 'theme', 'background', 'scale', 'output'] as const

const list = (names: readonly string[]) => names.map((k) => `\`${k}\``).join(', ')

/** A non-null, non-array object with only `known` keys; else a TypeError naming `what`. */
function checkObject(options: unknown, known: readonly string[], what: string): Record<string, unknown> {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    const got = options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options
    throw new TypeError(`Invalid ${what}: expected an object, got ${got}`)
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new TypeError(`Unknown option \`${key}\`: expected one of ${list(known)}`)
  }
  return options as Record<string, unknown>
}

// One number, a percentage, or an angle: what the arguments of rgb() and hsl() are made of.
const NUMBER = String.raw`[+-]?(?:\d{1,10}(?:\.\d{1,10})?|\.\d{1,10})(?:e[+-]?\d{1,3})?`
const ARG = `${NUMBER}(?:%|deg|grad|rad|turn)?`
/** `rgb(1, 2, 3)`, `rgba(1, 2, 3, .5)`, `rgb(1 2 3)`, `rgb(1 2 3 / 50%)`, and the same for hsl(). Bounded: no nested repetition. */
const COLOR_FUNCTION = new RegExp(
  `^(?:rgb|hsl)a?\\(\\s*${ARG}(?:\\s*,\\s*${ARG}\\s*,\\s*${ARG}(?:\\s*,\\s*${ARG})?|\\s+${ARG}\\s+${ARG}(?:\\s*/\\s*${ARG})?)\\s*\\)$`,
  'i'
)
const HEX = /^#(?:[\da-f]{3,4}|[\da-f]{6}|[\da-f]{8})$/i

/** A CSS colour the SVG `fill` attribute can take; never `url()`, `var()`, `expression()` or anything on two lines. */
export function isCssColor(value: string): boolean {
  if (value.length > 64) return false
  const lower = value.toLowerCase()
  return HEX.test(value) || COLOR_FUNCTION.test(value) || lower === 'transparent' || lower === 'currentcolor' || Object.hasOwn(colorNames, lower)
}

/** Check the options every entry point shares; a bad one is a TypeError naming it. */
function checkShared(o: Record<string, unknown>): void {
  if (o.theme !== undefined && !THEMES.includes(o.theme as Theme)) {
    throw new TypeError(`Invalid option \`theme\`: expected one of ${THEMES.map((t) => `'${t}'`).join(', ')}, got ${JSON.stringify(o.theme)}`)
  }
  if (o.scale !== undefined && !(typeof o.scale === 'number' && o.scale >= SCALE.min && o.scale <= SCALE.max)) {
    throw new TypeError(`Invalid option \`scale\`: expected a number from ${SCALE.min} to ${SCALE.max}, got ${String(o.scale)}`)
  }
  if (o.background !== undefined && !(typeof o.background === 'string' && isCssColor(o.background))) {
    throw new TypeError(`Invalid option \`background\`: expected a CSS colour such as 'white', '#fff' or 'rgb(0 0 0 / 50%)', got ${JSON.stringify(o.background)}`)
  }
}

/** Check the options plugins and fence metas share but `render` has not. */
function checkOutput(o: Record<string, unknown>): void {
  if (o.output !== undefined && !OUTPUTS.includes(o.output as Output)) {
    throw new TypeError(`Invalid option \`output\`: expected one of ${OUTPUTS.map((t) => `'${t}'`).join(', ')}, got ${JSON.stringify(o.output)}`)
  }
}

/** Check `render`'s options; a bad one is a TypeError naming the option and what it accepts. */
export function validateRenderOptions(options: unknown): asserts options is RenderOptions {
  const o = checkObject(options, RENDER_KEYS, 'options')
  checkShared(o)
  if (o.caption !== undefined && typeof o.caption !== 'string') {
    throw new TypeError(`Invalid option \`caption\`: expected a string, got ${typeof o.caption}`)
  }
}

/**
 * Check plugin options when the plugin is created. `undefined` and `null`
 * mean none (unified's convention); anything else must be an object.
 */
export function validateOptions(options: unknown): Settings {
  const defaults = { figureClassName: 'dgm', strict: false, output: 'inline', fileBase: '/dgm/' } as const
  if (options === undefined || options === null) return { ...defaults }
  const o = checkObject(options, PLUGIN_KEYS, 'options')
  checkShared(o)
  checkOutput(o)
  // A URL path: absolute or relative, no quotes, spaces or scheme that could turn the `src` into script.
  if (o.fileBase !== undefined && !(typeof o.fileBase === 'string' && /^(?:\/|\.{1,2}\/|[\w-]+\/)[\w./-]{0,200}$/.test(o.fileBase) && o.fileBase.endsWith('/'))) {
    throw new TypeError(`Invalid option \`fileBase\`: expected a URL path ending in /, such as '/dgm/', got ${JSON.stringify(o.fileBase)}`)
  }
  if (o.fileDir !== undefined && !(typeof o.fileDir === 'string' && o.fileDir.trim() !== '' && !o.fileDir.includes('\0'))) {
    throw new TypeError(`Invalid option \`fileDir\`: expected a folder path such as 'public/dgm', got ${JSON.stringify(o.fileDir)}`)
  }
  if (o.figureClassName !== undefined && !(typeof o.figureClassName === 'string' && /^[A-Za-z_][\w-]{0,63}$/.test(o.figureClassName))) {
    throw new TypeError(`Invalid option \`figureClassName\`: expected a CSS class name, got ${JSON.stringify(o.figureClassName)}`)
  }
  if (o.strict !== undefined && typeof o.strict !== 'boolean') {
    throw new TypeError(`Invalid option \`strict\`: expected true or false, got ${JSON.stringify(o.strict)}`)
  }
  const given = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Options
  return { ...defaults, ...given }
}

/** One problem in a fence's meta, at a character offset into the meta string. */
export interface MetaProblem {
  message: string
  offset: number
}

/** Per-block settings read from the fence meta, and any problem with them. */
export interface Meta {
  caption?: string
  output?: Output
  overrides: RenderOptions
  problems: MetaProblem[]
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t'
const isKeyChar = (c: string | undefined) => c !== undefined && /[\w-]/.test(c)

/**
 * Read `key=value`, `key="quoted \" value"` and `key='value'` pairs from a
 * fence's meta string. A hand-written scanner: every character is looked at
 * a bounded number of times, so any meta parses in linear time.
 */
export function parseMeta(meta: string | null | undefined): Meta {
  const result: Meta = { overrides: {}, problems: [] }
  if (!meta) return result
  if (meta.length > MAX_META_CHARS) {
    result.problems.push({ message: `Expected a fence meta of at most ${MAX_META_CHARS} characters, got ${meta.length}: move the caption into the block (\`caption: …\`)`, offset: 0 })
    return result
  }
  const values: Record<string, unknown> = {}
  let i = 0
  while (i < meta.length) {
    while (isSpace(meta[i])) i++
    if (i >= meta.length) break
    const start = i
    let key = ''
    while (isKeyChar(meta[i])) key += meta[i++]
    let j = i
    while (isSpace(meta[j])) j++
    if (!key || meta[j] !== '=') {
      // Not a pair: skip the word, as fences often carry flags other tools read.
      while (i < meta.length && !isSpace(meta[i])) i++
      continue
    }
    j++
    while (isSpace(meta[j])) j++
    let value = ''
    const quote = meta[j]
    if (quote === '"' || quote === "'") {
      j++
      while (j < meta.length && meta[j] !== quote) {
        // Only double quotes take backslash escapes.
        if (quote === '"' && meta[j] === '\\' && j + 1 < meta.length) j++
        value += meta[j]
        j++
      }
      j++
    } else {
      while (j < meta.length && !isSpace(meta[j])) value += meta[j++]
    }
    i = j
    if (!(META_KEYS as readonly string[]).includes(key)) {
      result.problems.push({ message: `Unknown fence meta \`${key}\`: expected one of ${list(META_KEYS)}`, offset: start })
      continue
    }
    try {
      const parsed = key === 'scale' ? Number(value) : value
      checkShared({ [key]: parsed })
      checkOutput({ [key]: parsed })
      values[key] = parsed
    } catch (error) {
      result.problems.push({ message: `Invalid fence meta: ${(error as Error).message}`, offset: start })
    }
  }
  const { caption, output, ...overrides } = values
  if (typeof caption === 'string') result.caption = caption
  if (output !== undefined) result.output = output as Output
  result.overrides = overrides as RenderOptions
  return result
}
