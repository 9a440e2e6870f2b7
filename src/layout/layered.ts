/**
 * Phase `layer`: the layered graph. Ranks every node (longest path from the
 * sources, objectives pulled to the bottom row, a trained tensor that only ops
 * use right above the first of them, an update between two networks of one
 * rank across that rank) and splits every wire that
 * spans several ranks into a chain of dummy nodes, one per rank, as in
 * Sugiyama, Tagawa and Toda (1981), "Methods for visual understanding of
 * hierarchical system structures".
 *
 * Hand-written rather than taken from dagre or ELK: the notation's own
 * placement rules (side entries, ports on modules and ops, the sample row,
 * frames) must shape every phase, and the whole layout has to be synchronous
 * and run in well under a millisecond for an article-sized figure (see
 * README, Architecture).
 */
import { DgmError } from '../diagnostics.js'
import type { Diagram, DiagramNode, NodeKind, Wire } from '../ir/types.js'
import { MAX_LAYOUT_CELLS } from '../limits.js'
import type { Measured } from './measure.js'
import { append } from '../ir/multimap.js'
import { runsWidth } from '../text/metrics.js'

/** Room right of a node for a wire looping back into it. */
export const LOOP = 20

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
  /** The innermost group holding it; for a dummy see `dummyGroup`. */
  group?: GroupNode
  /** A dummy's wire. */
  route?: Route
  /** An objective: it stands on the bottom row, which it shares with objectives only. */
  objective?: true
  /** An update drawn across its rank (see `Flat`): its source, rule and target, which stand side by side in that order or reversed. */
  flat?: Flat
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
  /** Where it leaves `from`, relative to `from.x`: non-zero for a back wire's side exit. */
  fromOffset: number
  /** Set on the last segment of a side entry: the side of the target it enters. */
  side?: -1 | 1
  /** A sample wire: a lone sample hangs under its source, a joint one follows its own chain. */
  sample?: 'lone' | 'joint'
}

/** One diagram wire as a path through the layers. */
export interface Route {
  wire: Wire
  index: number
  /** The upper end, the dummies in rank order, the lower end. */
  nodes: LayerNode[]
  /** The segments between them, top down. */
  edges: LayerEdge[]
  /** Top: enters the lower end from above. Side: runs beside it and turns in. */
  entry: 'top' | 'side'
  side: -1 | 1
  /** For side entries into a module: vertical offset of the arrow from the centre. */
  entryDy: number
  /** For side exits: vertical offset of the exit from the source's centre, below the inputs entering that side. */
  exitDy: number
  /**
   * A back wire, laid out top down from its target to its source (`nodes`
   * run against the wire) until routing restores its direction.
   */
  reversed: boolean
}

/**
 * An update (`update target from source: rule`) drawn across one rank: source,
 * rule and target side by side, the rule's dashed wires running straight
 * between them, as the moving-average arrow between the online and target
 * networks runs across a hand-drawn figure. Layered, the update would rank
 * the target below its source and push the target's own input onto its
 * side, as if the update were its data. Only where the two stand on one rank
 * by their data anyway; elsewhere the rule is layered like any op.
 */
export interface Flat {
  /** Source, rule, target. */
  nodes: [LayerNode, LayerNode, LayerNode]
  /** The wires source → rule and rule → target. */
  wires: [Wire, Wire]
}

/** A group of the diagram, as a tree. */
export interface GroupNode {
  id: string
  parent?: GroupNode
  /** Nesting depth: 0 for an outermost group. */
  depth: number
}

export interface Layered {
  ranks: LayerNode[][]
  routes: Route[]
  /** Each route by its wire's index (loops and flat wires have none). */
  routeOf: Map<number, Route>
  /** Updates drawn across a rank; their wires have no routes. */
  flats: Flat[]
  byId: Map<string, LayerNode>
  /** Outer before inner. */
  groups: GroupNode[]
}

/**
 * Make acyclic: the wires left out of ranking. Marked back wires, and any
 * wire that closes a cycle found by depth-first search in source order (as
 * dagre's `acyclic`); `layer` lays these out reversed and `route` restores
 * their direction.
 */
export function backWires(diagram: Diagram): Set<Wire> {
  const back = new Set(diagram.wires.filter((w) => w.back))
  const out = new Map<string, Wire[]>()
  for (const w of diagram.wires) {
    if (back.has(w)) continue
    append(out, w.from, w)
  }
  const state = new Map<string, 'open' | 'done'>()
  for (const root of diagram.nodes) {
    if (state.has(root.id)) continue
    // Iterative, so that a long chain cannot overflow the stack.
    const stack: [string, number][] = [[root.id, 0]]
    state.set(root.id, 'open')
    while (stack.length) {
      const top = stack[stack.length - 1]!
      const wire = (out.get(top[0]) ?? [])[top[1]++]
      if (!wire) {
        state.set(top[0], 'done')
        stack.pop()
      } else if (state.get(wire.to) === 'open') {
        back.add(wire)
      } else if (!state.has(wire.to)) {
        state.set(wire.to, 'open')
        stack.push([wire.to, 0])
      }
    }
  }
  return back
}

/**
 * Rank by longest path (Kahn's order) over the forward wires; objectives
 * share the bottom row. A back wire between two nodes of one rank becomes a
 * forward constraint, so that it can run down a rank (a node never waits on
 * itself, so this adds no cycle).
 */
function rank(diagram: Diagram, objectives: Set<string>, back: Set<Wire>, across: Set<Wire> = new Set()): Map<string, number> {
  const forward = diagram.wires.filter((w) => !back.has(w) && !across.has(w))
  for (;;) {
    const ranks = longestPath(diagram, forward, objectives)
    const level = back.size ? [...back].filter((w) => w.from !== w.to && ranks.get(w.from) === ranks.get(w.to)) : []
    if (!level.length) return ranks
    forward.push(level[0]!)
  }
}

/**
 * The updates that can run across a rank, and the ranks with them (see
 * `Flat`). A candidate is a rule op with just its two update wires, between a
 * source and a target that take part in no other update, are no samples and
 * share their innermost group with it. Ranked without the candidates' wires,
 * a candidate whose source and target share a rank runs across it (the rule
 * joins them); the others are put back and the ranks taken again, until no
 * flat update's ends part.
 */
function acrossRanks(diagram: Diagram, objectives: Set<string>, back: Set<Wire>, groupOf: Map<string, GroupNode>): { ranks: Map<string, number>; across: Map<string, [Wire, Wire]> } {
  // Most diagrams update nothing.
  if (!diagram.wires.some((w) => w.update)) return { ranks: rank(diagram, objectives, back), across: new Map() }
  const into = new Map<string, Wire[]>()
  const outOf = new Map<string, Wire[]>()
  for (const w of diagram.wires) {
    append(into, w.to, w)
    append(outOf, w.from, w)
  }
  const updates = (id: string) => (into.get(id) ?? []).filter((w) => w.update).length + (outOf.get(id) ?? []).filter((w) => w.update).length
  const sampled = (id: string) => (into.get(id) ?? []).some((w) => w.kind === 'sample')
  const across = new Map<string, [Wire, Wire]>()
  for (const node of diagram.nodes) {
    const [inWire, ...moreIn] = into.get(node.id) ?? []
    const [outWire, ...moreOut] = outOf.get(node.id) ?? []
    if (node.kind !== 'op' || !inWire?.update || !outWire?.update || moreIn.length || moreOut.length) continue
    const [source, target] = [inWire.from, outWire.to]
    if (source === target || back.has(inWire) || back.has(outWire) || updates(source) !== 1 || updates(target) !== 1 || sampled(source) || sampled(target)) continue
    const group = groupOf.get(node.id)
    if (groupOf.get(source) !== group || groupOf.get(target) !== group) continue
    across.set(node.id, [inWire, outWire])
  }
  for (;;) {
    const ranks = rank(diagram, objectives, back, new Set([...across.values()].flat()))
    const parted = [...across].filter(([, [a, b]]) => ranks.get(a.from) !== ranks.get(b.to) || objectives.has(b.to))
    if (!parted.length) {
      for (const [rule, [a]] of across) ranks.set(rule, ranks.get(a.from)!)
      return { ranks, across }
    }
    for (const [rule] of parted) across.delete(rule)
  }
}

/**
 * A trained variable without inputs is a parameter when only analytic ops use
 * it (`onlyOps`): it hangs above the first of them (see longestPath).
 */
const trainedSource = (n: DiagramNode, fed: boolean) => n.kind === 'variable' && (n.trainable || n.learned === true) && !fed
const onlyOps = (users: NodeKind[]) => users.length > 0 && users.every((kind) => kind === 'op')

/**
 * A parameter starts the order phase beside the other operands of the op it
 * hangs over, where it was written among them (`*cls, e -> (concat)`: left of
 * e), since sweeps keep the order of nodes that tie. Pre: the ranks hold the
 * nodes only, numbered.
 */
function parametersInPlace(diagram: Diagram, layers: LayerNode[][], byId: Map<string, LayerNode>): void {
  const fed = new Set(diagram.wires.map((w) => w.to))
  for (const n of diagram.nodes) {
    // Most nodes are no trained variables: the wires are looked through only for those.
    if (!trainedSource(n, fed.has(n.id))) continue
    const out = diagram.wires.flatMap((w, i) => (w.from === n.id ? [[w, i] as const] : []))
    if (!onlyOps(out.map(([w]) => byId.get(w.to)!.node!.kind))) continue
    const node = byId.get(n.id)!
    const [first, index] = out.reduce((a, b) => (byId.get(b[0].to)!.rank < byId.get(a[0].to)!.rank ? b : a))
    // The first co-operand in its rank written after it; with none, it stays where it is.
    const after = diagram.wires.find((w, i) => i > index && w.to === first.to && byId.get(w.from)!.rank === node.rank)
    if (!after) continue
    const rank = layers[node.rank]!
    rank.splice(node.order, 1)
    rank.splice(rank.indexOf(byId.get(after.from)!), 0, node)
    rank.forEach((m, i) => (m.order = i))
  }
}

function longestPath(diagram: Diagram, wires: Wire[], objectives: Set<string>): Map<string, number> {
  const ranks = new Map<string, number>()
  const indegree = new Map(diagram.nodes.map((n) => [n.id, 0]))
  const out = new Map<string, string[]>()
  for (const w of wires) {
    indegree.set(w.to, (indegree.get(w.to) ?? 0) + 1)
    append(out, w.from, w.to)
  }
  const queue = diagram.nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id)
  const fed = new Set(diagram.nodes.filter((n) => indegree.get(n.id)! > 0).map((n) => n.id))
  const kinds = new Map(diagram.nodes.map((n) => [n.id, n.kind]))
  for (const id of queue) ranks.set(id, 0)
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!
    for (const child of out.get(id) ?? []) {
      ranks.set(child, Math.max(ranks.get(child) ?? 0, ranks.get(id)! + 1))
      indegree.set(child, indegree.get(child)! - 1)
      if (indegree.get(child) === 0) queue.push(child)
    }
  }
  // A trained tensor without inputs that only analytic ops use (a codebook `*e` into
  // `(nearest)`, a soft prompt into `(concat)`) is a parameter, not data: it hangs
  // right above the first op that uses it and enters its side, as a hand drawing puts
  // a weight beside the operation, instead of running down from the data row past
  // everything in between. One a module takes (an initial state) would land on the
  // module's top beside its input, so it stays.
  for (const n of diagram.nodes) {
    const users = out.get(n.id)
    if (!users || !trainedSource(n, fed.has(n.id)) || !onlyOps(users.map((id) => kinds.get(id)!))) continue
    ranks.set(n.id, Math.min(...users.map((child) => ranks.get(child)!)) - 1)
  }
  // Objectives get the bottom row to themselves: one below everything else.
  const sinks = new Set([...objectives].filter((id) => !out.has(id)))
  let bottom = 0
  for (const [id, r] of ranks) bottom = Math.max(bottom, sinks.has(id) ? r : r + 1)
  for (const id of sinks) ranks.set(id, bottom)
  return ranks
}

/**
 * Which inputs enter from above and which from the side (the notation:
 * merges into an analytic op come in from both sides; a module's extra input,
 * such as a condition, enters from the side). In a training setup (a diagram
 * with objectives) every input of a merging op comes in from a side; in a
 * block without objectives (a transformer layer) a chain such as
 * `(MHA) -> (+)` stays vertical. A back wire always enters from the side.
 */
function entries(diagram: Diagram, ranks: Map<string, number>, back: Set<Wire>, training: boolean, across: Set<Wire>): Map<Wire, 'top' | 'side'> {
  const result = new Map<Wire, 'top' | 'side'>()
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]))
  const inputs = new Map<string, Wire[]>()
  for (const w of diagram.wires) {
    if (across.has(w)) continue
    if (back.has(w)) {
      result.set(w, 'side')
      continue
    }
    append(inputs, w.to, w)
  }
  for (const [id, wires] of inputs) {
    const target = byId.get(id)!
    const r = ranks.get(id)!
    const adjacent = (w: Wire) => ranks.get(w.from) === r - 1
    const anyAdjacent = wires.some(adjacent)
    for (const w of wires) {
      let entry: 'top' | 'side' = 'top'
      // A derivative's link hangs the ∇ op from its module, a density wire the `log p` op from its prior:
      // it comes down the op's top, the inputs take the sides.
      if (w.derivative || w.density) {
        result.set(w, entry)
        continue
      }
      if (wires.length > 1 && target.kind === 'op') {
        entry = !training && adjacent(w) && byId.get(w.from)!.kind !== 'variable' ? 'top' : 'side'
      } else if (wires.length > 1 && target.kind === 'module') {
        entry = anyAdjacent && !adjacent(w) ? 'side' : 'top'
      }
      result.set(w, entry)
    }
  }
  return result
}

/** The group tree, outer before inner, and the innermost group of each node. */
function groupTree(diagram: Diagram): { groups: GroupNode[]; of: Map<string, GroupNode> } {
  const defined = diagram.groups ?? []
  const byId = new Map<string, GroupNode>(defined.map((g) => [g.id, { id: g.id, depth: 0 }]))
  for (const g of defined) {
    const node = byId.get(g.id)!
    const parent = g.parent === undefined ? undefined : byId.get(g.parent)
    // A parent chain that comes back to the group would nest it in itself: drop that link.
    let cycle = false
    for (let p = parent; p && !cycle; p = p.parent) cycle = p === node
    if (parent && !cycle) node.parent = parent
  }
  const groups = [...byId.values()]
  for (const g of groups) for (let p = g.parent; p; p = p.parent) g.depth++
  groups.sort((a, b) => a.depth - b.depth)
  const of = new Map<string, GroupNode>()
  for (const g of defined) for (const id of g.nodes) of.set(id, byId.get(g.id)!)
  return { groups, of }
}

/** First and last rank of each group's nodes, nested groups' included. */
function groupRanks(of: Map<string, GroupNode>, ranks: Map<string, number>): Map<GroupNode, [number, number]> {
  const spans = new Map<GroupNode, [number, number]>()
  for (const [id, group] of of) {
    const r = ranks.get(id)
    // A group may name a node that does not exist: it has no rank.
    if (r === undefined) continue
    for (let g: GroupNode | undefined = group; g; g = g.parent) {
      const span = spans.get(g)
      if (span) {
        span[0] = Math.min(span[0], r)
        span[1] = Math.max(span[1], r)
      } else spans.set(g, [r, r])
    }
  }
  return spans
}

/**
 * The group a dummy of a wire between `upper` and `lower` belongs to on rank
 * `r`: a wire into a group runs inside its frame from the frame's first rank
 * on, and a wire out of a group inside its frame down to the frame's last
 * rank, so that it crosses the frame's edge once and pushes no frame aside.
 * Elsewhere (or where it would be inside two frames that do not nest) the
 * innermost group holding both ends.
 */
function dummyGroup(upper: LayerNode, lower: LayerNode, r: number, spans: Map<GroupNode, [number, number]>): GroupNode | undefined {
  const common = commonGroup(upper.group, lower.group)
  const deepest = (from: GroupNode | undefined, inside: (span: [number, number]) => boolean) => {
    for (let g = from; g && g !== common; g = g.parent) if (inside(spans.get(g)!)) return g
    return undefined
  }
  const into = deepest(lower.group, ([top]) => top <= r)
  const outOf = deepest(upper.group, ([, bottom]) => bottom >= r)
  return into && outOf ? common : into ?? outOf ?? common
}

/** The innermost group holding both `a` and `b`. */
function commonGroup(a: GroupNode | undefined, b: GroupNode | undefined): GroupNode | undefined {
  const chain = new Set<GroupNode>()
  for (let g = a; g; g = g.parent) chain.add(g)
  for (let g = b; g; g = g.parent) if (chain.has(g)) return g
  return undefined
}

/**
 * Build the layered graph: ranks, dummies, and each wire's route through them.
 * Pre: node ids unique, wires name existing nodes. Throws `DgmError` at the
 * wire that takes the drawing over `MAX_LAYOUT_CELLS`. Post: every route runs down
 * one rank per segment; back wires run reversed (`route.reversed`); an update
 * across a rank has no route, its three nodes one `Flat` in `flats`.
 */
export function layer(diagram: Diagram, measured: Map<string, Measured>, objectives: Set<string>): Layered {
  const back = backWires(diagram)
  const { groups, of } = groupTree(diagram)
  const { ranks, across } = acrossRanks(diagram, objectives, back, of)
  const flatWires = new Set([...across.values()].flat())
  const flatEnds = new Map([...across.values()].flatMap(([a, b]) => [[a.from, 2.1], [b.to, 2]] as const))
  const entry = entries(diagram, ranks, back, objectives.size > 0, flatWires)
  const spans = groupRanks(of, ranks)
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
    // A rule across its rank has wires out of both sides: its note (an update's period) goes
    // above it, centred, with room beside the shape where the note is the wider.
    if (across.has(n.id) && n.note) {
      m.padTop = m.fontSize + 6
      m.padLeft = m.padRight = Math.max(0, (runsWidth(n.note, m.fontSize + 2) - m.width) / 2 + 4)
    }
    byId.set(n.id, add({ key: n.id, node: n, measured: m, rank: ranks.get(n.id)!, order: 0, x: 0, left: m.width / 2 + m.padLeft, right: m.width / 2 + m.padRight, up: [], down: [], group: of.get(n.id), ...(objectives.has(n.id) ? { objective: true as const } : {}) }))
  }
  parametersInPlace(diagram, layers, byId)
  const fanOut = new Map<string, number>()
  for (const w of diagram.wires) if (w.kind === 'sample') fanOut.set(w.from, (fanOut.get(w.from) ?? 0) + 1)
  const routes: Route[] = []
  let cells = diagram.nodes.length
  diagram.wires.forEach((wire, index) => {
    let upper = byId.get(wire.from)!
    let lower = byId.get(wire.to)!
    const reversed = upper.rank > lower.rank
    if (reversed) [upper, lower] = [lower, upper]
    // A loop on one node is drawn beside it, outside the layered graph; so is an update across a rank.
    if (flatWires.has(wire)) return
    if (upper === lower) {
      upper.measured!.padRight += LOOP
      upper.right += LOOP
      return
    }
    cells += lower.rank - upper.rank - 1
    if (cells > MAX_LAYOUT_CELLS) {
      const message = `Expected at most ${MAX_LAYOUT_CELLS} layout cells (nodes plus one per rank each wire crosses), got ${cells} with this wire: shorten long wires through a shared node, or split the diagram`
      throw new DgmError([{ severity: 'error', ruleId: 'too-large-layout', message, span: wire.span }], '')
    }
    const nodes = [upper]
    for (let r = upper.rank + 1; r < lower.rank; r++) {
      nodes.push(add({ key: `${index}/${r}`, rank: r, order: 0, x: 0, left: 0, right: 0, up: [], down: [], group: dummyGroup(upper, lower, r, spans) }))
    }
    nodes.push(lower)
    // A lone sample hangs right under its tilde; a joint sample pulls its
    // source over the middle of its variables.
    const joint = wire.kind === 'sample' && fanOut.get(wire.from)! > 1
    const edges: LayerEdge[] = []
    for (let i = 0; i + 1 < nodes.length; i++) {
      const a = nodes[i]!
      const b = nodes[i + 1]!
      // Gansner et al. weight long wires' inner segments most, to keep them
      // straight. A long wire leaving a node yields to the node's short wires
      // (a residual steps aside for the main chain).
      // A wire into an objective on the bottom row bends before a chain does.
      // An update's source and target cannot move apart (the rule stands between them):
      // their inputs pull twice as hard, so that what feeds them spreads to stand over
      // them instead of one of the two jogging off its input; where it cannot, the
      // source's pulls a little harder, so that it drops straight and only the target jogs.
      const weight = wire.kind === 'sample' ? (joint ? 2 : 8) : b.node && flatEnds.has(b.key) ? flatEnds.get(b.key)! : a.node && b.node ? (objectives.has(b.key) ? 0.5 : 1) : a.node ? 0.5 : b.node ? 1 : 8
      const edge: LayerEdge = { from: a, to: b, wire: index, weight, toOffset: 0, fromOffset: 0, ...(wire.kind === 'sample' ? { sample: joint ? 'joint' : 'lone' } : {}) }
      a.down.push(edge)
      b.up.push(edge)
      edges.push(edge)
    }
    const route: Route = { wire, index, nodes, edges, entry: reversed ? 'side' : entry.get(wire) ?? 'top', side: 1, entryDy: 0, exitDy: 0, reversed }
    for (const d of nodes) if (!d.node) d.route = route
    routes.push(route)
  })
  const flats = [...across].map(([rule, wires]): Flat => ({ nodes: [byId.get(wires[0].from)!, byId.get(rule)!, byId.get(wires[1].to)!], wires }))
  for (const flat of flats) for (const n of flat.nodes) n.flat = flat
  return { ranks: layers, routes, routeOf: new Map(routes.map((r) => [r.index, r])), flats, byId, groups }
}
