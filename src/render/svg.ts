/**
 * Scene → SVG 1.1, built once as a hast tree (`toSvgTree`) and serialised
 * from it (`toSvg`). Plain shapes, paths and text only: no foreignObject,
 * script, style element, marker or id (so fifty figures can share a page),
 * every stroke and text in currentColor. Reads nothing but the Scene.
 */
import type { Element, ElementContent, Properties } from 'hast'
import type { Point, Scene, SceneFrame, SceneMark, SceneNode, ScenePrimitive, SceneSchedule, SceneWire } from '../layout/scene.js'
import type { TextRun } from '../text/label.js'
import { runsWidth, SCRIPT_SCALE, textWidth } from '../text/metrics.js'

/** How parts are coloured: `plain` is the article's black and white with stars; `color` tints them too. */
export type Theme = 'plain' | 'color'

export interface SvgOptions {
  /** Accessible name, from the caption. */
  title?: string
  /** Accessible description naming the three elements. */
  description?: string
  /** @default 'plain' */
  theme?: Theme
  /** A CSS colour painted behind the figure; none by default (transparent). */
  background?: string
  /** Multiplies the width and height attributes (the drawing keeps its viewBox). @default 1 */
  scale?: number
}

const FONT_FAMILY = 'Helvetica, Arial, "Liberation Sans", sans-serif'
/** Tints of the `color` theme: trainable warm, frozen grey, analytic cool (fill-opacity keeps dark themes readable). */
const TINT = { trainable: '#f59e0b', frozen: '#94a3b8', op: '#0ea5e9' }

/**
 * A coordinate to one decimal, as `String(Math.round(v * 10) / 10)` writes it.
 * Built from its whole tenths: turning a fraction into text is V8's slow path,
 * and a figure writes a few hundred coordinates (5× faster, measured).
 */
const n = (v: number): string => {
  const tenths = Math.round(v * 10)
  if (tenths % 10 === 0 || !Number.isFinite(tenths)) return String(tenths / 10)
  const abs = tenths < 0 ? -tenths : tenths
  return (tenths < 0 ? '-' : '') + (abs - (abs % 10)) / 10 + '.' + (abs % 10)
}

/** A segment's length: exactly Math.hypot, without its cost on the straight segments wires are made of. */
const span = (dx: number, dy: number) => (dx === 0 ? Math.abs(dy) : dy === 0 ? Math.abs(dx) : Math.hypot(dx, dy))

/**
 * A hast element with its properties as hast names them (`strokeWidth` for
 * `stroke-width`; see property-information): the tree `hastscript` would
 * build from the attribute names, built directly, since its name lookup and
 * value parsing per attribute cost more than drawing the figure.
 */
function el(tagName: string, properties: Properties, children: ElementContent[] = []): Element {
  return { type: 'element', tagName, properties, children }
}

/** One character that needs escaping: tested before `replace`, which builds a new string. */
const ESCAPED = /[&<>"'{}]/
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '{': '&#123;', '}': '&#125;' }

/**
 * Escape text for element content and attribute values. Braces too: the
 * figure lands in templates (Vue in VitePress, Nunjucks in Hexo) that would
 * read `{{ … }}` in a label as code.
 */
export function escapeXml(text: string): string {
  // Most values (numbers, path data) have nothing to escape: test before building a new string.
  return ESCAPED.test(text) ? text.replace(/[&<>"'{}]/g, (c) => ENTITIES[c]!) : text
}

/** A label as `<text>` with tspans for sub- and superscripts. */
function text(runs: readonly TextRun[], at: Point, size: number, anchor: 'middle' | 'start' | 'end' = 'middle'): Element {
  let offset = 0
  const spans: ElementContent[] = []
  for (const run of runs) {
    const runSize = run.shift ? size * SCRIPT_SCALE : size
    // A run is mostly one piece: the run itself, without an accent to place.
    const pieces: readonly Piece[] = run.text.length > 1 && ACCENT.test(run.text) ? accented(run, runSize) : [run]
    for (const piece of pieces) {
      const target = (run.shift === 'sub' ? size * 0.3 : run.shift === 'sup' ? -size * 0.4 : 0) - (piece.lift ?? 0)
      const value: ElementContent = { type: 'text', value: piece.text }
      if (target === offset && !run.shift && !run.bold && piece.dx === undefined && piece.scale === undefined) {
        spans.push(value)
        continue
      }
      const properties: Properties = {}
      if (piece.dx !== undefined) properties.dx = n(piece.dx)
      if (target !== offset) properties.dy = n(target - offset)
      offset = target
      if (run.shift || piece.scale) properties.fontSize = n(runSize * (piece.scale ?? 1))
      if (run.bold) properties.fontWeight = 'bold'
      spans.push(el('tspan', properties, [value]))
    }
  }
  return el('text', anchor === 'start' ? { x: n(at[0]), y: n(at[1]), fontSize: n(size) } : { x: n(at[0]), y: n(at[1]), fontSize: n(size), textAnchor: anchor }, spans)
}

/** A piece of a run: its text, moved by `dx`, raised by `lift` px, at `scale` of the run's size. */
interface Piece {
  text: string
  dx?: number
  lift?: number
  scale?: number
}

/**
 * A letter with an accent that Unicode has no precomposed letter for (the
 * label parser writes combining marks: ε̂, x̄): few fonts position a combining
 * mark over a Greek letter, and the common sans fonts draw ε̂'s hat beside
 * it. So the mark is drawn as its spacing glyph, centred over the letter by
 * the font metrics and raised over a tall one, and the text after it steps
 * back to where the letter ended. The text keeps its width.
 */
const ACCENT = /[\u0302-\u0308\u20d7]/
/** Each mark's spacing glyph, drawn at `scale` of the text's size and raised by `lift` ems, by `tall` ems more over a tall letter (the macron already clears capitals). */
const SPACING: Record<string, { glyph: string; scale?: number; lift: number; tall: number }> = {
  '\u0302': { glyph: '\u02c6', lift: 0, tall: 0.22 },
  '\u0303': { glyph: '\u02dc', lift: 0, tall: 0.22 },
  '\u0304': { glyph: '\u00af', lift: 0, tall: 0.05 },
  '\u0305': { glyph: '\u00af', lift: 0, tall: 0.05 },
  '\u0307': { glyph: '\u02d9', lift: 0, tall: 0.22 },
  '\u0308': { glyph: '\u00a8', lift: 0, tall: 0.22 },
  '\u20d7': { glyph: '\u2192', scale: 0.6, lift: 0.6, tall: 0.22 }
}
/** Letters that reach above the x-height, whose accent rises with them. */
const TALL = /[A-Z0-9bdfhklt\u0391-\u03a9\u03b2\u03b4\u03b6\u03b8\u03bb\u03be\u03d5]/

function accented(run: TextRun, size: number): Piece[] {
  const pieces: Piece[] = []
  let plain = ''
  // Where the text after an accent starts, relative to the accent's end: back where its letter ended.
  let back: number | undefined
  const flush = () => {
    if (plain || back !== undefined) pieces.push({ text: plain, ...(back !== undefined ? { dx: back } : {}) })
    plain = ''
    back = undefined
  }
  const chars = [...run.text]
  for (let i = 0; i < chars.length; i++) {
    const mark = SPACING[chars[i + 1] ?? '']
    if (!mark || ACCENT.test(chars[i]!)) {
      plain += chars[i]
      continue
    }
    const base = chars[i]!
    plain += base
    flush()
    const baseWidth = textWidth(base, size, run.bold)
    const markWidth = textWidth(mark.glyph, size * (mark.scale ?? 1), run.bold)
    const lift = size * (mark.lift + (TALL.test(base) ? mark.tall : 0))
    pieces.push({ text: mark.glyph, dx: -(baseWidth + markWidth) / 2, lift, ...(mark.scale ? { scale: mark.scale } : {}) })
    back = (baseWidth - markWidth) / 2
    i++
  }
  // A step back needs a character to move: after a last accent, a zero-width space keeps the text's width.
  if (back !== undefined && !plain) plain = '\u200b'
  flush()
  return pieces
}

/** Where an anchor stands along a text's width. */
const ANCHOR_AT = { start: 0, middle: 0.5, end: 1 }

/**
 * A label, its trailing tie mark (`≡`) drawn as three strokes (layout/shapes
 * `TIE`, in the Scene's glyphs) in the room measured for it; the rest of the text stays where it
 * was. Labels without the mark are plain `text`. Pushed onto `out`.
 */
function label(out: Element[], runs: readonly TextRun[], at: Point, size: number, tie: Scene['glyphs']['tie'], anchor: 'middle' | 'start' | 'end' = 'middle'): void {
  const last = runs[runs.length - 1]
  if (!last || last.shift || !last.text.endsWith(tie.mark)) {
    out.push(text(runs, at, size, anchor))
    return
  }
  // Trailing spaces would collapse in SVG text: the space before the mark goes with it.
  const kept = last.text.slice(0, -tie.mark.length).trimEnd()
  const rest = runs.slice(0, -1)
  if (kept) rest.push({ ...last, text: kept })
  const full = runsWidth(runs, size)
  const left = at[0] - full * ANCHOR_AT[anchor]
  const restWidth = full - textWidth(last.text.slice(kept.length), size, Boolean(last.bold))
  const mark = textWidth(tie.mark, size)
  const x0 = left + full - mark / 2 - (tie.length * size) / 2
  let strokes = ''
  for (let k = -1; k <= 1; k++) strokes += `M${n(x0)} ${n(at[1] - (tie.axis + k * tie.spacing) * size)}h${n(tie.length * size)}`
  if (rest.length) out.push(text(rest, [left + restWidth * ANCHOR_AT[anchor], at[1]], size, anchor))
  out.push(el('path', { d: strokes, fill: 'none', stroke: 'currentColor', strokeWidth: n(Math.max(1, size / 14)), strokeLineCap: 'round' }))
}

/** The `color` theme's tint of a node's outline, or undefined. */
function tint(node: SceneNode, theme: Theme): string | undefined {
  if (theme !== 'color') return undefined
  return node.kind === 'op' ? TINT.op : node.kind === 'module' ? (node.star ? TINT.trainable : TINT.frozen) : undefined
}

/** The star's three arms as unit vectors (90°, 30°, 150°). */
const ARMS = [90, 30, 150].map((deg) => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)] as const)

function star([x, y]: Point, size: number): Element {
  const r = size / 2
  let d = ''
  for (const [cos, sin] of ARMS) {
    const dx = r * cos
    const dy = r * sin
    d += `M${n(x - dx)} ${n(y - dy)}L${n(x + dx)} ${n(y + dy)}`
  }
  return el('path', { d, strokeWidth: '2.6', strokeLineCap: 'round' })
}

function triangle(direction: 'min' | 'max', [x, y]: Point, size: number): Element {
  const h = size / 2
  const d = direction === 'min'
    ? `M${n(x - h)} ${n(y - h * 0.85)}H${n(x + h)}L${n(x)} ${n(y + h * 0.9)}Z`
    : `M${n(x - h)} ${n(y + h * 0.85)}H${n(x + h)}L${n(x)} ${n(y - h * 0.9)}Z`
  return el('path', { d, strokeWidth: '1.8', strokeLineJoin: 'round' })
}

/** One primitive of an outline; `colour` tints it (the `color` theme), a filled rect takes its own fill. */
function primitive(p: ScenePrimitive, colour: string | undefined): Element {
  if (p.shape === 'polyline') {
    let points = `${n(p.points[0]![0])},${n(p.points[0]![1])}`
    for (let i = 1; i < p.points.length; i++) points += ` ${n(p.points[i]![0])},${n(p.points[i]![1])}`
    return el('polyline', { points })
  }
  const { x, y, width, height } = p.box
  let properties: Properties
  switch (p.shape) {
    case 'rect':
      properties = { x: n(x), y: n(y), width: n(width), height: n(height) }
      if (p.rx) properties.rx = n(p.rx)
      if (p.filled) {
        properties.fill = 'currentColor'
        properties.fillOpacity = 0.3
        return el('rect', properties)
      }
      break
    case 'circle':
      properties = { cx: n(x + width / 2), cy: n(y + height / 2), r: n(width / 2) }
      break
    case 'ellipse':
      properties = { cx: n(x + width / 2), cy: n(y + height / 2), rx: n(width / 2), ry: n(height / 2) }
      break
  }
  if (colour) {
    properties.fill = colour
    properties.fillOpacity = 0.18
  }
  return el(p.shape, properties)
}

/** A polyline with rounded corners, shortened at the end to make room for an arrowhead. */
function wirePath(points: Point[], arrow: boolean, update?: true): Element {
  // A state update carries no gradient: dashed, the way the article draws no other wire.
  return el('path', update ? { d: wireData(points, arrow), strokeDashArray: ['5', '3'] } : { d: wireData(points, arrow) })
}

/** The path data of `wirePath`. */
function wireData(points: Point[], arrow: boolean): string {
  const end = points.length - 1
  let lx = points[end]![0]
  let ly = points[end]![1]
  if (arrow) {
    const b = points[end - 1]!
    const len = span(lx - b[0], ly - b[1])
    const cut = Math.min(6, len / 2)
    if (len > 0) {
      lx -= ((lx - b[0]) / len) * cut
      ly -= ((ly - b[1]) / len) * cut
    }
  }
  let d = `M${n(points[0]![0])} ${n(points[0]![1])}`
  for (let i = 1; i < end; i++) {
    const p = points[i - 1]!
    const c = points[i]!
    const [cx, cy] = c
    const nx = i + 1 === end ? lx : points[i + 1]![0]
    const ny = i + 1 === end ? ly : points[i + 1]![1]
    const r = Math.min(6, span(cx - p[0], cy - p[1]) / 2, span(nx - cx, ny - cy) / 2)
    const ax = cx - Math.sign(cx - p[0]) * r
    const ay = cy - Math.sign(cy - p[1]) * r
    const bx = cx + Math.sign(nx - cx) * r
    const by = cy + Math.sign(ny - cy) * r
    d += `L${n(ax)} ${n(ay)}Q${n(cx)} ${n(cy)} ${n(bx)} ${n(by)}`
  }
  return `${d}L${n(lx)} ${n(ly)}`
}

function arrowhead(points: Point[]): string {
  const [tx, ty] = points[points.length - 1]!
  const [bx, by] = points[points.length - 2]!
  const len = span(tx - bx, ty - by) || 1
  const ux = (tx - bx) / len
  const uy = (ty - by) / len
  const back = 8
  const half = 3.5
  return `M${n(tx)} ${n(ty)}L${n(tx - ux * back - uy * half)} ${n(ty - uy * back + ux * half)}L${n(tx - ux * back + uy * half)} ${n(ty - uy * back - ux * half)}Z`
}

function mark(m: SceneMark): Element {
  const [x, y] = m.at
  if (m.kind === 'tilde') {
    // A vertical tilde (≀): two arcs, as the article draws its sampling mark.
    return el('path', { d: `M${n(x)} ${n(y)}c4.5 3 4.5 6 0 8.5s-4.5 5.5 0 8.5`, strokeWidth: '1.8' })
  }
  // The point of a brace where one sample splits into its variables.
  return el('path', { d: `M${n(x - 9)} ${n(y)}Q${n(x - 1.5)} ${n(y)} ${n(x)} ${n(y - 6)}Q${n(x + 1.5)} ${n(y)} ${n(x + 9)} ${n(y)}`, strokeWidth: '1.2' })
}

/** A random op's mark: a small horizontal `~`, the sampling sign, beside the op. */
function randomMark([x, y]: Point): Element {
  return el('path', { d: `M${n(x - 6)} ${n(y + 1)}c2-3.5 4-3.5 6 0s4 3.5 6 0`, strokeWidth: '1.5' })
}

/** Segments shorter than this take no stop-gradient cut: the bars would touch a bend. */
const STOP_SEGMENT = 24
/** Length of a wire's end that its arrowhead takes (6 px cut, 8 px head). */
const ARROW_ROOM = 14

/**
 * A stop-gradient's cut: two short bars (`‖`) across the middle of the last
 * segment long enough to hold them. The end of a wire is its own, while its
 * start may run on a track it shares with the other wires of a fork.
 */
function stopMark(points: Point[], half: number): Element {
  let best = 0
  let length = -1
  for (let i = points.length - 1; i >= 1; i--) {
    const l = span(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1])
    if (l > length) [best, length] = [i, l]
    if (l >= STOP_SEGMENT) break
  }
  const [ax, ay] = points[best - 1]!
  const [bx, by] = points[best]!
  const ux = (bx - ax) / (length || 1)
  const uy = (by - ay) / (length || 1)
  // On the last segment the cut keeps clear of the arrowhead.
  const clear = best === points.length - 1 ? Math.min(ARROW_ROOM, length / 2) : 0
  const mx = (ax + bx - ux * clear) / 2
  const my = (ay + by - uy * clear) / 2
  let d = ''
  for (const o of [-2, 2]) d += `M${n(mx + ux * o - uy * half)} ${n(my + uy * o + ux * half)}L${n(mx + ux * o + uy * half)} ${n(my + uy * o - ux * half)}`
  return el('path', { d, strokeWidth: '1.6' })
}

/**
 * A derivative's link to the module it differentiates: dotted and thin, so
 * that it reads as "of this module", not as a value the module outputs.
 */
function derivativeLink(wire: SceneWire): Element {
  return el('path', { d: wireData(wire.points, wire.arrow), strokeDashArray: ['1.5', '2.5'], strokeWidth: '1' })
}

/** A group's frame: a thin rectangle with rounded corners. */
function frame(f: Pick<SceneFrame, 'box'>): Element {
  const { x, y, width, height } = f.box
  return el('rect', { x: n(x), y: n(y), width: n(width), height: n(height), rx: '4', strokeWidth: '0.8' })
}

/** A schedule's arrows and frames, drawn like wires and group frames, onto `strokes`; arrowheads apart, onto `heads`, to fill. */
function schedule(plan: SceneSchedule, strokes: Element[], heads: string[]): void {
  for (const f of plan.frames) strokes.push(frame(f))
  for (const a of plan.arrows) strokes.push(wirePath(a.points, true))
  for (const a of plan.arrows) heads.push(arrowhead(a.points))
}

/** A schedule's texts, onto `labels`: periods on arrows, counts beside panel labels and in frame corners. */
function scheduleLabels(plan: SceneSchedule, labels: Element[]): void {
  for (const a of plan.arrows) if (a.label) labels.push(text(a.label.text, a.label.at, plan.fontSize))
  for (const note of plan.notes) labels.push(text(note.text, note.at, plan.fontSize, 'start'))
  for (const f of plan.frames) labels.push(text(f.label, f.labelAt, plan.fontSize, 'start'))
}

/**
 * Build the SVG of a scene as a hast element: what the unified adapters
 * insert, and what `toSvg` serialises. Same scene and options, same tree.
 */
export function toSvgTree(scene: Scene, options: SvgOptions = {}): Element {
  const theme = options.theme ?? 'plain'
  const scale = options.scale ?? 1
  const { star: starSize, triangle: triangleSize, panelLabelSize, tie } = scene.glyphs
  const children: Element[] = []
  if (options.title) children.push(el('title', {}, [{ type: 'text', value: options.title }]))
  if (options.description) children.push(el('desc', {}, [{ type: 'text', value: options.description }]))
  if (options.background) children.push(el('rect', { width: '100%', height: '100%', fill: options.background }))
  // Strokes in drawing order: frames, outlines, wires, derivative links, stop-gradient cuts, marks, glyphs, the schedule.
  const strokes: Element[] = []
  for (const f of scene.frames) strokes.push(frame(f))
  for (const node of scene.nodes) {
    const colour = tint(node, theme)
    for (const p of node.outline) strokes.push(primitive(p, colour))
  }
  const heads: string[] = []
  for (const w of scene.wires) {
    if (!drawn(w)) continue
    if (!w.derivative) strokes.push(wirePath(w.points, w.arrow, w.update))
    if (w.arrow) heads.push(arrowhead(w.points))
  }
  for (const w of scene.wires) if (w.derivative) strokes.push(derivativeLink(w))
  for (const w of scene.wires) if (w.stopGradient && drawn(w)) strokes.push(stopMark(w.points, scene.glyphs.stopHalf))
  for (const m of scene.marks) strokes.push(mark(m))
  for (const node of scene.nodes) {
    if (node.star) strokes.push(star(node.star, starSize))
    if (node.random) strokes.push(randomMark(node.random))
    if (node.objective) strokes.push(triangle(node.objective.direction, node.objective.at, triangleSize))
  }
  if (scene.schedule) schedule(scene.schedule, strokes, heads)
  const labels: Element[] = []
  for (const node of scene.nodes) {
    label(labels, node.text, node.labelAt, node.fontSize, tie)
    if (node.note) labels.push(text(node.note.text, node.note.at, node.fontSize + 2, 'start'))
    if (node.objective?.weight) labels.push(text(node.objective.weight.text, node.objective.weight.at, node.fontSize, 'end'))
    if (node.objective?.subset) labels.push(text(node.objective.subset.text, node.objective.subset.at, node.objective.subset.fontSize))
  }
  for (const f of scene.frames) if (f.label.length) label(labels, f.label, f.labelAt, f.fontSize, tie, 'start')
  for (const panelLabel of scene.panelLabels) labels.push(text([{ text: panelLabel.text }], panelLabel.at, panelLabelSize))
  if (scene.schedule) scheduleLabels(scene.schedule, labels)
  children.push(el('g', { fill: 'none', stroke: 'currentColor', strokeWidth: '1.2' }, strokes))
  if (heads.length) children.push(el('path', { d: heads.join(''), fill: 'currentColor' }))
  children.push(el('g', { fill: 'currentColor' }, labels))
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      version: '1.1',
      viewBox: `0 0 ${n(scene.width)} ${n(scene.height)}`,
      width: n(scene.width * scale),
      height: n(scene.height * scale),
      role: 'img',
      fontFamily: FONT_FAMILY
    },
    children
  )
}

/** Every wire the Scene lists is drawn, but a lone sample that its tilde already shows. */
function drawn(wire: SceneWire): boolean {
  return !wire.underTilde
}

/** Serialise a scene to an SVG string, from the same tree. Same scene and options, same bytes. */
export function toSvg(scene: Scene, options: SvgOptions = {}): string {
  return serialise(toSvgTree(scene, options))
}

/**
 * The tree as SVG text: every attribute quoted, every text and value escaped
 * (braces too, see `escapeXml`), empty elements self-closed. Written here
 * rather than with hast-util-to-html, which builds a regular expression per
 * attribute value and cannot escape braces; the tree has only elements and
 * text, so this is all of it.
 */
export function serialise(node: Element): string {
  let out = '<' + node.tagName + attributes(node.properties)
  const children = node.children
  if (!children.length) return out + '/>'
  out += '>'
  for (let i = 0; i < children.length; i++) {
    const child = children[i]!
    if (child.type === 'element') out += serialise(child)
    else if (child.type === 'text') out += escapeXml(child.value)
  }
  return out + '</' + node.tagName + '>'
}

/**
 * The SVG attribute of every hast property this module writes (as
 * property-information names them; a test holds the two alike). A table
 * rather than that package, whose whole schema costs every process that
 * renders several MB to load. A drawing function that writes a new property
 * adds it here.
 */
const ATTRIBUTES: Record<string, string> = {
  xmlns: 'xmlns', version: 'version', viewBox: 'viewBox', width: 'width', height: 'height', role: 'role',
  fill: 'fill', fillOpacity: 'fill-opacity', stroke: 'stroke', strokeWidth: 'stroke-width',
  strokeDashArray: 'stroke-dasharray', strokeLineCap: 'stroke-linecap', strokeLineJoin: 'stroke-linejoin',
  d: 'd', points: 'points', x: 'x', y: 'y', dx: 'dx', dy: 'dy', cx: 'cx', cy: 'cy', r: 'r', rx: 'rx', ry: 'ry',
  fontFamily: 'font-family', fontSize: 'font-size', fontWeight: 'font-weight', textAnchor: 'text-anchor'
}

/** The SVG attribute a property is written as; throws for a property missing from the table. */
export function attributeName(property: string): string {
  const name = ATTRIBUTES[property]
  if (name === undefined) throw new Error(`No SVG attribute for the property \`${property}\`: add it to ATTRIBUTES in render/svg.ts`)
  return name
}

function attributes(properties: Properties): string {
  let out = ''
  for (const name in properties) {
    const value = properties[name]
    if (value === undefined || value === null || value === false) continue
    out += ' ' + attributeName(name) + '="' + (typeof value === 'string' ? escapeXml(value) : typeof value === 'number' ? value : escapeXml(Array.isArray(value) ? value.join(' ') : String(value))) + '"'
  }
  return out
}
