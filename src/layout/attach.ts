/**
 * Phase `attach`: where each wire meets its lower end. Which side a side
 * input takes and its port column; where several top inputs land.
 */
import type { Layered, LayerEdge, LayerNode, Route } from './layered.js'
import { append } from '../ir/multimap.js'
import { SHAPES } from './shapes.js'

/** How many inputs enter one side of an op, at different heights. */
const OP_SIDE = 2

/** How hard a tap, a ∇ op or a density op pulls towards its side-exit column (a long wire's inner segments pull 8). */
const SIDE_EXIT_PULL = 8

/** How far a top input keeps from the ends of its share of a module's top, so that two stay apart. */
const SLOT_MARGIN = 8

/** Port columns beside a node: the step between two of them. */
export const PORT_STEP = 12

/** Room between a frame and what it holds, and between a frame and its neighbours. */
export const FRAME_PAD = 10

/**
 * Two objectives side by side on the bottom row, each entered from above:
 * no wire can pass between them (there is no row below), so only their
 * labels need keeping apart, as words in a line are.
 */
const OBJECTIVE_GAP = 20

/** Whether `n` is an objective that every wire enters from above. */
const topOnlyObjective = (n: LayerNode) => n.objective === true && n.up.every((e) => e.side === undefined)

/** Gap between neighbours in a rank, by what they are; frames add their padding at each group boundary. */
export function gap(a: LayerNode, b: LayerNode): number {
  const base = a.node && b.node ? (topOnlyObjective(a) && topOnlyObjective(b) ? OBJECTIVE_GAP : 36) : a.node || b.node ? 22 : 14
  return a.group === b.group ? base : base + FRAME_PAD * boundaries(a, b)
}

/** How many frame edges stand between two neighbours in a rank. */
function boundaries(a: LayerNode, b: LayerNode): number {
  const inA = new Set<unknown>()
  for (let g = a.group; g; g = g.parent) inA.add(g)
  let count = inA.size
  for (let g = b.group; g; g = g.parent) count += inA.has(g) ? -1 : 1
  return count
}

/** Height between two side entries of one side: a port step on a module, less on an op's short side. */
export function entryStep(target: LayerNode): number {
  return target.node!.kind === 'module' ? PORT_STEP : Math.min(8, target.measured!.height / 4)
}

/**
 * How far from a target's centre a side input's column must stay: clear of
 * the shape and its star or note, with room for an arrowhead into a module.
 */
export function clearance(target: LayerNode, side: -1 | 1): number {
  const m = target.measured!
  return m.width / 2 + (side < 0 ? m.padLeft : m.padRight) + (target.node!.kind === 'module' ? 12 : 6)
}

/** How much nearer than its clearance a side input may come down into an op (which takes no arrowhead) and still turn straight in. */
const OP_STUB = 3

/**
 * How far a side input coming down column x must still move out for it to
 * turn straight into the side of the target standing at `at` (with room for
 * an arrowhead into a module, a short stub into an op); 0 or less where it
 * already can.
 */
export function entryShortfall(target: LayerNode, side: -1 | 1, x: number, at = target.x): number {
  const stub = target.node!.kind === 'module' ? 0 : OP_STUB
  return clearance(target, side) - stub - 0.5 - side * (x - at)
}

/**
 * How far below its centre a wire leaves a node's side: at the centre, or,
 * when inputs enter that side, one port step below the lowest of them, so
 * that the exit neither meets an entry nor runs along its column.
 */
function exitBelowEntries(node: LayerNode, sign: -1 | 1, routes: Route[]): number {
  const entries = routes.filter((r) => r.entry === 'side' && r.side === sign && !r.reversed).map((r) => r.entryDy)
  if (!entries.length) return 0
  return Math.min(Math.max(...entries) + PORT_STEP, node.measured!.height / 2 - 4)
}

/** The routes that end at each node, by the node. */
function inputs(layered: Layered): Map<LayerNode, Route[]> {
  const result = new Map<LayerNode, Route[]>()
  for (const route of layered.routes) {
    const target = route.nodes[route.nodes.length - 1]!
    append(result, target, route)
  }
  return result
}

const lastEdge = (r: Route) => r.edges[r.edges.length - 1]!
const upper = (r: Route) => r.nodes[r.nodes.length - 2]!

/**
 * Several blocks feeding one op from above (W_q, W_k, W_v into MHA): the op
 * widens into an ellipse whose slots sit right under its inputs' centres.
 */
function widen(target: LayerNode, top: Route[]): void {
  const m = target.measured!
  const uppers = top.map(upper)
  const centres: number[] = [0]
  for (let i = 1; i < uppers.length; i++) {
    centres.push(centres[i - 1]! + uppers[i - 1]!.right + gap(uppers[i - 1]!, uppers[i]!) + uppers[i]!.left)
  }
  const middle = (centres[0]! + centres[centres.length - 1]!) / 2
  top.forEach((r, i) => (lastEdge(r).toOffset = centres[i]! - middle))
  m.shape = 'ellipse'
  const outer = Math.min(uppers[0]!.measured?.width ?? 0, uppers[uppers.length - 1]!.measured?.width ?? 0)
  m.width = Math.max(m.width, centres[centres.length - 1]! + outer)
  m.height = Math.max(m.height, Math.min(56, Math.round(m.width * 0.16)))
  target.left = Math.max(target.left, m.width / 2)
  target.right = Math.max(target.right, m.width / 2 + m.padRight)
}

/**
 * Where a node's top inputs (`edges`, left to right) land: evenly spaced
 * slots across a flat top (the shape table's `slots`; a round one takes them
 * all at its centre);
 * once placed (`byPosition`), an input that comes down over its own slot's
 * share of the top lands where it comes down, so that it drops straight
 * instead of jogging onto the slot.
 */
function landTop(target: LayerNode, edges: LayerEdge[], byPosition: boolean): void {
  const m = target.measured!
  const span = SHAPES[m.shape].slots ? m.width : 0
  const cell = edges.length > 1 ? span / edges.length : 0
  const margin = Math.min(SLOT_MARGIN, cell / 4)
  edges.forEach((edge, i) => {
    const left = -span / 2 + i * cell
    const column = edge.from.x + edge.fromOffset - target.x
    edge.toOffset = cell === 0 ? 0 : byPosition && column >= left + margin && column <= left + cell - margin ? column : left + cell / 2
  })
}

/**
 * A placed node's top inputs land again where they now come down (see
 * landTop), after a settle pass has moved it; an op widened for several top
 * inputs keeps its fixed entries.
 */
export function relandTop(target: LayerNode): void {
  const top = target.up.filter((e) => e.side === undefined)
  // A long wire's waypoint has no top to land on.
  if (!target.node || (top.length > 1 && target.node.kind === 'op')) return
  landTop(target, top.sort((a, b) => a.from.order - b.from.order), true)
}

/**
 * Decide sides, side-port columns and top attach points.
 * Pre: ranks ordered; with `byPosition`, x placed. Post: every last segment
 * has its `toOffset`; side entries have `side`, a one-sided pull (weight 2)
 * and their port column; targets' `left`/`right` hold their port columns; a
 * box fed from above by more inputs than its top holds a port step apart, and
 * an op fed from above by several, are widened to hold them.
 * @param byPosition once placed, a side input simply enters the side it stands on
 */
export function attach(layered: Layered, byPosition = false): void {
  const byTarget = inputs(layered)
  for (const [target, routes] of byTarget) {
    const m = target.measured!
    const sorted = [...routes].sort((a, b) => upper(a).order - upper(b).order)
    if (target.node!.kind === 'op' && !byPosition) {
      // An op's sides hold two inputs each; the ones in between come down its top.
      const side = sorted.filter((r) => r.entry === 'side' && !r.reversed)
      for (const r of side.slice(OP_SIDE, -OP_SIDE)) r.entry = 'top'
    }
    const top = sorted.filter((r) => r.entry === 'top')
    const side = sorted.filter((r) => r.entry === 'side')
    if (top.length > 1 && target.node!.kind === 'op') widen(target, top)
    else {
      // A box fed by more inputs than its top holds a port step apart grows to
      // hold them: closer, their drops would read as one wire.
      if (m.shape === 'rect' && top.length * PORT_STEP > m.width) {
        m.width = top.length * PORT_STEP
        target.left = Math.max(target.left, m.width / 2 + m.padLeft)
        target.right = Math.max(target.right, m.width / 2 + m.padRight)
      }
      landTop(target, top.map(lastEdge), byPosition)
    }
    // Side inputs: those left of the top inputs go left, right of them go right;
    // without top inputs, the first half in order goes left.
    // Once placed, by the side its column stands on; a column that still stands
    // over the target's top with inputs coming down it keeps the side of its order
    // among them: entering the other side, it would cross their way to the top.
    const firstTop = top.length ? upper(top[0]!).order : Infinity
    const byOrder = (r: Route) => upper(r).order < firstTop
    const goesLeft = new Set(
      byPosition
        ? side.filter((r) => (top.length && Math.abs(upper(r).x - target.x) < m.width / 2 ? byOrder(r) : upper(r).x < target.x))
        : top.length ? side.filter(byOrder) : side.slice(0, Math.ceil(side.length / 2))
    )
    // Two operands of an op that both stand on one side would enter it without
    // their order: the one nearer the empty side takes it when it is a long wire,
    // whose column can move out there (slideToPorts). Two short ones from the
    // rank just above are left to alignOps and splitOperands, which move the op.
    if (byPosition && target.node!.kind === 'op' && side.length === 2 && top.length === 0 && goesLeft.size !== 1) {
      const [a, b] = [...side].sort((p, q) => upper(p).x - upper(q).x) as [Route, Route]
      const outer = goesLeft.size === 2 ? b : a
      if (outer.nodes.length > 2) {
        if (goesLeft.size === 2) goesLeft.delete(outer)
        else goesLeft.add(outer)
      }
    }
    const left = side.filter((r) => goesLeft.has(r))
    const right = side.filter((r) => !goesLeft.has(r))
    const step = entryStep(target)
    // An update's dashed arrow runs straight across into the side facing its rule, at mid-height:
    // entries on that side keep off its line, or the two read as one wire.
    const flatSide = target.flat && target.flat.nodes[1] !== target ? Math.sign(target.flat.nodes[1].order - target.order) : 0
    // Columns clear the star and the side note, nearest column for the nearest wire.
    const place = (list: Route[], sign: -1 | 1, base: number) => {
      const nearestFirst = sign < 0 ? [...list].reverse() : list
      // Above it, as inputs come from above and would otherwise cross it.
      const offMiddle = sign !== flatSide || list.length % 2 === 0 ? 0 : list.length === 1 ? -step : -step / 2
      nearestFirst.forEach((r, j) => {
        r.side = sign
        const edge = lastEdge(r)
        edge.toOffset = sign * (base + j * PORT_STEP)
        // One-sided (see place.ts): it pulls only while the input is not far enough out.
        edge.weight = 2
        edge.side = sign
        // Several on one side enter at different heights, the nearest highest,
        // so that none runs along another or crosses it.
        r.entryDy = (j - (nearestFirst.length - 1) / 2) * step + offMiddle
      })
      return list.length ? base + (list.length - 1) * PORT_STEP + 6 : 0
    }
    target.left = Math.max(target.left, place(left, -1, clearance(target, -1)))
    target.right = Math.max(target.right, place(right, 1, clearance(target, 1)))
  }
  sideExits(layered, byPosition, byTarget)
  tildeExits(layered, byPosition)
}

/**
 * A value wire of a node that hangs a tilde leaves its side too: its bottom
 * is the tilde's. Before placement the right side; once placed, the side its
 * column stands on.
 */
function tildeExits(layered: Layered, byPosition: boolean, only?: Set<LayerNode>): void {
  // The nodes that hang a tilde, found once: asking each wire's source anew costs its fan-out per wire.
  const tilded = new Set<LayerNode>()
  for (const route of layered.routes) if (route.wire.kind === 'sample' && !route.reversed) tilded.add(route.nodes[0]!)
  for (const route of layered.routes) {
    if (route.reversed || exitsSide(route) || !hangsTilde(route, tilded) || (only && !only.has(route.nodes[0]!))) continue
    const [from, next] = route.nodes as [LayerNode, LayerNode]
    const sign = byPosition && next.x + route.edges[0]!.toOffset < from.x ? -1 : 1
    const out = clearance(from, sign)
    route.edges[0]!.fromOffset = sign * out
    if (sign < 0) from.left = Math.max(from.left, out + 6)
    else from.right = Math.max(from.right, out + 6)
  }
}

/**
 * Phase `clearStems`, after snapping: a wire that comes down into a box's
 * top must not land on the column where another net's stem leaves the rank
 * above to turn in the channel between (a variable over the box that feeds
 * something else): its drop would run on down that stem, two wires read as
 * one. It lands a port step aside on the box's top instead, towards where
 * it comes from, where the top has room and the new column meets no other
 * stem nor another of the box's inputs.
 * Post: no top entry into a drawn box lands within half a port step of
 * another net's stem in the channel above it, where a step fitted.
 */
export function clearStems(layered: Layered): void {
  const netOf = (n: LayerNode, e: LayerEdge) => (n.node ? n.node.id : layered.routeOf.get(e.wire)!.wire.from)
  for (let r = 0; r + 1 < layered.ranks.length; r++) {
    // Stems: where a node's wire leaves its bottom and turns in this channel.
    const stems: { column: number; net: string }[] = []
    for (const u of layered.ranks[r]!) {
      const turning = u.down.find((e) => e.fromOffset === 0 && Math.abs(e.to.x + e.toOffset - u.x) >= 0.5)
      if (turning) stems.push({ column: u.x, net: netOf(u, turning) })
    }
    if (!stems.length) continue
    for (const w of layered.ranks[r + 1]!) {
      if (!w.node || w.measured!.shape === 'text' || !SHAPES[w.measured!.shape].slots) continue
      const top = w.up.filter((e) => e.side === undefined)
      for (const e of top) {
        const net = netOf(e.from, e)
        const onStem = (column: number) => stems.some((s) => s.net !== net && Math.abs(s.column - column) < PORT_STEP / 2)
        const landing = w.x + e.toOffset
        if (!onStem(landing)) continue
        // Towards where the wire comes from: the nearest waypoint up its route off this column.
        const route = layered.routeOf.get(e.wire)!
        const from = route.nodes.slice(0, -1).reverse().find((n) => Math.abs(n.x - landing) >= 0.5)?.x ?? landing
        const toward = from < landing ? -1 : 1
        const room = w.measured!.width / 2 - SLOT_MARGIN
        const clear = (offset: number) => Math.abs(offset) <= room && !onStem(w.x + offset) && top.every((f) => f === e || Math.abs(w.x + f.toOffset - (w.x + offset)) >= PORT_STEP)
        const offset = [e.toOffset + toward * PORT_STEP, e.toOffset - toward * PORT_STEP].find(clear)
        if (offset !== undefined) e.toOffset = offset
      }
    }
  }
}

/**
 * Phase `faceExits`, after settling: every side exit leaves the side its
 * column stands on. `attach` chose the sides by position before settling
 * moved nodes; a move that carries a column past its node (beyond the far
 * side, not under it) would turn the exit back through the node, and a back
 * wire's last run would cross its own target. The exits of such a node are
 * dealt out again by position; all others stay as placed.
 * Pre: x final. Post: no exit's column lies beyond the opposite side.
 */
export function faceExits(layered: Layered): void {
  const turned = new Set<LayerNode>()
  for (const route of layered.routes) {
    const [from, next] = route.nodes as [LayerNode, LayerNode]
    const { fromOffset, toOffset } = route.edges[0]!
    const column = next.x + toOffset - from.x
    if (fromOffset * column < 0 && Math.abs(column) >= from.measured!.width / 2) turned.add(from)
  }
  if (!turned.size) return
  sideExits(layered, true, inputs(layered), turned)
  tildeExits(layered, true, turned)
}

/**
 * A back wire leaves its target's side, the side its column stands on; so do
 * a module's taps and side outputs, a derivative's link (not the module's
 * output) and a prior's density wire (not a sample under its tilde). Several
 * exits on one side take columns outwards, the nearest (once placed)
 * innermost and lowest, so that none crosses another: distinct values leave
 * at distinct heights, as taps from deeper layers would.
 */
function sideExits(layered: Layered, byPosition: boolean, byTarget: Map<LayerNode, Route[]>, only?: Set<LayerNode>): void {
  const reach = (r: Route) => Math.abs(r.nodes[1]!.x - r.nodes[0]!.x)
  const sideWires = new Set(layered.routes.filter(exitsSide).map((r) => r.index))
  const sides = new Map<string, { sign: -1 | 1; routes: Route[] }>()
  for (const route of layered.routes) {
    if ((!route.reversed && !exitsSide(route)) || (only && !only.has(route.nodes[0]!))) continue
    const [from, next] = route.nodes as [LayerNode, LayerNode]
    const sign = byPosition ? (next.x + route.edges[0]!.toOffset < from.x ? -1 : 1) : route.reversed ? 1 : orderedSide(from, next, sideWires)
    const key = `${from.key}:${sign}`
    const side = sides.get(key)
    if (side) side.routes.push(route)
    else sides.set(key, { sign, routes: [route] })
  }
  for (const { sign, routes } of sides.values()) {
    if (byPosition) routes.sort((a, b) => reach(a) - reach(b))
    const from = routes[0]!.nodes[0]!
    const below = exitBelowEntries(from, sign, byTarget.get(from) ?? [])
    let taken = 0
    routes.forEach((route, i) => {
      const next = route.nodes[1]!
      // A tapped value or a ∇ op hangs in the exit's column: its near edge, not its centre, keeps the clearance.
      const half = route.reversed || !next.node ? 0 : next.measured!.width / 2
      const out = clearance(from, sign) + taken + half
      taken += half ? 2 * half + gap(next, next) : PORT_STEP
      route.edges[0]!.fromOffset = sign * out
      // What hangs from a side exit keeps to its column: else it drifts under the node and the exit runs back through it.
      if (!route.reversed) route.edges[0]!.weight = SIDE_EXIT_PULL
      route.exitDy = Math.min(below + (routes.length - 1 - i) * PORT_STEP, from.measured!.height / 2 - 4)
      if (sign < 0) from.left = Math.max(from.left, out + 6)
      else from.right = Math.max(from.right, out + 6)
    })
  }
}

/**
 * Before placement, the side the order phase put a side exit's target on:
 * left when most of what the node feeds from its bottom stands right of it.
 * Leaving the other side, the exit would have to pass its own node's output
 * and placement would pull the target in under the node.
 */
function orderedSide(from: LayerNode, target: LayerNode, sideWires: Set<number>): -1 | 1 {
  let left = 0
  let right = 0
  for (const e of from.down) {
    if (sideWires.has(e.wire)) continue
    if (e.to.order > target.order) right++
    else left++
  }
  return right > left ? -1 : 1
}

/** Taps, derivative links and density wires: they leave their node's side by what they mean. */
function exitsSide(route: Route): boolean {
  return !!(route.wire.tap || route.wire.derivative || route.wire.density)
}

/**
 * A value wire leaving a node that also hangs a sample's tilde (`\pi ~ a`
 * under a produced distribution): were it to leave the bottom too, it would
 * run down through the tilde, and a reader could not tell the distribution's
 * wires from the sample.
 */
function hangsTilde(route: Route, tilded: Set<LayerNode>): boolean {
  return route.wire.kind === 'flow' && tilded.has(route.nodes[0]!)
}
