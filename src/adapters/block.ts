/**
 * The one contract every host adapter keeps: a host finds a `dgm` block and
 * says where it sits in its file; `renderBlock` gives back the figure (hast
 * for the unified hosts, HTML for the string hosts) and every finding already
 * placed in the host file, fence-meta problems included. In strict mode it
 * throws the one error type, `DgmError`, with the host file's positions and
 * code frame. Adapters only find blocks and hand back figures.
 */
import type { Element, ElementContent, Nodes, Properties } from 'hast'
// Loaded for the `DataMap` augmentation below (the CommonJS build resolves it only when imported).
import type {} from 'vfile'
import { toHtml } from 'hast-util-to-html'
import { h } from 'hastscript'
import { draw, type Drawing, type RenderOptions } from '../compile.js'
import { DgmError, type Diagnostic, type Point } from '../diagnostics.js'
import { highlightedSource } from '../highlight/hast.js'
import { escapeXml, serialise } from '../render/svg.js'
import { parseMeta, type Output, type Settings } from '../options.js'

/** Where a block sits in its host file. */
export interface BlockPlace {
  /** Host line of the block's first line (1-based). */
  line: number
  /**
   * For each line of the block, how many host columns come before it: what
   * the host stripped (indentation, `> `, a list marker, `<code>`).
   */
  indents: readonly number[]
  /** Where the fence's meta starts in the host file; absent when the host has no fence line. */
  meta?: Point
}

/** For a block whose host gave no position: findings stay in the block's own lines. */
export const UNPLACED: BlockPlace = { line: 1, indents: [] }

/** The file that holds the blocks. */
export interface HostFile {
  /** Its whole text: code frames and columns are taken from it. */
  value: string
  /** Its path, named in strict errors. */
  path?: string
  /**
   * Where the host collects the files of the `file` output strategy, to write
   * them under its output folder. A host without it (it has no output
   * folder) gets `img` figures in place of `file` ones, unless `fileDir` says
   * where to write them.
   */
  files?: EmittedFile[]
}

declare module 'vfile' {
  interface DataMap {
    /** The SVG files of `output: 'file'` figures, to write under the site's output folder at their `path`. */
    dgmFiles: EmittedFile[]
  }
}

/** The list of emitted files kept on a host's per-file data (a vfile's `data`, markdown-it's `env`). */
export function emittedFiles(data: { dgmFiles?: EmittedFile[] }): EmittedFile[] {
  return (data.dgmFiles ??= [])
}

/** One `dgm` block as a host found it. */
export interface Block {
  /** The block's text, fence and container markers removed. */
  value: string
  /** The fence's meta (what follows `dgm` on the opening line). */
  meta?: string | null | undefined
  place: BlockPlace
  /** Attributes the host wants on the figure (markdown-it's line map); a `class` is kept before ours. */
  attributes?: Properties
}

/** An SVG file the `file` output strategy asks the host to write. */
export interface EmittedFile {
  /** Its URL path, as the `<img>` references it: `fileBase` and a content-hashed name (`/dgm/1a2b3c4d5e6f7a8b.svg`). */
  path: string
  /** The SVG document. */
  contents: string
}

/** What `renderBlock` gives back. */
export interface Figure {
  /** The `<figure>` as a hast element (the unified hosts). */
  element: Element
  /** The same `<figure>` as HTML text (the string hosts). */
  readonly html: string
  /** Every finding (fence meta, errors, warnings), placed in the host file. */
  diagnostics: Diagnostic[]
  /** True when the diagram had errors and the figure shows them with the source. */
  failed: boolean
}

/** A fence's info string: its language, and the meta after it. */
export function fenceInfo(info: string): { lang: string; meta: string } {
  const trimmed = info.trim()
  const lang = trimmed.split(/\s/, 1)[0] ?? ''
  return { lang, meta: trimmed.slice(lang.length).trim() }
}

/** Host file → its lines; the last file is kept, as a host calls once per block of the same file. */
let cache: { text: string; lines: string[] } = { text: '', lines: [''] }
function linesOf(text: string): string[] {
  if (cache.text !== text) cache = { text, lines: text.split(/\r\n|\r|\n/) }
  return cache.lines
}

/**
 * Work out where a block sits from the host file's own lines: each block
 * line is the end of its host line (the host stripped only what came before:
 * indentation, `> `, a list marker), so the difference in length is what was
 * stripped. Where the host rewrote a line (a tab split by a list's
 * indentation, an HTML entity) the fence's own indentation stands in.
 * @param line host line of the block's first line
 * @param options `meta`: the fence's meta, looked for on the fence line;
 *   `start`: for HTML, the column the block starts at on its first line (later lines start at column 1)
 */
export function placeBlock(text: string, line: number, value: string, options: { meta?: string | null | undefined; start?: number } = {}): BlockPlace {
  const host = linesOf(text)
  const fence = options.start === undefined ? (host[line - 2] ?? '') : ''
  const fenceIndent = Math.max(0, fence.search(/```|~~~/))
  const indents = value.split(/\r\n|\r|\n/).map((own, i) => {
    const hostLine = (host[line - 1 + i] ?? '').trimEnd()
    const body = own.trim()
    const lead = own.length - own.trimStart().length
    if (body && hostLine.endsWith(body)) return hostLine.length - body.length - lead
    if (options.start === undefined) return fenceIndent
    return i === 0 ? options.start - 1 : 0
  })
  const meta = options.meta
  const at = meta ? fence.indexOf(meta, fence.indexOf('dgm') + 3) : -1
  return { line, indents, ...(at >= 0 ? { meta: { line: line - 1, column: at + 1 } } : {}) }
}

/**
 * Text escaped as the SVG renderer escapes it (quotes and braces too, not only
 * `<` and `&`): hosts that re-read the HTML as Markdown or MDX (Sätteri) would
 * otherwise curl a label's `y'` into `y’` or read `{…}` as an expression.
 */
function escapedText(node: Nodes): Nodes {
  // hast-util-to-html writes a `raw` node as is (the node type mdast-util-to-hast declares).
  if (node.type === 'text') return { type: 'raw', value: escapeXml(node.value) } as unknown as Nodes
  if (node.type === 'element') return { ...node, children: node.children.map(escapedText) as ElementContent[] }
  return node
}

/**
 * File name from the SVG's contents: the same drawing always gets the same
 * name, so builds are deterministic and caches can keep files forever.
 * node:crypto, loaded like resvg in export/png.ts, because this module must
 * stay importable in browsers, where only `inline` and `img` make sense.
 */
function contentName(svg: string): string {
  return `${nodeModule('node:crypto').createHash('sha256').update(svg).digest('hex').slice(0, 16)}.svg`
}

interface NodeModules {
  'node:crypto': typeof import('node:crypto')
  'node:fs': typeof import('node:fs')
  'node:path': typeof import('node:path')
}

/** A Node.js built-in, loaded only when `file` output needs it. */
function nodeModule<T extends keyof NodeModules>(id: T): NodeModules[T] {
  const loaded = globalThis.process?.getBuiltinModule?.(id)
  if (!loaded) throw new Error("remark-dgm: `output: 'file'` needs Node.js ≥ 20.16; use 'inline' or 'img' elsewhere")
  return loaded as NodeModules[T]
}

/**
 * Write an emitted file into `fileDir`, where the host copies it to the site
 * as is. Its name is its content's hash, so a file already there is this one.
 */
function writeInto(fileDir: string, file: EmittedFile): void {
  const fs = nodeModule('node:fs')
  const path = nodeModule('node:path')
  const target = path.join(fileDir, path.basename(file.path))
  if (fs.existsSync(target)) return
  fs.mkdirSync(fileDir, { recursive: true })
  fs.writeFileSync(target, file.contents)
}

/**
 * The drawing as the figure carries it: the `<svg>` itself, or an `<img>`
 * (data URI or emitted file) with the description as `alt` and the SVG's size.
 */
function drawing({ tree, description }: Drawing, output: Output, fileBase: string): { element: Element; file?: EmittedFile } {
  if (output === 'inline') return { element: tree }
  const svg = serialise(tree)
  const size = { width: tree.properties.width, height: tree.properties.height }
  // Percent-encoding (not base64) keeps the URI readable and needs no Buffer/btoa.
  if (output === 'img') return { element: h('img', { src: `data:image/svg+xml,${encodeURIComponent(svg)}`, alt: description, ...size }) }
  const file = { path: `${fileBase}${contentName(svg)}`, contents: `<?xml version="1.0" encoding="UTF-8"?>\n${svg}\n` }
  return { element: h('img', { src: file.path, alt: description, ...size }), file }
}

/** Move a point from the block's own lines into the host file's. */
function toHost(p: Point, place: BlockPlace): Point {
  const indent = place.indents[p.line - 1] ?? place.indents[place.indents.length - 1] ?? 0
  return { line: place.line + p.line - 1, column: p.column + indent }
}

/**
 * Render one block to its figure. Never throws for any block unless
 * `settings.strict`: an invalid diagram becomes an error figure with its
 * messages and the author's source.
 * @throws {DgmError} in strict mode, when the diagram has errors
 */
export function renderBlock(block: Block, settings: Settings, file: HostFile): Figure {
  const meta = parseMeta(block.meta)
  const metaAt = block.place.meta ?? { line: block.place.line, column: 1 }
  const diagnostics: Diagnostic[] = meta.problems.map((p) => {
    const start = { line: metaAt.line, column: metaAt.column + p.offset }
    return { severity: 'warning', ruleId: 'fence-meta', message: p.message, span: { start, end: { line: start.line, column: start.column + 1 } } }
  })
  const wanted = meta.output ?? settings.output
  const output = wanted === 'file' && !file.files && !settings.fileDir ? 'img' : wanted
  const options: RenderOptions = { theme: settings.theme, background: settings.background, scale: settings.scale, ...meta.overrides, caption: meta.caption }
  // An image cannot take the page's text colour: its strokes draw black (currentColor outside a page), so it brings its own ground.
  if (output !== 'inline') options.background ??= 'white'
  const name = settings.figureClassName
  const { className: hostClass, ...attributes } = block.attributes ?? {}
  const className = [...(Array.isArray(hostClass) ? hostClass : hostClass ? [hostClass] : []), name].map(String)
  const place = (d: Diagnostic): Diagnostic => ({ ...d, span: { start: toHost(d.span.start, block.place), end: toHost(d.span.end, block.place) } })
  let element: Element
  let failed = false
  try {
    const result = draw(block.value, options)
    diagnostics.push(...result.diagnostics.map(place))
    // The one place the figure gets its drawing.
    const drawn = drawing(result, output, settings.fileBase)
    if (drawn.file && settings.fileDir) writeInto(settings.fileDir, drawn.file)
    // The same drawing twice in a file is one file.
    if (drawn.file && file.files && !file.files.some((f) => f.path === drawn.file!.path)) file.files.push(drawn.file)
    const caption = result.diagram.caption ?? meta.caption
    element = h('figure', { className, ...attributes }, caption ? [drawn.element, h('figcaption', caption)] : [drawn.element])
  } catch (error) {
    if (!(error instanceof DgmError)) throw error
    failed = true
    const placed = error.diagnostics.map(place)
    diagnostics.push(...placed)
    if (settings.strict) throw new DgmError(placed, file.value, file.path)
    const messages: ElementContent[] = placed
      .filter((d) => d.severity === 'error')
      .map((d) => h('li', `Line ${d.span.start.line}, column ${d.span.start.column}: ${d.message} (${d.ruleId})`))
    // Recognisable as an error without any site CSS: a strong heading and a list, then the source kept as written, highlighted.
    element = h('figure', { className: [...className, `${name}-error`], role: 'alert', ...attributes }, [
      h('figcaption', [h('strong', 'Diagram error'), h('ul', messages)]),
      h('pre', h('code', highlightedSource(block.value, name)))
    ])
  }
  return {
    element,
    get html() {
      // `raw` holds only text escaped just above.
      return toHtml(escapedText(element), { allowDangerousHtml: true, tightSelfClosing: true, closeEmptyElements: true, characterReferences: { useNamedReferences: true } })
    },
    diagnostics: diagnostics.sort((a, b) => a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column),
    failed
  }
}
