/**
 * Phase `placeX`: x coordinates. Every rank in turn is placed to minimise the
 * weighted horizontal length of its wires (an L1 objective, as in Gansner et
 * al. 1993 §4) subject to its order and spacing; sweeping the ranks until
 * nothing moves is block coordinate descent on the whole drawing.
 *
 * One rank's subproblem is an L1 isotonic regression with several weighted
 * targets per node. It is solved exactly by the "slope trick": the optimal
 * cost of the nodes so far, as a function of the last one's position, is a
 * convex piecewise-linear function kept as two heaps of breakpoints; a node
 * adds its targets, records where the function is least, and clears the rising
 * side (the next node may not stand left of it). Then one pass back picks the
 * positions. O(k log k) for k targets, where pool-adjacent-violators with
 * medians re-sorts pooled blocks (quadratic in a wide rank). No library does
 * this with one-sided terms; see Robertson, Wright and Dykstra (1988), ch. 1,
 * for the problem.
 */
import { gap } from './attach.js'
import type { Layered, LayerEdge, LayerNode } from './layered.js'

/** At most this many sweeps; the convergence test fails if a figure needs them all. */
export const MAX_SWEEPS = 60

/** A binary heap of weighted breakpoints on flat arrays; `sign` 1 keeps the largest on top, -1 the smallest. */
class Heap {
  values: number[] = []
  weights: number[] = []
  /** Breakpoints in use: the arrays keep their length across ranks (truncating an array is slow in V8). */
  size = 0
  constructor(private readonly sign: 1 | -1) {}
  get top(): number {
    return this.values[0]!
  }
  clear(): void {
    this.size = 0
  }
  private above(i: number, j: number): boolean {
    return this.sign * (this.values[i]! - this.values[j]!) > 0
  }
  private swap(i: number, j: number): void {
    const v = this.values[i]!
    const w = this.weights[i]!
    this.values[i] = this.values[j]!
    this.weights[i] = this.weights[j]!
    this.values[j] = v
    this.weights[j] = w
  }
  push(value: number, weight: number): void {
    let i = this.size++
    this.values[i] = value
    this.weights[i] = weight
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.above(i, parent)) break
      this.swap(i, parent)
      i = parent
    }
  }
  /** Take `weight` off the top breakpoint, removing it when nothing is left. */
  take(weight: number): void {
    this.weights[0]! -= weight
    if (this.weights[0]! > 1e-12) return
    const last = --this.size
    this.swap(0, last)
    for (let i = 0; ; ) {
      const l = 2 * i + 1
      const r = l + 1
      let best = i
      if (l < last && this.above(l, best)) best = l
      if (r < last && this.above(r, best)) best = r
      if (best === i) break
      this.swap(i, best)
      i = best
    }
  }
}

/** Breakpoints left of the least cost (largest on top) and right of it (smallest on top). */
const lower = new Heap(1)
const upper = new Heap(-1)

/** Keep every breakpoint of `lower` at or left of every one of `upper`. */
function balance(): void {
  while (lower.size && upper.size && lower.top > upper.top) {
    const l = lower.top
    const r = upper.top
    const w = Math.min(lower.weights[0]!, upper.weights[0]!)
    lower.take(w)
    upper.take(w)
    lower.push(r, w)
    upper.push(l, w)
  }
}

/** Add `weight·|y - value|`; a one-sided term only pulls y up (`side` 1) or down (-1). */
function addTarget(value: number, weight: number, side: -1 | 0 | 1): void {
  if (side >= 0) lower.push(value, weight)
  if (side <= 0) upper.push(value, weight)
  balance()
}

/**
 * How a sweep places a rank: `both` pulls every node towards all its wires;
 * `hang` counts only the main wires from above (nodes without any keep their
 * wires below), so every chain hangs straight from its input; `dummies`
 * keeps real nodes still and lets long wires settle around them;
 * `hang-nodes` hangs the real nodes and keeps the long wires still.
 */
export type Mode = 'both' | 'hang' | 'dummies' | 'hang-nodes'

/**
 * Room between neighbours in a rank: the gap by what they are, except that
 * two long wires of one source, side by side, may share a column: drawn as
 * one trunk that branches where each leaves it, as a hand-drawn fan-out
 * does, instead of two parallel wires a few px apart.
 */
export function spacing(a: LayerNode, b: LayerNode): number {
  return sameNet(a, b) ? 0 : gap(a, b)
}

/** How far `next`, beyond `prev` in direction `dir` in one rank, must step for `prev` to stand at `at`. */
function stepFor(prev: LayerNode, at: number, next: LayerNode, dir: number): number {
  return dir > 0 ? at + prev.right + spacing(prev, next) + next.left - next.x : at - prev.left - spacing(next, prev) - next.right - next.x
}

/**
 * The neighbours beyond `node` in its rank, direction `dir`, that must step
 * for it to stand at `at`, nearest first, until one need not: `step` lists
 * what moves when a neighbour steps by `need` (itself, or more), or undefined
 * when it cannot, which refuses the whole push.
 */
export function pushBeyond(rank: LayerNode[], node: LayerNode, at: number, dir: number, step: (next: LayerNode, need: number) => [LayerNode, number][] | undefined): [LayerNode, number][] | undefined {
  const out: [LayerNode, number][] = []
  let prev = node
  for (let k = node.order + dir; k >= 0 && k < rank.length; k += dir) {
    const next = rank[k]!
    const need = stepFor(prev, at, next, dir)
    if (dir * need <= 0) break
    const moved = step(next, need)
    if (!moved) return undefined
    out.push(...moved)
    prev = next
    at = next.x + need
  }
  return out
}

/** Whether `node` could stand at `x` without crowding its neighbours in its rank. */
export function fits(layered: Layered, node: LayerNode, x: number): boolean {
  return runFits(layered, node, node, x)
}

/** Whether the nodes of a rank from `first` to `last` (one net's waypoints, which may share a column) could all stand at `x` without crowding the nodes either side of them. */
export function runFits(layered: Layered, first: LayerNode, last: LayerNode, x: number): boolean {
  const rank = layered.ranks[first.rank]!
  const left = rank[first.order - 1]
  const right = rank[last.order + 1]
  return (!left || x - first.left >= left.x + left.right + spacing(left, first)) && (!right || x + last.right <= right.x - right.left - spacing(last, right))
}

/** Two dummies of downward wires that leave one source at one point. */
function sameNet(a: LayerNode, b: LayerNode): boolean {
  const [p, q] = [a.route, b.route]
  return !a.node && !b.node && !!p && !!q && !p.reversed && !q.reversed && p.nodes[0] === q.nodes[0] && p.edges[0]!.fromOffset === q.edges[0]!.fromOffset && a.group === b.group
}

/** A main wire from above: what a node hangs from when it has one. */
function isMain(e: LayerEdge): boolean {
  return e.weight >= 1 && e.side === undefined
}

/**
 * Which of a node's wires from above it hangs from: its main inputs; an op fed
 * only from the sides sits between its inputs; a joint sample follows its own
 * chain below (then it hangs from nothing and its wires below place it).
 * Returned as a test of one wire, made once per node (a node fed by many
 * wires would otherwise look at all of them for each).
 */
export function hangsFrom(node: LayerNode): (e: LayerEdge) => boolean {
  return node.up.some(isMain) ? isMain : (e) => !e.sample
}

/** Per-rank scratch: offsets from the rank's first node, least cost intervals. */
const offsets: number[] = []
const lo: number[] = []
const hi: number[] = []

/**
 * Place one rank exactly for its wires (see the file comment); returns how far
 * the farthest node moved.
 * @param nearest where a node may stand anywhere in an interval, it stays as
 *   near its place as it can (so that sweeps stop); otherwise it takes the
 *   interval's middle (so that fan-outs centre)
 */
export function placeRank(rank: LayerNode[], mode: Mode, nearest = false): number {
  const hang = mode === 'hang' || mode === 'hang-nodes'
  lower.clear()
  upper.clear()
  let offset = 0
  for (let i = 0; i < rank.length; i++) {
    const node = rank[i]!
    if (i > 0) offset += rank[i - 1]!.right + spacing(rank[i - 1]!, node) + node.left
    offsets[i] = offset
    let targets = 0
    if ((mode === 'dummies' && node.node) || (mode === 'hang-nodes' && !node.node)) {
      // What the mode keeps still stays where it is.
      addTarget(node.x - offset, 1000, 0)
      targets++
    } else {
      // While hanging, wires from above pull a little harder, so a chain hangs
      // straight from its input instead of settling anywhere between its two
      // neighbours. The sweeps of `both` weigh each wire the same from both
      // ends: one objective for all ranks, so that they stop.
      const hanging = hang && node.node !== undefined
      const pull = hang ? 1.05 : 1
      let above = 0
      // A long wire into a side follows its target later (see slideToPorts):
      // a node that hangs heeds its short inputs first.
      const hangs = hangsFrom(node)
      const short = hanging && node.up.some((e) => hangs(e) && e.from.node)
      for (const e of node.up) {
        if (hanging && !hangs(e)) continue
        if (short && e.side !== undefined && !e.from.node) continue
        above++
        // A side input pulls its target only towards standing far enough out.
        addTarget(e.from.x + e.fromOffset - e.toOffset - offset, e.weight * pull, e.side === undefined ? 0 : e.side > 0 ? -1 : 1)
        targets++
      }
      // A hanging node still keeps its side outputs far enough out (they pull only until then).
      for (const e of node.down) {
        if (hang && above > 0 && e.side === undefined) continue
        addTarget(e.to.x + e.toOffset - e.fromOffset - offset, e.weight, e.side === undefined ? 0 : e.side > 0 ? 1 : -1)
        targets++
      }
    }
    // A node without wires stays where it is, and so does one pulled only one way.
    if (targets === 0 || !upper.size) addTarget(node.x - offset, 1e-3, 0)
    if (!lower.size) addTarget(node.x - offset, 1e-3, 0)
    lo[i] = lower.top
    hi[i] = upper.top
    // The next node stands right of this one: only the falling side matters now.
    upper.clear()
  }
  let moved = 0
  let next = Infinity
  for (let i = rank.length - 1; i >= 0; i--) {
    const node = rank[i]!
    const here = node.x - offsets[i]!
    const choice = nearest ? Math.min(Math.max(here, lo[i]!), hi[i]!) : (lo[i]! + hi[i]!) / 2
    next = Math.min(next, choice)
    const x = next + offsets[i]!
    moved = Math.max(moved, Math.abs(x - node.x))
    node.x = x
  }
  return moved
}

/** Packs every rank tightly around x = 0, in order. */
function pack(layered: Layered): void {
  for (const rank of layered.ranks) {
    let x = 0
    rank.forEach((node, i) => {
      if (i > 0) x += rank[i - 1]!.right + spacing(rank[i - 1]!, node) + node.left
      node.x = x
    })
    const width = x
    for (const node of rank) node.x -= width / 2
  }
}

/**
 * Assign x to every node; returns the number of sweeps it took.
 * Pre: ranks ordered, attach done (offsets and room final). Post: every rank
 * keeps its order and spacing; a further sweep would move no node by 0.05 px
 * or more (unless MAX_SWEEPS ran out).
 */
export function placeX(layered: Layered): number {
  pack(layered)
  const place = placer(layered.ranks)
  const last = layered.ranks.length - 1
  // Block coordinate descent on both directions until nothing moves. The
  // first sweeps centre nodes in their intervals; later ones keep a node where
  // it stands when that is as good, so that the sweeps stop.
  let sweeps = 0
  for (let moved = Infinity; sweeps < MAX_SWEEPS && moved >= 0.05; sweeps++) {
    moved = 0
    const down = sweeps % 2 === 0
    for (let r = 0; r <= last; r++) moved = Math.max(moved, place(down ? r : last - r, 'both', sweeps >= 4))
  }
  // It can stop at a kink of the L1 objective (a node held between a parent
  // and a child that follows it), so two final top-down sweeps let chains hang.
  for (let sweep = 0; sweep < 2; sweep++) for (let r = 0; r <= last; r++) place(r, 'hang')
  return sweeps
}

const MODES: readonly Mode[] = ['both', 'hang', 'dummies', 'hang-nodes']

/**
 * `placeRank` by rank index for a series of sweeps over a drawing's ranks,
 * skipping the ranks it would leave exactly where they stand: a rank placed
 * again by the same rule, when neither it nor a rank next to it has moved
 * since, gets the same places (placeRank reads nothing else), so late sweeps
 * cost what still moves, not the whole drawing. Pre: every wire segment joins
 * adjacent ranks (as `layer` leaves them); only the sweeps move nodes meanwhile.
 */
export function placer(ranks: LayerNode[][]): (r: number, mode: Mode, nearest?: boolean) => number {
  const stale = ranks.map(() => true)
  /** The rule each rank was last placed by: 2 × its mode's index, + 1 when `nearest`. */
  const rule = ranks.map(() => -1)
  return (r, mode, nearest = false) => {
    const how = 2 * MODES.indexOf(mode) + (nearest ? 1 : 0)
    if (!stale[r] && rule[r] === how) return 0
    stale[r] = false
    rule[r] = how
    const moved = placeRank(ranks[r]!, mode, nearest)
    if (moved > 0) {
      stale[r] = true
      if (r > 0) stale[r - 1] = true
      if (r + 1 < ranks.length) stale[r + 1] = true
    }
    return moved
  }
}
