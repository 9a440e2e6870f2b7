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
  const subset = node.objective?.subset
  if (subset) {
    const w = runsWidth(subset.text, subset.fontSize)
    boxes.push({ x: subset.at[0] - w / 2, y: subset.at[1] - subset.fontSize * 0.8, width: w, height: subset.fontSize })
  }
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

/** The first point of an axis-parallel segment strictly inside a box shrunk by `inset`, if any. */
function entersBox([a, b]: [Point, Point], box: Box, inset: number): Point | undefined {
  const [x0, x1, y0, y1] = [box.x + inset, box.x + box.width - inset, box.y + inset, box.y + box.height - inset]
  if (!(Math.max(a[0], b[0]) > x0 && Math.min(a[0], b[0]) < x1 && Math.max(a[1], b[1]) > y0 && Math.min(a[1], b[1]) < y1)) return undefined
  const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)
  return [clamp(a[0], x0, x1), clamp(a[1], y0, y1)]
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
        // Own ends: sampled against the real outline (ellipses), and kept off their star, triangle,
        // subset and note (the label of a plain variable is where its wires start); others: exact
        // segment against box tests.
        const hit = node === from || node === to
          ? along.find((p) => insideShape(node, p)) ?? segments(w).flatMap((s) => occupied(node).slice(2).map((b) => entersBox(s, b, 0.5))).find((p) => p)
          : segments(w).flatMap((s) => occupied(node).map((b) => entersBox(s, b, 0.5))).find((p) => p)
        if (hit) out.push({ kind: 'through', detail: `${w.from} -> ${w.to} runs through ${node.id} at ${hit}` })
      }
    }
  }
  const sources = scene.nodes.filter((n) => n.kind === 'dataset' || n.kind === 'prior')
  const top = Math.min(...scene.nodes.map((n) => n.box.y))
  for (const s of sources) if (s.box.y > top + 0.5) out.push({ kind: 'top-row', detail: `${s.id} is not on the top row` })
  // An objective whose value also feeds on (an intrinsic reward, a loss differentiated by a ∇ op) stands above what it feeds.
  const feedsOn = new Set(scene.wires.map((w) => `${w.panel}|${w.from}`))
  const objectives = scene.nodes.filter((n) => n.objective && !feedsOn.has(`${n.panel}|${n.id}`))
  const bottom = Math.max(...scene.nodes.map((n) => n.box.y + n.box.height))
  for (const o of objectives) if (o.box.y + o.box.height < bottom - 0.5) out.push({ kind: 'bottom-row', detail: `${o.id} is not on the bottom row` })
  return out
}

function segments(w: SceneWire): [Point, Point][] {
  return w.points.slice(1).map((p, i) => [w.points[i]!, p])
}

/**
 * Proper crossings between wires that share neither source nor target, one
 * per place: a wire crossing the trunk that several writes into one buffer
 * share crosses it once.
 */
export function crossings(scene: Scene, panel = 0): number {
  const wires = scene.wires.filter((w) => w.panel === panel)
  const places = new Set<string>()
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
          if (within(x, h1[0], h2[0]) && within(y, v1[1], v2[1])) places.add(`${x},${y}`)
        }
      }
    }
  }
  return places.size
}

/*
 * Quality rules: a drawing can pass every check above and still be hard to
 * read. Each rule below names one way a reader gets lost, returns one
 * Problem per place it happens, and is exported on its own so that a test can
 * feed it a broken Scene. `quality(scene)` runs them all.
 */

/** Coordinates closer than this are the same line. */
const SAME = 0.5
/** Shared length below this is a touch, not a shared track. */
const SHARED = 1

type Segment = [Point, Point]

const isVertical = ([a, b]: Segment) => Math.abs(a[0] - b[0]) < SAME
const isHorizontal = ([a, b]: Segment) => Math.abs(a[1] - b[1]) < SAME

/** Length two collinear axis-parallel segments share; 0 when they are not collinear. */
function sharedLength(p: Segment, q: Segment): number {
  if (isVertical(p) && isVertical(q) && !isHorizontal(p) && !isHorizontal(q) && Math.abs(p[0][0] - q[0][0]) < SAME) {
    return Math.min(Math.max(p[0][1], p[1][1]), Math.max(q[0][1], q[1][1])) - Math.max(Math.min(p[0][1], p[1][1]), Math.min(q[0][1], q[1][1]))
  }
  if (isHorizontal(p) && isHorizontal(q) && !isVertical(p) && !isVertical(q) && Math.abs(p[0][1] - q[0][1]) < SAME) {
    return Math.min(Math.max(p[0][0], p[1][0]), Math.max(q[0][0], q[1][0])) - Math.max(Math.min(p[0][0], p[1][0]), Math.min(q[0][0], q[1][0]))
  }
  return 0
}

/** Where a vertical and a horizontal segment cross in both interiors, if they do. */
function crossingPoint(p: Segment, q: Segment): Point | undefined {
  if (isVertical(p) === isVertical(q)) return undefined
  const [v, h] = isVertical(p) ? [p, q] : [q, p]
  const within = (value: number, a: number, b: number) => value > Math.min(a, b) + SAME && value < Math.max(a, b) - SAME
  const x = v[0][0]
  const y = h[0][1]
  return within(x, h[0][0], h[1][0]) && within(y, v[0][1], v[1][1]) ? [x, y] : undefined
}

/** Runs a check on each panel's own nodes and wires; the check pushes what it finds. */
function perPanel(scene: Scene, check: (nodes: SceneNode[], wires: SceneWire[], panel: number, out: Problem[]) => void): Problem[] {
  const out: Problem[] = []
  for (const panel of new Set(scene.nodes.map((n) => n.panel))) {
    check(scene.nodes.filter((n) => n.panel === panel), scene.wires.filter((w) => w.panel === panel), panel, out)
  }
  return out
}

/**
 * Writes into one buffer, which are drawn as one trunk on purpose (they
 * store one transition): they may share their track and their entry.
 */
const oneStore = (a: SceneWire, b: SceneWire) => !!a.store && !!b.store && a.to === b.to

/** (a) Two different nets (wires from different sources) never run along one track; writes into one buffer share their trunk. */
export function sharedTracks(scene: Scene): Problem[] {
  return perPanel(scene, (_nodes, wires, panel, out) => {
    const seen = new Set<string>()
    for (let i = 0; i < wires.length; i++) {
      for (let j = i + 1; j < wires.length; j++) {
        const [a, b] = [wires[i]!, wires[j]!]
        if (a.from === b.from || oneStore(a, b)) continue
        for (const p of segments(a)) {
          for (const q of segments(b)) {
            if (sharedLength(p, q) <= SHARED) continue
            const line = isVertical(p) ? `x=${p[0][0]}` : `y=${p[0][1]}`
            const key = [a.from, b.from].sort().join('|') + line
            if (seen.has(key)) continue
            seen.add(key)
            out.push({ kind: 'shared-track', detail: `${a.from} -> ${a.to} and ${b.from} -> ${b.to} run together along ${line} (panel ${panel})` })
          }
        }
      }
    }
  })
}

/** Closer than this, two parallel wires read as one: half a port step. */
const CLOSE = 6
/** Side by side for longer than this, they run together rather than pass. */
const CLOSE_RUN = 8

/**
 * (a') Two different nets never run side by side a few px apart: a vertical of
 * one within CLOSE px of another's for more than CLOSE_RUN px reads as one
 * wire, or as a fork, as much as a shared track does.
 */
export function closeRuns(scene: Scene): Problem[] {
  return perPanel(scene, (_nodes, wires, panel, out) => {
    const seen = new Set<string>()
    const verticals = wires.map((w) => segments(w).filter((p) => isVertical(p) && !isHorizontal(p)))
    for (let i = 0; i < wires.length; i++) {
      for (let j = i + 1; j < wires.length; j++) {
        const [a, b] = [wires[i]!, wires[j]!]
        if (a.from === b.from || oneStore(a, b)) continue
        for (const p of verticals[i]!) {
          for (const q of verticals[j]!) {
            const gap = Math.abs(p[0][0] - q[0][0])
            if (gap < SAME || gap >= CLOSE) continue
            const along = Math.min(Math.max(p[0][1], p[1][1]), Math.max(q[0][1], q[1][1])) - Math.max(Math.min(p[0][1], p[1][1]), Math.min(q[0][1], q[1][1]))
            if (along <= CLOSE_RUN) continue
            const key = [a.from, b.from].sort().join('|') + `x=${p[0][0]}`
            if (seen.has(key)) continue
            seen.add(key)
            out.push({ kind: 'close-run', detail: `${a.from} -> ${a.to} and ${b.from} -> ${b.to} run ${gap.toFixed(1)} px apart for ${along.toFixed(0)} px at x=${p[0][0]} (panel ${panel})` })
          }
        }
      }
    }
  })
}

/** How far above a drop's end a fan-out's bar may not cross it: one channel between ranks. */
const FORK_NEAR = 40

/**
 * (b) A fan-out's bar (a horizontal of a source with several wires) crossed
 * by another net's drop just above the box that drop enters: the drop reads as
 * one more branch of the fan-out, so a reader cannot tell which input feeds
 * which box.
 */
export function forkCrossings(scene: Scene): Problem[] {
  return perPanel(scene, (_nodes, wires, panel, out) => {
    const fanOut = new Set(wires.map((w) => w.from).filter((from, i, all) => all.indexOf(from) !== i))
    const seen = new Set<string>()
    for (const a of wires) {
      if (!fanOut.has(a.from)) continue
      for (const bar of segments(a).filter(isHorizontal)) {
        for (const b of wires) {
          if (b.from === a.from) continue
          const end = b.points[b.points.length - 1]!
          for (const drop of segments(b).filter(isVertical)) {
            const at = crossingPoint(bar, drop)
            if (!at || end[1] - at[1] > FORK_NEAR || end[1] < at[1]) continue
            const key = `${a.from}|${b.from}|${at}`
            if (seen.has(key)) continue
            seen.add(key)
            out.push({ kind: 'fork-crossing', detail: `${b.from} -> ${b.to} drops through the fan-out of ${a.from} at ${at} (panel ${panel})` })
          }
        }
      }
    }
  })
}

/**
 * Braces closer than this in y hang in one channel between the source row and
 * the sample row; there, spans that overlap in x interleave their bars.
 */
const BRACE_CHANNEL = 30

/**
 * (c) One source's samples sit side by side under its brace: no other node on
 * their row between them; and no two braces' spans (the bars from the brace
 * to its samples) overlap in one channel.
 */
export function sampleGroups(scene: Scene): Problem[] {
  return perPanel(scene, (nodes, wires, panel, out) => {
    const sampled = wires.filter((w) => w.kind === 'sample')
    const byId = new Map(nodes.map((n) => [n.id, n]))
    for (const source of new Set(sampled.map((w) => w.from))) {
      const own = sampled.filter((w) => w.from === source).map((w) => byId.get(w.to)!)
      if (own.length < 2) continue
      const centre = (n: SceneNode) => n.box.x + n.box.width / 2
      const lo = Math.min(...own.map(centre))
      const hi = Math.max(...own.map(centre))
      const top = Math.min(...own.map((n) => n.box.y))
      const bottom = Math.max(...own.map((n) => n.box.y + n.box.height))
      for (const n of nodes) {
        if (own.includes(n) || n.box.y >= bottom || n.box.y + n.box.height <= top) continue
        if (n.box.x + n.box.width > lo && n.box.x < hi) out.push({ kind: 'sample-group', detail: `${n.id} sits between the samples of ${source} (panel ${panel})` })
      }
    }
    const braces = scene.marks.filter((m) => m.kind === 'brace' && m.panel === panel) as Extract<Scene['marks'][number], { kind: 'brace' }>[]
    for (let i = 0; i < braces.length; i++) {
      for (let j = i + 1; j < braces.length; j++) {
        const [a, b] = [braces[i]!, braces[j]!]
        if (Math.abs(a.at[1] - b.at[1]) < BRACE_CHANNEL && Math.min(a.to, b.to) - Math.max(a.from, b.from) > SAME) {
          out.push({ kind: 'brace-overlap', detail: `braces at ${a.at} and ${b.at} overlap (panel ${panel})` })
        }
      }
    }
  })
}

/** Which side of its target a wire's last segment enters. */
function entry(w: SceneWire, node: SceneNode): 'top' | 'bottom' | 'left' | 'right' {
  const [a, b] = [w.points[w.points.length - 2] ?? w.points[0]!, w.points[w.points.length - 1]!]
  if (Math.abs(a[0] - b[0]) < SAME && !(Math.abs(a[1] - b[1]) < SAME)) return b[1] > a[1] ? 'top' : 'bottom'
  if (Math.abs(a[1] - b[1]) >= SAME) return b[1] <= node.box.y + node.box.height / 2 ? 'top' : 'bottom'
  return b[0] > a[0] ? 'left' : 'right'
}

/** Columns closer than this read as one line. */
const ONE_COLUMN = 4

/**
 * The column a side entry comes down before it turns in (the vertical just
 * before its last, horizontal segment), if it has one.
 */
function descentColumn(w: SceneWire): number | undefined {
  const [a, b, c] = w.points.slice(-3)
  if (!a || !b || !c) return undefined
  return isVertical([a, b]) && isHorizontal([b, c]) ? b[0] : undefined
}

/**
 * (d) Two different wires never merge collinearly into one side of a node:
 * ending at one point, or their last segments on one line and overlapping,
 * they read as a single fan-out; and two wires into one side never come down
 * one column (or columns closer than ONE_COLUMN) before they turn in, even
 * where their verticals do not overlap: one line with two branches into the
 * side reads as one wire. Writes into one buffer are that one wire on purpose.
 */
export function mergedEntries(scene: Scene): Problem[] {
  return perPanel(scene, (nodes, wires, panel, out) => {
    const byId = new Map(nodes.map((n) => [n.id, n]))
    for (let i = 0; i < wires.length; i++) {
      for (let j = i + 1; j < wires.length; j++) {
        const [a, b] = [wires[i]!, wires[j]!]
        if (a.to !== b.to || a.from === b.from || oneStore(a, b)) continue
        const node = byId.get(a.to)!
        const side = entry(a, node)
        if (side !== entry(b, node)) continue
        const [ea, eb] = [a.points[a.points.length - 1]!, b.points[b.points.length - 1]!]
        const last = (w: SceneWire): Segment => [w.points[w.points.length - 2] ?? w.points[0]!, w.points[w.points.length - 1]!]
        if (Math.hypot(ea[0] - eb[0], ea[1] - eb[1]) < SHARED || sharedLength(last(a), last(b)) > SHARED) {
          out.push({ kind: 'merged-entry', detail: `${a.from} and ${b.from} enter the ${side} of ${a.to} on one line (panel ${panel})` })
          continue
        }
        const [ca, cb] = [descentColumn(a), descentColumn(b)]
        if ((side === 'left' || side === 'right') && ca !== undefined && cb !== undefined && Math.abs(ca - cb) < ONE_COLUMN) {
          out.push({ kind: 'merged-entry', detail: `${a.from} and ${b.from} come down one column (x=${ca}) into the ${side} of ${a.to} (panel ${panel})` })
        }
      }
    }
  })
}

/**
 * (e) In a training setup (a diagram with an objective), analytic ops
 * (circles and ellipses) take their inputs from the sides, as the notation
 * draws them. A lone input may come down the top (an op on a wire); with more
 * inputs than two sides, the extra ones may. A diagram without objective draws
 * a module, whose data flows top-down through its ops (the transformer layer).
 */
export function sideEntries(scene: Scene): Problem[] {
  const out: Problem[] = []
  if (!scene.nodes.some((n) => n.objective)) return out
  for (const node of scene.nodes) {
    if (node.kind !== 'op' || (node.shape !== 'circle' && node.shape !== 'ellipse')) continue
    // A derivative's link (`grad [D] wrt x`) hangs the ∇ op from its module's side, a density wire the `log p` op from its prior: not inputs.
    const inputs = scene.wires.filter((w) => w.panel === node.panel && w.to === node.id && !w.derivative && !w.density)
    if (inputs.length < 2) continue
    const fromAbove = inputs.filter((w) => {
      const side = entry(w, node)
      return side === 'top' || side === 'bottom'
    })
    for (const w of fromAbove.slice(Math.max(0, inputs.length - 2))) {
      out.push({ kind: 'side-entry', detail: `${w.from} enters ${node.id} from the ${entry(w, node)}, not a side (panel ${node.panel})` })
    }
  }
  return out
}

/** Turns of a polyline (points where the direction changes). */
export function bendsOf(points: Point[]): number {
  let count = 0
  for (let i = 1; i + 1 < points.length; i++) {
    const [a, b, c] = [points[i - 1]!, points[i]!, points[i + 1]!]
    const first = Math.abs(a[0] - b[0]) < SAME ? 'v' : 'h'
    const second = Math.abs(b[0] - c[0]) < SAME ? 'v' : 'h'
    if (first !== second && Math.hypot(a[0] - b[0], a[1] - b[1]) > 0 && Math.hypot(b[0] - c[0], b[1] - c[1]) > 0) count++
  }
  return count
}

/** Bends of all wires in a panel. */
export function bends(scene: Scene, panel = 0): number {
  return scene.wires.filter((w) => w.panel === panel).reduce((sum, w) => sum + bendsOf(w.points), 0)
}

/** Ends closer than this in x are one column: a jog between them is a defect of placement, not a need of the route. */
const JOG = 6
/** Room a simpler route must keep from other nodes' shapes and labels to count as free. */
const CLEARANCE = 3

/** Whether an axis-parallel segment passes within `margin` of a box. */
function segmentHits([a, b]: Segment, box: Box, margin: number): boolean {
  return Math.max(a[0], b[0]) > box.x - margin && Math.min(a[0], b[0]) < box.x + box.width + margin && Math.max(a[1], b[1]) > box.y - margin && Math.min(a[1], b[1]) < box.y + box.height + margin
}

/**
 * (f) A wire bends only where its route needs it. From a start going down to
 * an end entering the top, a straight drop needs no bend (ends within JOG px
 * of one column) and a step needs two; entering a side needs one (down, then
 * across) when it comes from that side. A wire with more bends is flagged when
 * a route with fewer would keep clear of every other node (and of every frame
 * the drawn wire keeps out of) and cross no more wires than the drawn one does.
 */
export function needlessBends(scene: Scene): Problem[] {
  const out: Problem[] = []
  for (const w of scene.wires) {
    const nodes = scene.nodes.filter((n) => n.panel === w.panel)
    const to = nodes.find((n) => n.id === w.to)!
    const from = nodes.find((n) => n.id === w.from)!
    const start = w.points[0]!
    const end = w.points[w.points.length - 1]!
    const have = bendsOf(w.points)
    const side = entry(w, to)
    /** Routes with the fewest bends from the start downwards into the same side. */
    let candidates: Point[][]
    if (side === 'top') {
      if (Math.abs(start[0] - end[0]) <= JOG) candidates = [[start, [start[0], end[1]]], [[end[0], start[1]], end]]
      else {
        const ys = Array.from({ length: Math.max(0, Math.floor(end[1] - start[1]) - 1) }, (_, i) => start[1] + 1 + i)
        candidates = ys.map((y) => [start, [start[0], y], [end[0], y], end])
      }
    } else if ((side === 'left' && start[0] < end[0]) || (side === 'right' && start[0] > end[0])) {
      candidates = [[start, [start[0], end[1]], end]]
    } else continue
    const need = bendsOf(candidates[0]!)
    if (have <= need || end[1] <= start[1]) continue
    const obstacles = nodes.filter((n) => n !== to && n !== from).flatMap(occupied)
    const others = scene.wires.filter((o) => o.panel === w.panel && o.from !== w.from && o.to !== w.to).flatMap(segments)
    const crossed = (route: Point[]) => {
      const own = route.slice(1).map((p, i): Segment => [route[i]!, p])
      return own.reduce((sum, p) => sum + others.filter((q) => crossingPoint(p, q)).length, 0)
    }
    const drawn = crossed(w.points)
    const hits = (route: Point[], box: Box, margin: number) => route.slice(1).some((p, i) => segmentHits([route[i]!, p], box, margin))
    // A frame the drawn wire keeps out of, holding neither end, is in the way too: a wire does not cut through a group it is not part of.
    const frames = scene.frames.filter((f) => f.panel === w.panel && ![start, end].some((p) => hits([p, p], f.box, 0)) && !hits(w.points, f.box, 0)).map((f) => f.box)
    const free = (route: Point[]) => !obstacles.some((box) => hits(route, box, CLEARANCE)) && !frames.some((box) => hits(route, box, 0)) && crossed(route) <= drawn
    if (candidates.some(free)) out.push({ kind: 'needless-bend', detail: `${w.from} -> ${w.to} bends ${have} times where ${need} would do (panel ${w.panel})` })
  }
  return out
}

/** A step across narrower than this, between two verticals, reads as a glitch rather than a turn. */
const TINY_JOG = 6

/**
 * (f') A wire never steps across by a few px between two verticals: at that
 * width the step reads as a misdrawn line, not as a turn (tiny-jog).
 */
export function tinyJogs(scene: Scene): Problem[] {
  const out: Problem[] = []
  for (const w of scene.wires) {
    const p = w.points
    for (let i = 1; i + 2 < p.length; i++) {
      const dx = Math.abs(p[i + 1]![0] - p[i]![0])
      if (p[i - 1]![0] === p[i]![0] && p[i]![1] === p[i + 1]![1] && p[i + 1]![0] === p[i + 2]![0] && dx > 0 && dx < TINY_JOG) {
        out.push({ kind: 'tiny-jog', detail: `${w.from} -> ${w.to} steps ${dx.toFixed(1)} px across at y=${p[i]![1]} (panel ${w.panel})` })
      }
    }
  }
  return out
}

/** The operator symbols an inline op draws (`×` of `(× \sigma)`); an update's rule with a period note is a plain op. */
const INLINE_SYMBOL = /^[+\-−×*·/⊙⊕⊗∘]$/

/**
 * The notation's label sizes, by what a node is: sources 18 px, everything
 * else the body size 16 px; the symbol of an inline op (a small circle on a
 * wire, its note beside) 14.4 px. Kept here, not imported, so that a layout
 * that shrinks a label to fit its shape fails.
 */
export function defaultFontSize(node: SceneNode): number {
  if (node.kind === 'dataset' || node.kind === 'prior') return 18
  if (node.kind === 'op' && node.note && INLINE_SYMBOL.test(node.text.map((run) => run.text).join(''))) return 14.4
  return 16
}

/** Room a label keeps from the outline of the shape around it. */
const LABEL_PAD = 2

/**
 * (g) Labels keep their size: a shape grows to fit its text, the text does
 * not shrink (label-size), and the text fits inside the shape drawn around it
 * (label-fit; plain variables have no shape around them).
 */
export function labelSizes(scene: Scene): Problem[] {
  const out: Problem[] = []
  for (const node of scene.nodes) {
    const expected = defaultFontSize(node)
    if (Math.abs(node.fontSize - expected) > 0.01) out.push({ kind: 'label-size', detail: `${node.id} is labelled at ${node.fontSize} px, not ${expected} (panel ${node.panel})` })
    const width = runsWidth(node.text, node.fontSize)
    if (node.shape !== 'text' && node.shape !== 'strip' && width > node.box.width - 2 * LABEL_PAD) {
      out.push({ kind: 'label-fit', detail: `${node.id}'s label is ${width.toFixed(1)} px wide in a ${node.box.width} px ${node.shape} (panel ${node.panel})` })
    }
  }
  return out
}

/** Every quality rule by name. */
export const QUALITY_RULES = {
  'shared-track': sharedTracks,
  'close-run': closeRuns,
  'fork-crossing': forkCrossings,
  'sample-group': sampleGroups,
  'merged-entry': mergedEntries,
  'side-entry': sideEntries,
  'needless-bend': needlessBends,
  'tiny-jog': tinyJogs,
  'label-size': labelSizes
} as const

/** What the quality rules find. */
export function quality(scene: Scene): Problem[] {
  return Object.values(QUALITY_RULES).flatMap((rule) => rule(scene))
}

/** How many times each geometry and quality rule breaks in a scene, by rule: a gallery's known failures. */
export function failureCounts(scene: Scene): Record<string, number> {
  const out: Record<string, number> = {}
  for (const p of [...problems(scene), ...quality(scene)].sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))) out[p.kind] = (out[p.kind] ?? 0) + 1
  return out
}
