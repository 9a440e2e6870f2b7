/**
 * Phase 2: crossing reduction. Layer-by-layer sweeps that sort each rank by
 * the barycenter of its neighbours in the rank just fixed (Sugiyama et al.
 * 1981), alternating down and up, then adjacent transpositions while they
 * help (Gansner, Koutsofios, North and Vo 1993, "A technique for drawing
 * directed graphs", §3). The best order seen is kept.
 */
import type { LayerNode } from './layered.js'

/** Crossings between rank `r` and `r + 1`: pairs of segments whose ends swap order. */
function crossingsBelow(ranks: LayerNode[][], r: number): number {
  // Flat arrays, no tuples: this runs on every sweep and must not feed the GC.
  const tops: number[] = []
  const bottoms: number[] = []
  for (const node of ranks[r]!) {
    for (const e of node.down) {
      tops.push(node.order)
      bottoms.push(e.to.order)
    }
  }
  let count = 0
  for (let i = 0; i < tops.length; i++) {
    for (let j = i + 1; j < tops.length; j++) {
      if ((tops[i]! - tops[j]!) * (bottoms[i]! - bottoms[j]!) < 0) count++
    }
  }
  return count
}

function crossings(ranks: LayerNode[][]): number {
  let total = 0
  for (let r = 0; r + 1 < ranks.length; r++) total += crossingsBelow(ranks, r)
  return total
}

function renumber(rank: LayerNode[]): void {
  rank.forEach((node, i) => (node.order = i))
}

/** Sort one rank by the mean order of its neighbours above (`down` sweep) or below. */
function sortRank(rank: LayerNode[], direction: 'down' | 'up'): void {
  const key: number[] = []
  for (const node of rank) {
    const edges = direction === 'down' ? node.up : node.down
    let sum = 0
    for (const e of edges) sum += direction === 'down' ? e.from.order : e.to.order
    // Nodes without neighbours on that side keep their place.
    key[node.order] = edges.length ? sum / edges.length : node.order
  }
  rank.sort((a, b) => key[a.order]! - key[b.order]! || a.order - b.order)
  renumber(rank)
}

/** Local crossings of the pair (v, w) if v stands left of w, with both neighbouring ranks. */
function pairCrossings(v: LayerNode, w: LayerNode): number {
  let count = 0
  for (const ev of v.up) for (const ew of w.up) if (ev.from.order > ew.from.order) count++
  for (const ev of v.down) for (const ew of w.down) if (ev.to.order > ew.to.order) count++
  return count
}

function transpose(ranks: LayerNode[][]): void {
  for (let pass = 0, improved = true; improved && pass < 8; pass++) {
    improved = false
    for (const rank of ranks) {
      for (let i = 0; i + 1 < rank.length; i++) {
        const v = rank[i]!
        const w = rank[i + 1]!
        if (pairCrossings(v, w) > pairCrossings(w, v)) {
          rank[i] = w
          rank[i + 1] = v
          renumber(rank)
          improved = true
        }
      }
    }
  }
}

/** Reorder every rank in place to reduce crossings; deterministic. */
export function order(ranks: LayerNode[][]): void {
  const snapshot = () => ranks.map((rank) => [...rank])
  let best = snapshot()
  let bestCount = crossings(ranks)
  // Stop when four sweeps in a row found nothing better.
  for (let iteration = 0, stale = 0; iteration < 12 && bestCount > 0 && stale < 4; iteration++, stale++) {
    if (iteration % 2 === 0) for (let r = 1; r < ranks.length; r++) sortRank(ranks[r]!, 'down')
    else for (let r = ranks.length - 2; r >= 0; r--) sortRank(ranks[r]!, 'up')
    transpose(ranks)
    const count = crossings(ranks)
    if (count < bestCount) {
      stale = -1
      bestCount = count
      best = snapshot()
    }
  }
  best.forEach((rank, r) => {
    ranks[r] = rank
    renumber(rank)
  })
}
