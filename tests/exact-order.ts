/**
 * The fewest crossings any order of the ranks can have, found by exhaustive
 * search: the yardstick the `order` phase's heuristics are held to. Orders
 * keep the rules `order` keeps (one source's samples side by side in their
 * written order, an update's rule between its source and target, each
 * group's nodes contiguous); ranks and dummies are the layered graph's own.
 * Branch and bound over the ranks top down, one permutation per rank,
 * pruned as soon as the crossings so far reach the best found; `budget`
 * bounds the search (orders tried), past which the answer is unknown.
 */
import type { GroupNode, LayerNode } from '../src/layout/layered.js'

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items]
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]))
}

/** Whether each run of `key` values (undefined ignored) is contiguous in `order`. */
function contiguousBy<T>(order: T[], key: (item: T) => unknown): boolean {
  const last = new Map<unknown, number>()
  for (let i = 0; i < order.length; i++) {
    const k = key(order[i]!)
    if (k === undefined) continue
    if (last.has(k) && last.get(k) !== i - 1) return false
    last.set(k, i)
  }
  return true
}

function groups(node: LayerNode): GroupNode[] {
  const out: GroupNode[] = []
  for (let g = node.group; g; g = g.parent) out.push(g)
  return out
}

/** The wire that makes a node one of several samples of a source. */
const jointSample = (n: LayerNode) => n.up.find((e) => e.sample === 'joint')

/** Whether one source's samples stand in the order they were written (their sample wires' order). */
function samplesInOrder(order: LayerNode[]): boolean {
  const last = new Map<LayerNode, number>()
  for (const n of order) {
    const e = jointSample(n)
    if (!e) continue
    if ((last.get(e.from) ?? -1) > e.wire) return false
    last.set(e.from, e.wire)
  }
  return true
}

/** Whether each update across the rank stands source, rule, target side by side (or the reverse). */
function flatsInOrder(order: LayerNode[]): boolean {
  return order.every((n, i) => !n.flat || n !== n.flat.nodes[1] || (order[i - 1]?.flat === n.flat && order[i + 1]?.flat === n.flat))
}

/** Orders of one rank that keep samples together, in their written order, updates across it whole, and groups contiguous. */
function allowed(rank: LayerNode[]): LayerNode[][] {
  const depth = Math.max(0, ...rank.map((n) => groups(n).length))
  return permutations(rank).filter(
    (order) =>
      contiguousBy(order, (n) => jointSample(n)?.from) &&
      samplesInOrder(order) &&
      flatsInOrder(order) &&
      Array.from({ length: depth }, (_, level) => level).every((level) => contiguousBy(order, (n) => groups(n).reverse()[level]))
  )
}

/** Crossings between two consecutive ranks in the given orders. */
function between(upper: LayerNode[], lower: LayerNode[]): number {
  const at = new Map(lower.map((n, i) => [n, i]))
  const segments: [number, number][] = []
  upper.forEach((n, i) => n.down.forEach((e) => segments.push([i, at.get(e.to)!])))
  let count = 0
  for (let i = 0; i < segments.length; i++) {
    for (let j = i + 1; j < segments.length; j++) {
      if ((segments[i]![0] - segments[j]![0]) * (segments[i]![1] - segments[j]![1]) < 0) count++
    }
  }
  return count
}

/**
 * The minimum over all allowed orders, or undefined when the search would
 * try more than `budget` orders. `known`, the crossings of an order already
 * found (the layout's), bounds the search from the start, so that it prunes
 * at once what cannot beat it; undefined too when no allowed order reaches it.
 */
export function minimumCrossings(ranks: LayerNode[][], budget = 2_000_000, known = Infinity): number | undefined {
  // Nine in a rank is 362,880 orders to list before any search.
  if (ranks.some((rank) => rank.length > 8)) return undefined
  const options = ranks.map(allowed)
  const chosen: LayerNode[][] = []
  let best = known + 1
  let tried = 0
  const search = (r: number, sofar: number): void => {
    if (r === ranks.length) {
      best = sofar
      return
    }
    for (const order of options[r]!) {
      if (++tried > budget) return
      const total = sofar + (r ? between(chosen[r - 1]!, order) : 0)
      if (total >= best) continue
      chosen[r] = order
      search(r + 1, total)
    }
  }
  search(0, 0)
  return tried > budget || best > known ? undefined : best
}
