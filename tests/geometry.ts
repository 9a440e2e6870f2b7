/**
 * Geometry of a Scene, for tests: what each node occupies, where wires run,
 * and the checks a good drawing passes.
 */
import { runsWidth } from '../src/text/metrics.js'
import { STAR, TRIANGLE } from '../src/layout/measure.js'
import type { Box, Point, Scene, SceneNode, SceneWire } from '../src/layout/scene.js'

export function overlaps(a: Box, b: Box, tolerance = 0): boolean {
  return a.x + tolerance < b.x + b.width && b.x + tolerance < a.x + a.width && a.y + tolerance < b.y + b.height && b.y + tolerance < a.y + a.height
}

/** Everything a node draws: its shape, its label, star, triangle and note. */
export function occupied(node: SceneNode): Box[] {
  const boxes: Box[] = [node.box]
  const labelWidth = runsWidth(node.text, node.fontSize)
  boxes.push({ x: node.labelAt[0] - labelWidth / 2, y: node.labelAt[1] - node.fontSize * 0.8, width: labelWidth, height: node.fontSize })
  if (node.star) boxes.push({ x: node.star[0] - STAR / 2, y: node.star[1] - STAR / 2, width: STAR, height: STAR })
  if (node.objective) boxes.push({ x: node.objective.at[0] - TRIANGLE / 2, y: node.objective.at[1] - TRIANGLE / 2, width: TRIANGLE, height: TRIANGLE })
  if (node.note) {
    const w = runsWidth(node.note.text, node.fontSize + 2)
    boxes.push({ x: node.note.at[0], y: node.note.at[1] - node.fontSize, width: w, height: node.fontSize + 2 })
  }
  return boxes
}

/** Strictly inside the node's drawn shape (ellipses as ellipses), shrunk by `inset`. */
export function insideShape(node: SceneNode, [x, y]: Point, inset = 1): boolean {
  const { box } = node
  const cx = box.x + box.width / 2
  const cy = box.y + box.height / 2
  if (node.shape === 'circle' || node.shape === 'ellipse') {
    const rx = box.width / 2 - inset
    const ry = box.height / 2 - inset
    return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1
  }
  return x > box.x + inset && x < box.x + box.width - inset && y > box.y + inset && y < box.y + box.height - inset
}

function inBox(b: Box, [x, y]: Point, inset: number): boolean {
  return x > b.x + inset && x < b.x + b.width - inset && y > b.y + inset && y < b.y + b.height - inset
}

/** Points every pixel along a wire. */
export function samples(points: Point[]): Point[] {
  const out: Point[] = []
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = points[i]!
    const [bx, by] = points[i + 1]!
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay)))
    for (let s = 0; s <= steps; s++) out.push([ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps])
  }
  return out
}

/** Distance from a point to the outline of a node's shape. */
export function distanceToOutline(node: SceneNode, [x, y]: Point): number {
  const { box } = node
  if (node.shape === 'circle' || node.shape === 'ellipse') {
    const cx = box.x + box.width / 2
    const cy = box.y + box.height / 2
    const rx = box.width / 2
    const ry = box.height / 2
    const k = Math.hypot((x - cx) / rx, (y - cy) / ry)
    return Math.abs(k - 1) * Math.min(rx, ry)
  }
  const dx = Math.max(box.x - x, 0, x - (box.x + box.width))
  const dy = Math.max(box.y - y, 0, y - (box.y + box.height))
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy)
  return Math.min(x - box.x, box.x + box.width - x, y - box.y, box.y + box.height - y)
}

export interface Problem {
  kind: string
  detail: string
}

/** All the geometry rules of a good drawing; returns what breaks them. */
export function problems(scene: Scene): Problem[] {
  const out: Problem[] = []
  const panels = new Set(scene.nodes.map((n) => n.panel))
  for (const panel of panels) {
    const nodes = scene.nodes.filter((n) => n.panel === panel)
    const wires = scene.wires.filter((w) => w.panel === panel)
    const byId = new Map(nodes.map((n) => [n.id, n]))
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        for (const a of occupied(nodes[i]!)) {
          for (const b of occupied(nodes[j]!)) {
            if (overlaps(a, b, 0.5)) out.push({ kind: 'overlap', detail: `${nodes[i]!.id} / ${nodes[j]!.id}` })
          }
        }
      }
    }
    for (const w of wires) {
      const from = byId.get(w.from)!
      const to = byId.get(w.to)!
      const first = w.points[0]!
      const last = w.points[w.points.length - 1]!
      const startOk = w.kind === 'sample'
        ? Math.abs(first[0] - (from.box.x + from.box.width / 2)) < 1 && first[1] > from.box.y + from.box.height && first[1] < from.box.y + from.box.height + 30
        : distanceToOutline(from, first) < 1.5
      if (!startOk) out.push({ kind: 'start', detail: `${w.from} -> ${w.to} starts at ${first}` })
      if (distanceToOutline(to, last) >= 1.5) out.push({ kind: 'end', detail: `${w.from} -> ${w.to} ends at ${last}` })
      for (let i = 0; i + 1 < w.points.length; i++) {
        const [a, b] = [w.points[i]!, w.points[i + 1]!]
        if (a[0] !== b[0] && a[1] !== b[1]) out.push({ kind: 'diagonal', detail: `${w.from} -> ${w.to}` })
      }
      const along = samples(w.points)
      for (const node of nodes) {
        const own = node === from || node === to
        const hit = along.find((p) => (own ? insideShape(node, p) : occupied(node).some((b) => inBox(b, p, 0.5))))
        if (hit) out.push({ kind: 'through', detail: `${w.from} -> ${w.to} runs through ${node.id} at ${hit}` })
      }
    }
  }
  const sources = scene.nodes.filter((n) => n.kind === 'dataset' || n.kind === 'prior')
  const top = Math.min(...scene.nodes.map((n) => n.box.y))
  for (const s of sources) if (s.box.y > top + 0.5) out.push({ kind: 'top-row', detail: `${s.id} is not on the top row` })
  const objectives = scene.nodes.filter((n) => n.objective)
  const bottom = Math.max(...scene.nodes.map((n) => n.box.y + n.box.height))
  for (const o of objectives) if (o.box.y + o.box.height < bottom - 0.5) out.push({ kind: 'bottom-row', detail: `${o.id} is not on the bottom row` })
  return out
}

function segments(w: SceneWire): [Point, Point][] {
  return w.points.slice(1).map((p, i) => [w.points[i]!, p])
}

/** Proper crossings between wires that share neither source nor target. */
export function crossings(scene: Scene, panel = 0): number {
  const wires = scene.wires.filter((w) => w.panel === panel)
  let count = 0
  for (let i = 0; i < wires.length; i++) {
    for (let j = i + 1; j < wires.length; j++) {
      const a = wires[i]!
      const b = wires[j]!
      if (a.from === b.from || a.to === b.to) continue
      for (const [p1, p2] of segments(a)) {
        for (const [q1, q2] of segments(b)) {
          const aVertical = p1[0] === p2[0]
          const bVertical = q1[0] === q2[0]
          if (aVertical === bVertical) continue
          const [v1, v2, h1, h2] = aVertical ? [p1, p2, q1, q2] : [q1, q2, p1, p2]
          const x = v1[0]
          const y = h1[1]
          const within = (v: number, lo: number, hi: number) => v > Math.min(lo, hi) + 0.5 && v < Math.max(lo, hi) - 0.5
          if (within(x, h1[0], h2[0]) && within(y, v1[1], v2[1])) count++
        }
      }
    }
  }
  return count
}
