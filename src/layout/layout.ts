/**
 * Diagram → Scene, as a list of named phases (the way dagre's `runLayout`
 * reads); each phase is one function whose doc comment states its pre- and
 * post-conditions:
 *   measure        sizes from font metrics and the shape table  (measure.ts)
 *   layer          make acyclic (back wires reversed), ranks, dummies, groups, updates across a rank  (layered.ts)
 *   order          crossing reduction, groups contiguous  (order.ts)
 *   attach         side ports, top slots, side exits  (attach.ts)
 *   placeX         coordinates along each rank, until nothing moves  (place.ts)
 *   attach         again: each side input enters the side it stands on
 *   settle         hang, slideToPorts, makeRoom, straighten, splitOperands, alignOps,
 *                  slideToPorts again for the long inputs of moved ops, closeJogs twice
 *                  (closing one jog moves what a later one hangs from), slideToPorts a last
 *                  time (final: opening no jog), clearSideEntries, oneJog, clearSampleDrops
 *                  (settle.ts)
 *   separateFrames no frame holds a foreign node  (groups.ts)
 *   bracesUnderStems every brace spans its source's stem  (groups.ts); oneJog again, round the frames
 *   snap           whole pixels  (settle.ts)
 *   clearStems     no top input lands on another net's stem above it  (attach.ts)
 *   faceExits      each side exit leaves the side its column stands on  (attach.ts)
 *   sideEntries    the column each side input comes down, its entry height  (route.ts)
 *   placeY         rank heights, channel tracks, frame rows  (route.ts)
 *   route          orthogonal wires; back wires restored  (route.ts); updates across a rank (here)
 *   closeTinyJogs  no step under 16 px where the column after it can join the one before  (route.ts)
 * then one copy of the drawing per phase, side by side (in schedule order, the
 * schedule drawn between them: schedule.ts), and each star clear of its own
 * node's wires (starsClearOfWires, here). Temporary changes come
 * in pairs: `layer` reverses back wires and `route` restores them; groups
 * widen the gaps at their edges (`gap`) and `separateFrames` settles them.
 */
import type { Diagram, Objective, Wire } from '../ir/types.js'
import { attach, clearStems, faceExits } from './attach.js'
import { bracesUnderStems, FRAME_LABEL, frameSpans, separateFrames } from './groups.js'
import { layer, LOOP, type Flat, type Layered, type LayerNode } from './layered.js'
import { measure, type Measured } from './measure.js'
import { order } from './order.js'
import { placeX } from './place.js'
import { closeTinyJogs, frameAbove, frameBelow, placeSideEntries, placeY, routeWire, TILDE, type Vertical } from './route.js'
import type { FrameSpan } from './groups.js'
import type { Box, Point, Scene, SceneFrame, SceneMark, SceneNode, SceneWire } from './scene.js'
import { arrangePanels, drawSchedule } from './schedule.js'
import { alignOps, clearSampleDrops, clearSideEntries, closeJogs, hang, makeRoom, oneJog, slideToPorts, snap, splitOperands, straighten } from './settle.js'
import { FONT, noteAboveAt, noteAt, noteShoulderAt, SHAPES, STAR, STOP_HALF, STRIP, SUBSET_BELOW, SUBSET_FONT, subsetAt, TIE, TRIANGLE, triangleAt, weightAt } from './shapes.js'
import { runsWidth } from '../text/metrics.js'
import { writeBacks } from './writeback.js'

const MARGIN = 12
const PANEL_GAP = 48
const PANEL_LABEL = 30
const PANEL_LABEL_SIZE = 15
const FRAME_FONT = 13

const round = (n: number) => Math.round(n * 10) / 10
/** Gap between a batch-coupled op's two outlines. */
const BATCH_RING = 3

/** What each panel shows: its stars and its objectives' directions. */
interface PanelSpec {
  label?: string
  trainable: Set<string>
  objectives: Map<string, Objective>
  /** Nodes this panel leaves out, with every wire that touches them. */
  hidden: Set<string>
}

function panels(diagram: Diagram): PanelSpec[] {
  if (diagram.phases.length === 0) {
    return [{ trainable: new Set(diagram.nodes.filter((n) => n.trainable).map((n) => n.id)), objectives: new Map(diagram.objectives.map((o) => [o.node, o])), hidden: new Set() }]
  }
  return diagram.phases.map((p) => ({ label: `(${p.label})`, trainable: new Set(p.trainable), objectives: new Map(p.objectives.map((o) => [o.node, o])), hidden: new Set(p.hidden) }))
}

/** Phase `measure` for every node. Post: each node has its size and the room of its decorations. */
function measureAll(diagram: Diagram, specs: PanelSpec[]): Map<string, Measured> {
  const starred = new Set(specs.flatMap((s) => [...s.trainable]))
  const objectives = new Set(specs.flatMap((s) => [...s.objectives.keys()]))
  const weights = weightWidths(specs)
  return new Map(diagram.nodes.map((n) => [n.id, measure(n, starred.has(n.id), objectives.has(n.id), weights.get(n.id))]))
}

/** The ranks whose tops align: the data row and the sample row hanging from its tildes. */
function sampleRows(diagram: Diagram, layered: Layered): { samples: Set<number>; sources: Set<number> } {
  const samples = new Set<number>()
  const sources = new Set<number>()
  for (const w of diagram.wires) {
    if (w.kind !== 'sample') continue
    sources.add(layered.byId.get(w.from)!.rank)
    samples.add(layered.byId.get(w.to)!.rank)
  }
  return { samples, sources }
}

/** Everything up to final coordinates: the layout phases in order (see the file comment). */
export function place(diagram: Diagram): { layered: Layered; vertical: Vertical; sweeps: number; measured: Map<string, Measured> } {
  const specs = panels(diagram)
  const measured = measureAll(diagram, specs)
  const layered = layer(diagram, measured, new Set(specs.flatMap((s) => [...s.objectives.keys()])))
  order(layered.ranks)
  attach(layered)
  const sweeps = placeX(layered)
  attach(layered, true)
  hang(layered)
  slideToPorts(layered)
  makeRoom(layered)
  straighten(layered)
  splitOperands(layered)
  alignOps(layered)
  slideToPorts(layered)
  closeJogs(layered)
  // Closing a jog moves nodes with their chains, which can open a small jog where another was closed.
  closeJogs(layered)
  // Closing jogs moves nodes with their chains: a long side input may now have room on its port column.
  slideToPorts(layered, true)
  clearSideEntries(layered)
  oneJog(layered)
  clearSampleDrops(layered)
  separateFrames(layered)
  bracesUnderStems(layered)
  if (layered.groups.length) oneJog(layered, [...frameSpans(layered).values()])
  snap(layered)
  clearStems(layered)
  faceExits(layered)
  placeSideEntries(layered)
  const rows = sampleRows(diagram, layered)
  const vertical = placeY(layered, rows.samples, rows.sources, frameSpans(layered).values())
  return { layered, vertical, sweeps, measured }
}

/** Lay out a diagram. Pure and deterministic. */
export function layout(diagram: Diagram): Scene {
  const phaseSpecs = panels(diagram)
  // Writes into a buffer are drawn around the placed drawing (writeback.ts), not layered.
  const { layered, vertical } = place({ ...diagram, wires: diagram.wires.filter((w) => !w.store) })
  const spans = [...frameSpans(layered).values()].sort((a, b) => a.group.depth - b.group.depth)
  const routes = layered.routes.map((r) => routeWire(layered, r, vertical, r.wire.kind === 'sample' && !r.reversed ? TILDE.top + TILDE.height : 0))
  closeTinyJogs(layered, vertical, routes)
  const loops = diagram.wires.filter((w) => w.from === w.to).map((w) => ({ wire: w, points: loop(layered.byId.get(w.from)!, vertical) }))
  const flat = layered.flats.flatMap((f) => acrossWires(f, vertical))
  const frames = spans.map((s) => ({ span: s, box: frameBox(s, vertical) }))
  // Extent of one panel, from every node's room, every wire and every frame.
  let minX = Infinity
  let maxX = -Infinity
  let maxY = 0
  for (const rank of layered.ranks) {
    for (const n of rank) {
      minX = Math.min(minX, n.x - n.left)
      maxX = Math.max(maxX, n.x + n.right)
      if (n.node) maxY = Math.max(maxY, vertical.cy.get(n)! + n.measured!.height / 2)
    }
  }
  for (const points of [...routes, ...loops.map((l) => l.points)]) {
    for (const [x] of points) {
      minX = Math.min(minX, x)
      maxX = Math.max(maxX, x)
    }
  }
  for (const { box } of frames) {
    minX = Math.min(minX, box.x)
    maxX = Math.max(maxX, box.x + box.width)
    maxY = Math.max(maxY, box.y + box.height)
  }
  // A term's subset hangs under its triangle, below the bottom row.
  if (phaseSpecs.some((s) => [...s.objectives.values()].some((o) => o.subset))) maxY += SUBSET_BELOW
  // Writes into buffers run outside all of it (writeback.ts), and widen it.
  const extent = { minX, maxX, maxY }
  const writes = writeBacks(layered, vertical, diagram.wires.filter((w) => w.store), extent, [...routes, ...loops.map((l) => l.points)])
  ;({ minX, maxX, maxY } = extent)
  const panelWidth = maxX - minX
  const arranged = arrangePanels(diagram, phaseSpecs.map((s) => (s.label ? runsWidth([{ text: s.label }], PANEL_LABEL_SIZE) : 0)), panelWidth, PANEL_GAP)
  const specs = arranged.order.map((i) => phaseSpecs[i]!)
  const top = MARGIN + arranged.top
  const dx0 = MARGIN - minX
  const labels = new Map((diagram.groups ?? []).map((g) => [g.id, g.label]))

  const nodes: SceneNode[] = []
  const wires: SceneWire[] = []
  const marks: SceneMark[] = []
  const sceneFrames: SceneFrame[] = []
  const panelLabels: Scene['panelLabels'] = []
  specs.forEach((spec, panel) => {
    const dx = dx0 + arranged.offsets[panel]!
    const at = (x: number, y: number): Point => [round(x + dx), round(y + top)]
    for (const { span, box } of frames) {
      const [x, y] = at(box.x, box.y)
      sceneFrames.push({ id: span.group.id, panel, box: { x, y, width: round(box.width), height: round(box.height) }, label: labels.get(span.group.id)!, labelAt: [round(x + 5), round(y + FRAME_LABEL - 3)], fontSize: FRAME_FONT })
    }
    for (const rank of layered.ranks) {
      for (const l of rank) if (l.node && !spec.hidden.has(l.node.id)) nodes.push(sceneNode(l, vertical.cy.get(l)!, panel, spec, at))
    }
    layered.routes.forEach((r, i) => {
      if (spec.hidden.has(r.wire.from) || spec.hidden.has(r.wire.to)) return
      const points = routes[i]!.map(([x, y]) => at(x, y))
      const back = r.reversed || r.wire.back === true
      // Inputs of analytic ops have no arrowhead; a back wire always has one.
      const arrow = back || layered.byId.get(r.wire.to)!.node!.kind !== 'op'
      wires.push({ from: r.wire.from, to: r.wire.to, panel, kind: r.wire.kind, points, arrow, ...(back ? { back } : {}), ...(r.wire.stopGradient ? { stopGradient: true as const } : {}), ...(r.wire.update ? { update: true as const } : {}), ...(r.wire.derivative ? { derivative: true as const } : {}), ...(r.wire.density ? { density: true as const } : {}), ...(underTilde(r.wire.kind, points) ? { underTilde: true as const } : {}) })
    })
    for (const { wire, points } of writes) {
      if (spec.hidden.has(wire.from) || spec.hidden.has(wire.to)) continue
      wires.push({ from: wire.from, to: wire.to, panel, kind: wire.kind, points: points.map(([x, y]) => at(x, y)), arrow: true, back: true, store: true })
    }
    for (const { wire, points } of loops) {
      if (spec.hidden.has(wire.from)) continue
      wires.push({ from: wire.from, to: wire.to, panel, kind: wire.kind, points: points.map(([x, y]) => at(x, y)), arrow: true, back: true })
    }
    for (const { wire, points } of flat) {
      if (spec.hidden.has(wire.from) || spec.hidden.has(wire.to)) continue
      // Into the rule op (an analytic op) without an arrowhead, out of it into the target with one.
      wires.push({ from: wire.from, to: wire.to, panel, kind: wire.kind, points: points.map(([x, y]) => at(x, y)), arrow: layered.byId.get(wire.to)!.node!.kind !== 'op', update: true })
    }
    for (const l of layered.byId.values()) {
      const samples = l.down.filter((e) => e.sample && !(e.to.node && spec.hidden.has(e.to.node.id)))
      if (!samples.length || (l.node && spec.hidden.has(l.node.id))) continue
      const bottom = vertical.cy.get(l)! + l.measured!.height / 2
      marks.push({ kind: 'tilde', panel, at: at(l.x, bottom + TILDE.top) })
      const xs = samples.map((e) => e.to.x + e.toOffset)
      if (xs.some((x) => x !== l.x)) {
        const y = vertical.track.get(`${l.rank}:${l.key}`)!
        marks.push({ kind: 'brace', panel, at: at(l.x, y), from: round(Math.min(...xs, l.x) + dx), to: round(Math.max(...xs, l.x) + dx) })
      }
    }
    if (spec.label) panelLabels.push({ text: spec.label, at: at(panelWidth / 2 - dx0 + MARGIN, maxY + PANEL_LABEL) })
  })
  starsClearOfWires(nodes, wires)
  const width = round(MARGIN * 2 + arranged.width)
  const height = round(MARGIN * 2 + arranged.top + maxY + (panelLabels.length ? PANEL_LABEL + 8 : 0) + arranged.below)
  // An indexed loop, not `map` or `for…of`: V8 deoptimised `layout` there on
  // every other render when figures with whole and with fractional offsets
  // alternate (an array of small integers or of doubles).
  const lefts: number[] = []
  for (let i = 0; i < arranged.offsets.length; i++) lefts.push(MARGIN + arranged.offsets[i]!)
  const schedule = drawSchedule(arranged, lefts, panelWidth, top, top + maxY, top + maxY + PANEL_LABEL, { nodes, wires })
  return { width, height, nodes, wires, marks, panelLabels, frames: sceneFrames, ...(schedule ? { schedule } : {}), glyphs: { star: STAR, triangle: TRIANGLE, stopHalf: STOP_HALF, panelLabelSize: PANEL_LABEL_SIZE, tie: TIE } }
}

/**
 * A star that one of its own node's wires runs through (an update's dashed wire
 * across the row, out of a trained variable's side where the star stands) rises
 * to stand above that wire.
 * Pre: every wire of the panel is in `wires`. Post: no own wire meets a star.
 */
function starsClearOfWires(nodes: SceneNode[], wires: SceneWire[]): void {
  const starred = new Map(nodes.filter((n) => n.star).map((n) => [`${n.panel}|${n.id}`, n]))
  if (!starred.size) return
  const reach = STAR / 2 + 2
  for (const w of wires) {
    for (const n of [starred.get(`${w.panel}|${w.from}`), starred.get(`${w.panel}|${w.to}`)]) {
      if (!n) continue
      for (let i = 0; i + 1 < w.points.length; i++) {
        const [[ax, ay], [bx, by]] = [w.points[i]!, w.points[i + 1]!]
        const [x, y] = n.star!
        if (ay === by && Math.abs(ay - y) < reach && Math.min(ax, bx) < x + reach && Math.max(ax, bx) > x - reach) n.star = [x, round(ay - reach - 3)]
      }
    }
  }
}

/** Whether a sample wire runs straight and short under its tilde, which alone draws it. */
function underTilde(kind: 'sample' | 'flow', points: Point[]): boolean {
  return kind === 'sample' && points.length <= 2 && Math.abs(points[points.length - 1]![1] - points[0]![1]) <= 8
}

/** A wire from a node back into itself: a small loop on its right, into its side. */
function loop(node: LayerNode, vertical: Vertical): Point[] {
  const m = node.measured!
  const cy = vertical.cy.get(node)!
  const edge = node.x + m.width / 2
  const out = edge + LOOP - 6
  const dy = Math.min(8, m.height / 4)
  return [[edge, cy + dy], [out, cy + dy], [out, cy - dy], [edge, cy - dy]]
}

/**
 * An update across its rank (see `Flat`): from the source's side straight to
 * the rule and on into the target's side, at the rule's height; where a row
 * aligns its tops instead of its centres, a step halfway keeps each end on
 * its shape's side.
 */
function acrossWires(flat: Flat, vertical: Vertical): { wire: Wire; points: Point[] }[] {
  const [source, rule, target] = flat.nodes
  const sign = source.x < target.x ? 1 : -1
  const side = (n: LayerNode, towards: number): Point => {
    const m = n.measured!
    const cy = vertical.cy.get(n)!
    const y = Math.min(Math.max(vertical.cy.get(rule)!, cy - m.height / 2 + 4), cy + m.height / 2 - 4)
    return [n.x + (towards * m.width) / 2, y]
  }
  const join = (a: Point, b: Point): Point[] => {
    if (a[1] === b[1]) return [a, b]
    const mid = (a[0] + b[0]) / 2
    return [a, [mid, a[1]], [mid, b[1]], b]
  }
  return [
    { wire: flat.wires[0], points: join(side(source, sign), side(rule, -sign)) },
    { wire: flat.wires[1], points: join(side(rule, sign), side(target, -sign)) }
  ]
}

/** A frame's rectangle: its span across, and from above its first rank (label row) to below its last. */
function frameBox(span: FrameSpan, vertical: Vertical): Box {
  const top = vertical.rankTop[span.top]! - frameAbove(span)
  const bottom = vertical.rankTop[span.bottom]! + vertical.rankHeight[span.bottom]! + frameBelow(span)
  return { x: span.x0, y: top, width: span.x1 - span.x0, height: bottom - top }
}

function sceneNode(l: LayerNode, cy: number, panel: number, spec: PanelSpec, at: (x: number, y: number) => Point): SceneNode {
  const node = l.node!
  const m = l.measured!
  const shape = SHAPES[m.shape]
  const [x, y] = at(l.x - m.width / 2, cy - m.height / 2)
  const box: Box = { x, y, width: round(m.width), height: round(m.height) }
  const r = (p: Point): Point => [round(p[0]), round(p[1])]
  const drop = node.sequence?.drop === 'first' ? 0 : node.sequence?.drop === 'last' ? STRIP.cells - 1 : -1
  const out: SceneNode = {
    id: node.id,
    kind: node.kind,
    shape: m.shape,
    panel,
    box,
    labelAt: r([box.x + box.width / 2, box.y + shape.baseline(box, m.fontSize)]),
    text: node.text,
    fontSize: m.fontSize,
    outline: shape.draw(box, drop).map((p) => (p.shape === 'polyline' ? { ...p, points: p.points.map(r) } : { ...p, box: { x: round(p.box.x), y: round(p.box.y), width: round(p.box.width), height: round(p.box.height) } }))
  }
  // A batch-coupled op is drawn with a second outline around the first, like a stack of samples seen at once.
  if (node.batch) out.outline.push(...out.outline.flatMap((p) => (p.shape === 'polyline' ? [] : [{ ...p, box: { x: p.box.x - BATCH_RING, y: p.box.y - BATCH_RING, width: p.box.width + 2 * BATCH_RING, height: p.box.height + 2 * BATCH_RING } }])))
  if (node.note) {
    // Beside the shape at mid-height, unless a wire meets that side there: it would run through the note.
    const sideWire = l.up.some((e) => e.side === 1) || l.down.some((e) => e.fromOffset > 0)
    out.note = { text: node.note, at: r(m.padTop ? noteAboveAt(box, runsWidth(node.note, m.fontSize + 2)) : sideWire ? noteShoulderAt(box) : noteAt(box, m.fontSize)) }
  }
  if (node.sequence) out.sequence = node.sequence
  if (spec.trainable.has(node.id)) out.star = r(shape.star(box))
  // Off the outline's upper-right shoulder (45° on the ellipse), clear of the wires in and out.
  if (node.random) out.random = r([box.x + box.width * 0.85 + 9, box.y + box.height * 0.15 - 6])
  const objective = spec.objectives.get(node.id)
  if (objective) {
    out.objective = { direction: objective.direction, at: r(triangleAt(box)) }
    if (objective.weight) out.objective.weight = { text: objective.weight, at: r(weightAt(box, m.fontSize)) }
    if (objective.subset) {
      const text = [{ text: 'on ' }, ...objective.subset.text]
      let at = subsetAt(box)
      // A term whose value feeds on sends its wires down from under its label, a stop-gradient's
      // cut reaching STOP_HALF either side of them: the subset ends clear of the leftmost.
      if (l.down.length) {
        const wireX = box.x + box.width / 2 + Math.min(0, ...l.down.map((e) => e.fromOffset))
        at = [Math.min(at[0], wireX - STOP_HALF - 3 - runsWidth(text, SUBSET_FONT) / 2), at[1]]
      }
      out.objective.subset = { text, at: r(at), fontSize: SUBSET_FONT }
    }
  }
  return out
}

/** The widest weight each objective node carries in any panel: the room kept left of its triangle. */
function weightWidths(specs: PanelSpec[]): Map<string, number> {
  const widths = new Map<string, number>()
  for (const spec of specs) {
    for (const [id, o] of spec.objectives) if (o.weight) widths.set(id, Math.max(widths.get(id) ?? 0, runsWidth(o.weight, FONT) + 4))
  }
  return widths
}
