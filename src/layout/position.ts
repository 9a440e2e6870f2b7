/**
 * Phase 3: coordinates. First the attach points (which side each side input
 * takes, where several top inputs land). Then x: every rank in turn is placed
 * to minimise the weighted horizontal length of its wires (an L1 objective,
 * as in Gansner et al. 1993 §4) subject to its order and spacing. Each rank's
 * subproblem is an isotonic regression, solved exactly by pool-adjacent-
 * violators with weighted medians (Ayer et al. 1955; Robertson, Wright and
 * Dykstra 1988, ch. 1); sweeping the ranks until nothing moves is block
 * coordinate descent on the whole drawing.
 */
import type { Layered, LayerEdge, LayerNode, Route } from './layered.js'

/** Gap between neighbours in a rank, by what they are. */
function gap(a: LayerNode, b: LayerNode): number {
  if (a.node && b.node) return 36
  return a.node || b.node ? 22 : 14
}

/** Port columns beside a node: the step between two of them. */
const PORT_STEP = 12

/**
 * How far from a target's centre a side input's column must stay: clear of
 * the shape and its star or note, with room for an arrowhead into a module.
 */
export function clearance(target: LayerNode, side: -1 | 1): number {
  const m = target.measured!
  return m.width / 2 + (side < 0 ? m.padLeft : m.padRight) + (target.node!.kind === 'module' ? 12 : 6)
}

/** Decide sides, side-port columns and top attach points. Call after ordering. */
export function attach(layered: Layered, byPosition = false): void {
  const inputs = new Map<LayerNode, Route[]>()
  for (const route of layered.routes) {
    const target = route.nodes[route.nodes.length - 1]!
    const list = inputs.get(target)
    if (list) list.push(route)
    else inputs.set(target, [route])
  }
  for (const [target, routes] of inputs) {
    const m = target.measured!
    const upper = (r: Route) => r.nodes[r.nodes.length - 2]!.order
    const sorted = [...routes].sort((a, b) => upper(a) - upper(b))
    const top = sorted.filter((r) => r.entry === 'top')
    const side = sorted.filter((r) => r.entry === 'side')
    const lastEdge = (r: Route) => target.up.find((e) => e.wire === r.index)!
    if (top.length > 1 && target.node!.kind === 'op') {
      // Several blocks feeding one op from above (W_q, W_k, W_v into MHA): the op
      // widens into an ellipse whose slots sit right under its inputs' centres.
      const uppers = top.map((r) => r.nodes[r.nodes.length - 2]!)
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
    } else {
      // A module's top inputs: evenly spaced slots across its top, in order
      // (anything else takes them all at its centre).
      const span = m.shape === 'rect' || m.shape === 'strip' || m.shape === 'text' ? m.width : 0
      top.forEach((r, i) => {
        lastEdge(r).toOffset = top.length > 1 ? -span / 2 + ((i + 0.5) * span) / top.length : 0
      })
    }
    // Side inputs: those left of the top inputs go left, right of them go right;
    // without top inputs, the first half in order goes left.
    const firstTop = top.length ? upper(top[0]!) : Infinity
    // Once placed, an input simply enters the side it stands on.
    const left = byPosition
      ? side.filter((r) => r.nodes[r.nodes.length - 2]!.x < target.x)
      : top.length ? side.filter((r) => upper(r) < firstTop) : side.slice(0, Math.ceil(side.length / 2))
    const right = side.filter((r) => !left.includes(r))
    // Columns clear the star and the side note, nearest column for the nearest wire.
    const baseLeft = clearance(target, -1)
    const baseRight = clearance(target, 1)
    const module = target.node!.kind === 'module'
    const place = (list: Route[], sign: -1 | 1, base: number) => {
      const nearestFirst = sign < 0 ? [...list].reverse() : list
      nearestFirst.forEach((r, j) => {
        r.side = sign
        lastEdge(r).toOffset = sign * (base + j * PORT_STEP)
        // One-sided (see placeRank): it pulls only while the input is not far enough out.
        lastEdge(r).weight = 2
        lastEdge(r).side = sign
        r.entryDy = module ? (j - (nearestFirst.length - 1) / 2) * 12 : 0
      })
      return list.length ? base + (list.length - 1) * PORT_STEP + 6 : 0
    }
    target.left = Math.max(target.left, place(left, -1, baseLeft))
    target.right = Math.max(target.right, place(right, 1, baseRight))
  }
}

/** A main wire from above: what a node hangs from when it has one. */
function isMain(e: LayerEdge): boolean {
  return e.weight >= 1 && e.side === undefined
}

/**
 * Which of a node's wires from above it hangs from: its main inputs; an op fed
 * only from the sides sits between its inputs; a joint sample follows its own
 * chain below (then it hangs from nothing and its wires below place it).
 */
function hangsFrom(node: LayerNode, e: LayerEdge): boolean {
  return node.up.some(isMain) ? isMain(e) : !e.sample
}

/** Whether `node` could stand at `x` without crowding its neighbours in its rank. */
function fits(layered: Layered, node: LayerNode, x: number): boolean {
  const rank = layered.ranks[node.rank]!
  const left = rank[node.order - 1]
  const right = rank[node.order + 1]
  return (!left || x - node.left >= left.x + left.right + gap(left, node)) && (!right || x + node.right <= right.x - right.left - gap(node, right))
}

/**
 * A long side input that still stands too close to its target (the sweeps
 * move one rank at a time, so a whole chain can stall) slides as a whole onto
 * its port column, where every rank on the way has room.
 */
function slideToPorts(layered: Layered): void {
  for (const route of layered.routes) {
    const last = route.nodes[route.nodes.length - 1]!.up.find((e) => e.wire === route.index)!
    const chain = route.nodes.slice(1, -1)
    if (last.side === undefined || chain.length === 0) continue
    const port = last.to.x + last.toOffset
    if (chain.every((d) => last.side! * (d.x - port) >= 0)) continue
    if (chain.every((d) => fits(layered, d, port))) for (const d of chain) d.x = port
  }
}

/**
 * A node held off its input by a long wire beside it (the wire's column was
 * fixed first) gets its place: the whole long wire steps aside where every
 * rank it crosses has room, and the node's own chain follows it down.
 */
function makeRoom(layered: Layered): void {
  for (const rank of layered.ranks) {
    for (const node of rank) {
      if (!node.node) continue
      let main: LayerEdge | undefined
      let count = 0
      for (const e of node.up) {
        if (hangsFrom(node, e) && e.side === undefined) {
          main = e
          count++
        }
      }
      if (count !== 1) continue
      const want = main!.from.x - main!.toOffset
      const shift = want - node.x
      if (Math.abs(shift) < 0.5) continue
      const dir = Math.sign(shift)
      const neighbour = rank[node.order + dir]
      const clear = (a: LayerNode, b: LayerNode) => (dir > 0 ? b.x - b.left - (a.x + a.right) - gap(a, b) : a.x - a.left - (b.x + b.right) - gap(b, a))
      let push = 0
      let chain: LayerNode[] = []
      let start: LayerNode | undefined
      if (neighbour) {
        push = Math.max(0, Math.abs(shift) - clear(node, neighbour))
        if (push > 0) {
          if (neighbour.node) continue
          const route = layered.routes[Number(neighbour.key.split('/')[0])]!
          chain = route.nodes.filter((n) => !n.node)
          // A wire's only source steps aside with it, room permitting, so the wire stays straight.
          const source = route.nodes[0]!
          if (source.down.length === 1 && fits(layered, source, source.x + dir * push)) start = source
          // Every rank the long wire crosses must have room for it to step aside.
          if (!chain.every((d) => fits(layered, d, d.x + dir * push))) continue
        }
      }
      for (const d of chain) d.x += dir * push
      if (start) start.x += dir * push
      // The node and everything hanging straight below it move together.
      for (let below: LayerNode | undefined = node; below; ) {
        const was: number = below.x
        below.x += shift
        const next: LayerNode | undefined = below.down.length === 1 ? below.down[0]!.to : undefined
        below = next?.node && next.up.length === 1 && Math.abs(next.x - was) < 0.5 ? next : undefined
      }
    }
  }
}

/**
 * Last touch: a node whose one wire down starts a jog, and whose wires from
 * above all come off a brace or a fan-out (which bend as easily), moves over
 * that wire when its rank has room.
 */
function straighten(layered: Layered): void {
  for (const rank of layered.ranks) {
    for (const node of rank) {
      if (node.down.length !== 1 || !node.up.every((e) => e.sample === 'joint' || (e.from.node && e.from.down.length > 1))) continue
      const edge = node.down[0]!
      const x = edge.to.x + edge.toOffset
      if (fits(layered, node, x)) node.x = x
    }
  }
}

/**
 * The targets of one rank, flat: node i owns values[first[i]] up to
 * values[first[i + 1]]. A pooled block of nodes owns a contiguous run, so
 * pooling allocates nothing; the buffers are reused across calls because this
 * runs for every rank on every sweep.
 */
const values: number[] = []
const weights: number[] = []
const order: number[] = []
/** The pool-adjacent-violators stack: first node, first target and median of each block. */
const blockNode: number[] = []
const blockTarget: number[] = []
const blockValue: number[] = []
/** Each node's least offset from the rank's first node. */
const offsets: number[] = []

/**
 * Weighted median of targets `from` to `to` (sorted through `order`, the
 * targets themselves untouched); the middle of the median interval when it is
 * one, so fan-outs centre.
 */
function median(from: number, to: number): number {
  // Insertion sort of indices: the runs are short, and Array#sort allocates.
  let total = 0
  for (let i = from; i < to; i++) {
    total += weights[i]!
    let j = i - 1
    for (; j >= from && values[order[j]!]! > values[i]!; j--) order[j + 1] = order[j]!
    order[j + 1] = i
  }
  let cumulative = 0
  for (let k = from; k < to; k++) {
    const at = order[k]!
    cumulative += weights[at]!
    if (Math.abs(cumulative - total / 2) < 1e-9 && k + 1 < to) return (values[at]! + values[order[k + 1]!]!) / 2
    if (cumulative > total / 2) return values[at]!
  }
  return values[order[to - 1]!]!
}

/**
 * How a sweep places a rank: `both` pulls every node towards all its wires;
 * `hang` counts only the main wires from above (nodes without any keep their
 * wires below), so every chain hangs straight from its input; `dummies`
 * keeps real nodes still and lets long wires settle around them;
 * `hang-nodes` hangs the real nodes and keeps the long wires still.
 */
type Mode = 'both' | 'hang' | 'dummies' | 'hang-nodes'

/** Whether a side entry's input already stands far enough out, so that it need not pull. */
function slack(e: LayerEdge, x: number, aligned: number, sign: number): boolean {
  return e.side !== undefined && sign * (x - aligned) >= 0
}

/**
 * Place one rank: L1 isotonic regression by pool-adjacent-violators. Plain
 * loops and no closures: this runs for every rank on every sweep, and a
 * double written to a closure's variable is a fresh heap object each time.
 */
function placeRank(rank: LayerNode[], mode: Mode): number {
  const hang = mode === 'hang' || mode === 'hang-nodes'
  let length = 0
  let blocks = 0
  let offset = 0
  for (let i = 0; i < rank.length; i++) {
    const node = rank[i]!
    if (i > 0) offset += rank[i - 1]!.right + gap(rank[i - 1]!, node) + node.left
    offsets[i] = offset
    const start = length
    if ((mode === 'dummies' && node.node) || (mode === 'hang-nodes' && !node.node)) {
      // What the mode keeps still stays where it is.
      values[length] = node.x - offset
      weights[length++] = 1000
    } else {
      // Wires from above pull a little harder, so a chain hangs straight from
      // its input instead of settling anywhere between its two neighbours.
      const hanging = hang && node.node !== undefined
      let above = 0
      for (const e of node.up) {
        if (hanging && !hangsFrom(node, e)) continue
        above++
        const aligned = e.from.x - e.toOffset
        if (slack(e, node.x, aligned, -e.side!)) continue
        values[length] = aligned - offset
        weights[length++] = e.weight * 1.05
      }
      if (!hang || above === 0) {
        for (const e of node.down) {
          const aligned = e.to.x + e.toOffset
          if (slack(e, node.x, aligned, e.side!)) continue
          values[length] = aligned - offset
          weights[length++] = e.weight
        }
      }
      // A node without wires stays where it is.
      if (length === start) {
        values[length] = node.x - offset
        weights[length++] = 1
      }
    }
    let first = i
    let firstTarget = start
    let value = median(start, length)
    while (blocks > 0 && blockValue[blocks - 1]! > value) {
      blocks--
      first = blockNode[blocks]!
      firstTarget = blockTarget[blocks]!
      value = median(firstTarget, length)
    }
    blockNode[blocks] = first
    blockTarget[blocks] = firstTarget
    blockValue[blocks++] = value
  }
  let moved = 0
  for (let b = 0; b < blocks; b++) {
    const end = b + 1 < blocks ? blockNode[b + 1]! : rank.length
    for (let i = blockNode[b]!; i < end; i++) {
      const x = blockValue[b]! + offsets[i]!
      moved = Math.max(moved, Math.abs(x - rank[i]!.x))
      rank[i]!.x = x
    }
  }
  return moved
}

/** Assign x to every node. */
export function placeX(layered: Layered): void {
  for (const rank of layered.ranks) {
    let x = 0
    rank.forEach((node, i) => {
      if (i > 0) x += rank[i - 1]!.right + gap(rank[i - 1]!, node) + node.left
      node.x = x
    })
    const width = x
    for (const node of rank) node.x -= width / 2
  }
  // Block coordinate descent on both directions until nothing moves; it can
  // stop at a kink of the L1 objective (a node held between a parent and a
  // child that follows it), so two final top-down sweeps let chains hang.
  for (let sweep = 0; sweep < 60; sweep++) {
    let moved = 0
    const order = sweep % 2 === 0 ? layered.ranks : [...layered.ranks].reverse()
    for (const rank of order) moved = Math.max(moved, placeRank(rank, 'both'))
    if (moved < 0.05) break
  }
  for (let sweep = 0; sweep < 2; sweep++) for (const rank of layered.ranks) placeRank(rank, 'hang')
}

/** After the sides are final: long wires settle around the placed nodes, then whole pixels. */
export function settle(layered: Layered): void {
  // New sides may have moved a target: chains hang from it again.
  for (const rank of layered.ranks) placeRank(rank, 'hang')
  // Hanging moved some targets: let the long wires find their side columns again.
  for (let sweep = 0, moved = 1; sweep < 4 && moved >= 0.05; sweep++) {
    moved = 0
    for (let r = 0; r < layered.ranks.length; r++) {
      moved = Math.max(moved, placeRank(layered.ranks[sweep % 2 ? layered.ranks.length - 1 - r : r]!, 'dummies'))
    }
  }
  slideToPorts(layered)
  makeRoom(layered)
  for (const rank of layered.ranks) placeRank(rank, 'hang-nodes')
  straighten(layered)
  // Whole pixels: straight wires stay straight after rounding.
  for (const rank of layered.ranks) for (const node of rank) node.x = Math.round(node.x)
}
