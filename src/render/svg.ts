/**
 * Scene → SVG 1.1 text. Plain shapes, paths and text only: no
 * foreignObject, script, style element, marker or id (so fifty figures can
 * share a page), every stroke and text in currentColor.
 */
import type { TextRun } from '../text/label.js'
import { SCRIPT_SCALE } from '../text/metrics.js'
import { STRIP, STAR, TRIANGLE } from '../layout/measure.js'
import type { Point, Scene, SceneMark, SceneNode, SceneWire } from '../layout/scene.js'

/** How parts are coloured: `plain` is the article's black and white with stars; `color` tints them too. */
export type Theme = 'plain' | 'color'

export interface SvgOptions {
  /** Accessible name, from the caption. */
  title?: string
  /** Accessible description naming the three elements. */
  description?: string
  theme?: Theme
  /** A CSS colour painted behind the figure; none by default (transparent). */
  background?: string
  /** Multiplies the width and height attributes (the drawing keeps its viewBox). */
  scale?: number
}

const FONT_FAMILY = 'Helvetica, Arial, &quot;Liberation Sans&quot;, sans-serif'
/** Tints of the `color` theme: trainable warm, frozen grey, analytic cool (fill-opacity keeps dark themes readable). */
const TINT = { trainable: '#f59e0b', frozen: '#94a3b8', op: '#0ea5e9' }

const n = (v: number) => String(Math.round(v * 10) / 10)

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '{': '&#123;', '}': '&#125;' }

/**
 * Escape text for element content and attribute values. Braces too: the
 * figure lands in templates (Vue in VitePress, Nunjucks in Hexo) that would
 * read `{{ … }}` in a label as code.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'{}]/g, (c) => ENTITIES[c]!)
}

/** A label as `<text>` with tspans for sub- and superscripts. */
function text(runs: readonly TextRun[], at: Point, size: number, anchor: 'middle' | 'start' = 'middle'): string {
  let offset = 0
  const spans = runs.map((run) => {
    const target = run.shift === 'sub' ? size * 0.3 : run.shift === 'sup' ? -size * 0.4 : 0
    const attrs: string[] = []
    if (target !== offset) attrs.push(`dy="${n(target - offset)}"`)
    offset = target
    if (run.shift) attrs.push(`font-size="${n(size * SCRIPT_SCALE)}"`)
    if (run.bold) attrs.push('font-weight="bold"')
    const body = escapeXml(run.text)
    return attrs.length ? `<tspan ${attrs.join(' ')}>${body}</tspan>` : body
  })
  const anchorAttr = anchor === 'middle' ? ' text-anchor="middle"' : ''
  return `<text x="${n(at[0])}" y="${n(at[1])}" font-size="${n(size)}"${anchorAttr}>${spans.join('')}</text>`
}

function tint(node: SceneNode, theme: Theme): string {
  if (theme !== 'color') return ''
  const colour = node.kind === 'op' ? TINT.op : node.kind === 'module' ? (node.star ? TINT.trainable : TINT.frozen) : ''
  return colour ? ` fill="${colour}" fill-opacity="0.18"` : ''
}

function star([x, y]: Point): string {
  const r = STAR / 2
  const arms = [90, 30, 150].map((deg) => {
    const dx = r * Math.cos((deg * Math.PI) / 180)
    const dy = r * Math.sin((deg * Math.PI) / 180)
    return `M${n(x - dx)} ${n(y - dy)}L${n(x + dx)} ${n(y + dy)}`
  })
  return `<path d="${arms.join('')}" stroke-width="2.6" stroke-linecap="round"/>`
}

function triangle(direction: 'min' | 'max', [x, y]: Point): string {
  const h = TRIANGLE / 2
  const d = direction === 'min'
    ? `M${n(x - h)} ${n(y - h * 0.85)}H${n(x + h)}L${n(x)} ${n(y + h * 0.9)}Z`
    : `M${n(x - h)} ${n(y + h * 0.85)}H${n(x + h)}L${n(x)} ${n(y - h * 0.9)}Z`
  return `<path d="${d}" stroke-width="1.8" stroke-linejoin="round"/>`
}

function shape(node: SceneNode, theme: Theme): string {
  const { x, y, width, height } = node.box
  const fill = tint(node, theme)
  switch (node.shape) {
    case 'rect':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}"${fill}/>`
    case 'round-rect':
      return `<rect x="${n(x)}" y="${n(y)}" width="${n(width)}" height="${n(height)}" rx="8"${fill}/>`
    case 'circle':
      return `<circle cx="${n(x + width / 2)}" cy="${n(y + height / 2)}" r="${n(width / 2)}"${fill}/>`
    case 'ellipse':
      return `<ellipse cx="${n(x + width / 2)}" cy="${n(y + height / 2)}" rx="${n(width / 2)}" ry="${n(height / 2)}"${fill}/>`
    case 'strip': {
      const left = x + width / 2 - (STRIP.cell * STRIP.cells) / 2
      const blank = node.sequence?.drop === 'first' ? 0 : node.sequence?.drop === 'last' ? STRIP.cells - 1 : -1
      const cells = Array.from({ length: STRIP.cells }, (_, i) => {
        const filled = i === blank ? '' : ' fill="currentColor" fill-opacity="0.3"'
        return `<rect x="${n(left + i * STRIP.cell)}" y="${n(y)}" width="${STRIP.cell}" height="${STRIP.height}"${filled}/>`
      })
      return cells.join('')
    }
    case 'text':
      return ''
  }
}

/** A polyline with rounded corners, shortened at the end to make room for an arrowhead. */
function wirePath(points: Point[], arrow: boolean): string {
  const pts = points.map((p) => [...p] as Point)
  const last = pts[pts.length - 1]!
  const before = pts[pts.length - 2]!
  if (arrow) {
    const len = Math.hypot(last[0] - before[0], last[1] - before[1])
    const cut = Math.min(6, len / 2)
    if (len > 0) {
      last[0] -= ((last[0] - before[0]) / len) * cut
      last[1] -= ((last[1] - before[1]) / len) * cut
    }
  }
  let d = `M${n(pts[0]![0])} ${n(pts[0]![1])}`
  for (let i = 1; i < pts.length - 1; i++) {
    const [px, py] = pts[i - 1]!
    const [cx, cy] = pts[i]!
    const [nx, ny] = pts[i + 1]!
    const r = Math.min(6, Math.hypot(cx - px, cy - py) / 2, Math.hypot(nx - cx, ny - cy) / 2)
    const ax = cx - Math.sign(cx - px) * r
    const ay = cy - Math.sign(cy - py) * r
    const bx = cx + Math.sign(nx - cx) * r
    const by = cy + Math.sign(ny - cy) * r
    d += `L${n(ax)} ${n(ay)}Q${n(cx)} ${n(cy)} ${n(bx)} ${n(by)}`
  }
  d += `L${n(last[0])} ${n(last[1])}`
  return `<path d="${d}"/>`
}

function arrowhead(points: Point[]): string {
  const [tx, ty] = points[points.length - 1]!
  const [bx, by] = points[points.length - 2]!
  const len = Math.hypot(tx - bx, ty - by) || 1
  const ux = (tx - bx) / len
  const uy = (ty - by) / len
  const back = 8
  const half = 3.5
  const p1 = [tx - ux * back - uy * half, ty - uy * back + ux * half]
  const p2 = [tx - ux * back + uy * half, ty - uy * back - ux * half]
  return `M${n(tx)} ${n(ty)}L${n(p1[0]!)} ${n(p1[1]!)}L${n(p2[0]!)} ${n(p2[1]!)}Z`
}

function mark(m: SceneMark): string {
  const [x, y] = m.at
  if (m.kind === 'tilde') {
    // A vertical tilde (≀): two arcs, as the article draws its sampling mark.
    return `<path d="M${n(x)} ${n(y)}c4.5 3 4.5 6 0 8.5s-4.5 5.5 0 8.5" stroke-width="1.8"/>`
  }
  // The point of a brace where one sample splits into its variables.
  return `<path d="M${n(x - 9)} ${n(y)}Q${n(x - 1.5)} ${n(y)} ${n(x)} ${n(y - 6)}Q${n(x + 1.5)} ${n(y)} ${n(x + 9)} ${n(y)}" stroke-width="1.2"/>`
}

/** Serialise a scene to an SVG string. Same scene and options, same bytes. */
export function toSvg(scene: Scene, options: SvgOptions = {}): string {
  const theme = options.theme ?? 'plain'
  const scale = options.scale ?? 1
  const out: string[] = []
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 ${n(scene.width)} ${n(scene.height)}" width="${n(scene.width * scale)}" height="${n(scene.height * scale)}" role="img" font-family="${FONT_FAMILY}">`
  )
  if (options.title) out.push(`<title>${escapeXml(options.title)}</title>`)
  if (options.description) out.push(`<desc>${escapeXml(options.description)}</desc>`)
  if (options.background) out.push(`<rect width="100%" height="100%" fill="${escapeXml(options.background)}"/>`)
  out.push('<g fill="none" stroke="currentColor" stroke-width="1.2">')
  for (const node of scene.nodes) out.push(shape(node, theme))
  for (const wire of scene.wires) if (isDrawn(wire)) out.push(wirePath(wire.points, wire.arrow))
  for (const m of scene.marks) out.push(mark(m))
  for (const node of scene.nodes) {
    if (node.star) out.push(star(node.star))
    if (node.objective) out.push(triangle(node.objective.direction, node.objective.at))
  }
  out.push('</g>')
  const heads = scene.wires.filter((w) => w.arrow && isDrawn(w)).map((w) => arrowhead(w.points))
  if (heads.length) out.push(`<path d="${heads.join('')}" fill="currentColor"/>`)
  out.push('<g fill="currentColor">')
  for (const node of scene.nodes) {
    out.push(text(node.text, node.labelAt, node.fontSize))
    if (node.note) out.push(text(node.note.text, node.note.at, node.fontSize + 2, 'start'))
  }
  for (const label of scene.panelLabels) out.push(text([{ text: label.text }], label.at, 15))
  out.push('</g></svg>')
  return out.join('')
}

/** A sample wire straight under its tilde is drawn by the tilde alone. */
function isDrawn(wire: SceneWire): boolean {
  if (wire.kind !== 'sample' || wire.points.length > 2) return true
  const [a, b] = [wire.points[0]!, wire.points[wire.points.length - 1]!]
  return Math.abs(b[1] - a[1]) > 8
}
