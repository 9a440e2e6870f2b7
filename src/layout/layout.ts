/**
 * Diagram → Scene. The phases, in order:
 *   measure   sizes from font metrics          (measure.ts)
 *   layer     ranks and dummy nodes            (layered.ts)
 *   order     crossing reduction               (order.ts)
 *   attach    side ports and top slots         (position.ts)
 *   placeX    coordinates along each rank      (position.ts)
 *   attach    again: each side input enters the side it stands on
 *   settle    long wires settle, whole pixels  (position.ts)
 *   placeY    rank heights and channel tracks  (route.ts)
 *   route     orthogonal wires                 (route.ts)
 * then one copy of the drawing per phase, side by side.
 */
import type { Diagram } from '../ir/types.js'
import { layer, type LayerNode } from './layered.js'
import { measure, STAR, TRIANGLE, type Measured } from './measure.js'
import { order } from './order.js'
import { attach, placeX, settle } from './position.js'
import { placeY, routeWire, TILDE } from './route.js'
import type { Box, Point, Scene, SceneMark, SceneNode, SceneWire } from './scene.js'

const MARGIN = 12
const PANEL_GAP = 48
const PANEL_LABEL = 30

const round = (n: number) => Math.round(n * 10) / 10

/** What each panel shows: its stars and its objectives' directions. */
interface PanelSpec {
  label?: string
  trainable: Set<string>
  objectives: Map<string, 'min' | 'max'>
}

function panels(diagram: Diagram): PanelSpec[] {
  if (diagram.phases.length === 0) {
    return [{ trainable: new Set(diagram.nodes.filter((n) => n.trainable).map((n) => n.id)), objectives: new Map(diagram.objectives.map((o) => [o.node, o.direction])) }]
  }
  return diagram.phases.map((p) => ({ label: `(${p.label})`, trainable: new Set(p.trainable), objectives: new Map(p.objectives.map((o) => [o.node, o.direction])) }))
}

/** Lay out a checked (acyclic) diagram. Pure and deterministic. */
export function layout(diagram: Diagram): Scene {
  const specs = panels(diagram)
  const starred = new Set(specs.flatMap((s) => [...s.trainable]))
  const objectives = new Set(specs.flatMap((s) => [...s.objectives.keys()]))
  const measured = new Map<string, Measured>()
  for (const n of diagram.nodes) measured.set(n.id, measure(n, starred.has(n.id), objectives.has(n.id)))

  const layered = layer(diagram, measured, objectives)
  order(layered.ranks)
  attach(layered)
  placeX(layered)
  attach(layered, true)
  settle(layered)
  const sampleRanks = new Set<number>()
  const sourceRanks = new Set<number>()
  for (const w of diagram.wires) {
    if (w.kind !== 'sample') continue
    sourceRanks.add(layered.byId.get(w.from)!.rank)
    sampleRanks.add(layered.byId.get(w.to)!.rank)
  }
  const vertical = placeY(layered, sampleRanks, sourceRanks)

  // Extent of one panel, from every node's room and every wire.
  const routes = layered.routes.map((r) => routeWire(layered, r, vertical, r.wire.kind === 'sample' ? TILDE.top + TILDE.height : 0))
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
  for (const points of routes) {
    for (const [x] of points) {
      minX = Math.min(minX, x)
      maxX = Math.max(maxX, x)
    }
  }
  const panelWidth = maxX - minX
  const dx0 = MARGIN - minX

  const nodes: SceneNode[] = []
  const wires: SceneWire[] = []
  const marks: SceneMark[] = []
  const panelLabels: Scene['panelLabels'] = []
  specs.forEach((spec, panel) => {
    const dx = dx0 + panel * (panelWidth + PANEL_GAP)
    const at = (x: number, y: number): Point => [round(x + dx), round(y + MARGIN)]
    for (const rank of layered.ranks) {
      for (const l of rank) if (l.node) nodes.push(sceneNode(l, vertical.cy.get(l)!, panel, spec, at))
    }
    layered.routes.forEach((r, i) => {
      const target = r.nodes[r.nodes.length - 1]!.node!
      wires.push({
        from: r.wire.from,
        to: r.wire.to,
        panel,
        kind: r.wire.kind,
        points: routes[i]!.map(([x, y]) => at(x, y)),
        arrow: target.kind !== 'op'
      })
    })
    for (const l of layered.byId.values()) {
      const samples = l.down.filter((e) => e.sample)
      if (!samples.length) continue
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
  const width = round(MARGIN * 2 + panelWidth * specs.length + PANEL_GAP * (specs.length - 1))
  const height = round(MARGIN * 2 + maxY + (panelLabels.length ? PANEL_LABEL + 8 : 0))
  return { width, height, nodes, wires, marks, panelLabels }
}

function sceneNode(l: LayerNode, cy: number, panel: number, spec: PanelSpec, at: (x: number, y: number) => Point): SceneNode {
  const node = l.node!
  const m = l.measured!
  const [x, y] = at(l.x - m.width / 2, cy - m.height / 2)
  const box: Box = { x, y, width: round(m.width), height: round(m.height) }
  const baseline = m.shape === 'strip' ? box.y + box.height - 4 : box.y + box.height / 2 + m.fontSize * 0.35
  const out: SceneNode = {
    id: node.id,
    kind: node.kind,
    shape: m.shape,
    panel,
    box,
    labelAt: [round(box.x + box.width / 2), round(baseline)],
    text: node.text,
    fontSize: m.fontSize
  }
  if (node.note) out.note = { text: node.note, at: [round(box.x + box.width + 6), round(box.y + box.height / 2 + m.fontSize * 0.4)] }
  if (node.sequence) out.sequence = node.sequence
  if (spec.trainable.has(node.id)) {
    out.star = node.kind === 'module' ? [round(box.x - 8 - STAR / 2), round(box.y + STAR / 2 + 2)] : [round(box.x - 6 - STAR / 2), round(box.y + box.height / 2)]
  }
  const direction = spec.objectives.get(node.id)
  if (direction) out.objective = { direction, at: [round(box.x - 6 - TRIANGLE / 2), round(box.y + box.height / 2)] }
  return out
}
