/**
 * Phase 1 of the layout: the layered graph. Ranks every node (longest path
 * from the sources, objectives pulled to the bottom row) and splits every
 * wire that spans several ranks into a chain of dummy nodes, one per rank,
 * as in Sugiyama, Tagawa and Toda (1981), "Methods for visual understanding
 * of hierarchical system structures".
 *
 * Hand-written rather than taken from dagre or ELK: the notation's own
 * placement rules (side entries, ports on modules and ops, the sample row)
 * must shape every phase, and the whole layout has to be synchronous and run
 * in well under a millisecond for an article-sized figure (see README,
 * Architecture).
 */
import type { Diagram, DiagramNode, Wire } from '../ir/types.js'
import type { Measured } from './measure.js'

export interface LayerNode {
  /** The diagram node id, or `wireIndex/rank` for a dummy. */
  key: string
  node?: DiagramNode
  measured?: Measured
  rank: number
  /** Position within the rank, left to right. */
  order: number
  /** Centre of the shape; where straight wires attach. */
  x: number
  /** Room taken left and right of `x` (shape, decorations, side ports). */
  left: number
  right: number
  up: LayerEdge[]
  down: LayerEdge[]
}

export interface LayerEdge {
  from: LayerNode
  to: LayerNode
  /** Index of the diagram wire this segment belongs to. */
  wire: number
  /** Gansner et al. (1993): long wires pull harder to stay straight. */
  weight: number
  /** Where the segment attaches on `to`, relative to `to.x`. */
  toOffset: number
  /** Set on the last segment of a side entry: the side of the target it enters. */
  side?: -1 | 1
  /** A sample wire: a lone sample hangs under its source, a joint one follows its own chain. */
  sample?: 'lone' | 'joint'
}

/** One diagram wire as a path through the layers. */
export interface Route {
  wire: Wire
  index: number
  /** The source node, the dummies in rank order, the target node. */
  nodes: LayerNode[]
  /** Top: enters the target from above. Side: runs beside it and turns in. */
  entry: 'top' | 'side'
  side: -1 | 1
  /** For side entries into a module: vertical offset of the arrow from the centre. */
  entryDy: number
}

export interface Layered {
  ranks: LayerNode[][]
  routes: Route[]
  byId: Map<string, LayerNode>
}

/** Rank by longest path (Kahn's order); objectives share the bottom row. Assumes no cycle. */
function rank(diagram: Diagram, objectives: Set<string>): Map<string, number> {
  const ranks = new Map<string, number>()
  const indegree = new Map(diagram.nodes.map((n) => [n.id, 0]))
  const out = new Map<string, string[]>()
  for (const w of diagram.wires) {
    indegree.set(w.to, (indegree.get(w.to) ?? 0) + 1)
    const list = out.get(w.from)
    if (list) list.push(w.to)
    else out.set(w.from, [w.to])
  }
  const queue = diagram.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id)
  for (const id of queue) ranks.set(id, 0)
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!
    for (const child of out.get(id) ?? []) {
      ranks.set(child, Math.max(ranks.get(child) ?? 0, ranks.get(id)! + 1))
      indegree.set(child, indegree.get(child)! - 1)
      if (indegree.get(child) === 0) queue.push(child)
    }
  }
  // Objectives get the bottom row to themselves: one below everything else.
  const sinks = [...objectives].filter((id) => !out.has(id))
  const others = [...ranks].filter(([id]) => !sinks.includes(id)).map(([, r]) => r)
  const bottom = Math.max(0, ...others.map((r) => r + 1), ...sinks.map((id) => ranks.get(id) ?? 0))
  for (const id of sinks) ranks.set(id, bottom)
  return ranks
}

/**
 * Which inputs enter from above and which from the side (the notation:
 * merges into an analytic op come in from both sides; a module's extra input,
 * such as a condition, enters from the side; a block chain such as
 * `(MHA) -> (+)` stays vertical).
 */
function entries(diagram: Diagram, ranks: Map<string, number>): Map<Wire, 'top' | 'side'> {
  const result = new Map<Wire, 'top' | 'side'>()
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]))
  const inputs = new Map<string, Wire[]>()
  for (const w of diagram.wires) {
    const list = inputs.get(w.to)
    if (list) list.push(w)
    else inputs.set(w.to, [w])
  }
  for (const [id, wires] of inputs) {
    const target = byId.get(id)!
    const r = ranks.get(id)!
    const adjacent = (w: Wire) => ranks.get(w.from) === r - 1
    for (const w of wires) {
      let entry: 'top' | 'side' = 'top'
      if (wires.length > 1 && target.kind === 'op') {
        entry = adjacent(w) && byId.get(w.from)!.kind !== 'variable' ? 'top' : 'side'
      } else if (wires.length > 1 && target.kind === 'module') {
        entry = wires.some(adjacent) && !adjacent(w) ? 'side' : 'top'
      }
      result.set(w, entry)
    }
  }
  return result
}

/** Build the layered graph: ranks, dummies, and each wire's route through them. */
export function layer(diagram: Diagram, measured: Map<string, Measured>, objectives: Set<string>): Layered {
  const ranks = rank(diagram, objectives)
  const entry = entries(diagram, ranks)
  const depth = Math.max(0, ...ranks.values()) + 1
  const layers: LayerNode[][] = Array.from({ length: depth }, () => [])
  const byId = new Map<string, LayerNode>()
  const add = (node: LayerNode) => {
    node.order = layers[node.rank]!.length
    layers[node.rank]!.push(node)
    return node
  }
  for (const n of diagram.nodes) {
    const m = measured.get(n.id)!
    byId.set(n.id, add({ key: n.id, node: n, measured: m, rank: ranks.get(n.id)!, order: 0, x: 0, left: m.width / 2 + m.padLeft, right: m.width / 2 + m.padRight, up: [], down: [] }))
  }
  const routes: Route[] = diagram.wires.map((wire, index) => {
    const from = byId.get(wire.from)!
    const to = byId.get(wire.to)!
    const nodes = [from]
    for (let r = from.rank + 1; r < to.rank; r++) {
      nodes.push(add({ key: `${index}/${r}`, rank: r, order: 0, x: 0, left: 0, right: 0, up: [], down: [] }))
    }
    nodes.push(to)
    for (let i = 0; i + 1 < nodes.length; i++) {
      const a = nodes[i]!
      const b = nodes[i + 1]!
      // Gansner et al. weight long wires' inner segments most, to keep them
      // straight. A lone sample hangs right under its tilde; a joint sample
      // pulls its source over the middle of its variables.
      const joint = wire.kind === 'sample' && diagram.wires.filter((w) => w.from === wire.from).length > 1
      // A long wire leaving a node yields to the node's short wires (a residual
      // steps aside for the main chain).
      const weight = wire.kind === 'sample' ? (joint ? 2 : 8) : a.node && b.node ? 1 : a.node ? 0.5 : b.node ? 1 : 8
      const edge: LayerEdge = { from: a, to: b, wire: index, weight, toOffset: 0, ...(wire.kind === 'sample' ? { sample: joint ? 'joint' : 'lone' } : {}) }
      a.down.push(edge)
      b.up.push(edge)
    }
    return { wire, index, nodes, entry: entry.get(wire) ?? 'top', side: 1, entryDy: 0 }
  })
  return { ranks: layers, routes, byId }
}
