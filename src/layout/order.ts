/**
 * Phase `order`: crossing reduction. Layer-by-layer sweeps that sort each
 * rank by the barycenter or the weighted median of its neighbours in the rank
 * just fixed (Sugiyama et al. 1981; Gansner, Koutsofios, North and Vo 1993,
 * "A technique for drawing directed graphs", §3), alternating down and up,
 * then adjacent transpositions while they help. Both heuristics run from the
 * same start, small graphs from shuffled starts too, then one run that swaps
 * ties on alternate sweeps and, on small graphs, nodes moved with the
 * outputs only they feed; the order with the fewest crossings is kept.
 * Crossings are counted with the accumulator tree of Barth, Jünger and
 * Mutzel (2002), "Simple and efficient bilayer cross counting", in
 * O(E log V) per pair of ranks. One source's samples stand side
 * by side (the notation's brace); groups stay contiguous in every rank,
 * sibling groups in one order.
 */
import type { GroupNode, LayerEdge, LayerNode, Route } from './layered.js'

/** Scratch for `crossingsBelow`, grown as needed: counting runs once per rank pair per sweep, so it allocates nothing. */
let ends = new Int32Array(64)
let tree = new Int32Array(64)

/** Crossings between rank `r` and `r + 1`. */
export function crossingsBelow(ranks: LayerNode[][], r: number): number {
  const lower = ranks[r + 1]!.length
  if (lower < 2) return 0
  let segments = 0
  for (const node of ranks[r]!) segments += node.down.length
  if (ends.length < segments) ends = new Int32Array(2 * segments)
  if (tree.length < lower + 1) tree = new Int32Array(2 * lower + 2)
  tree.fill(0, 0, lower + 1)
  // The lower ends of the segments, in the order of their upper ends (one node's own by their lower ends).
  let n = 0
  for (const node of ranks[r]!) {
    const start = n
    for (const e of node.down) ends[n++] = e.to.order
    if (n - start > 1) ends.subarray(start, n).sort()
  }
  // Count inversions with a Fenwick tree over the lower rank's positions.
  let count = 0
  for (let i = 0; i < n; i++) {
    // Segments seen so far that end right of this one cross it.
    let atOrLeft = 0
    for (let k = ends[i]! + 1; k > 0; k -= k & -k) atOrLeft += tree[k]!
    count += i - atOrLeft
    for (let k = ends[i]! + 1; k <= lower; k += k & -k) tree[k]!++
  }
  return count
}

/** Past this many nodes and dummies, crossing reduction does one run instead of two. */
const LARGE = 2000

/**
 * Pair comparisons `transpose` may make per node or dummy in one `order`
 * call. A pair costs the product of the two nodes' degrees, so dense graphs
 * of high-degree nodes would otherwise cost far more than their size (as
 * dot's `searchsize` bounds its own search); small drawings never reach it.
 */
const TRANSPOSE_WORK_PER_CELL = 64

/** Total crossings between consecutive ranks. */
export function crossings(ranks: LayerNode[][]): number {
  let total = 0
  for (let r = 0; r + 1 < ranks.length; r++) total += crossingsBelow(ranks, r)
  return total
}

export function renumber(rank: LayerNode[]): void {
  rank.forEach((node, i) => (node.order = i))
}

type Heuristic = 'barycenter' | 'median'

/** Where a node wants to stand, from its neighbours' orders on one side; its own order without any. */
function position(node: LayerNode, direction: 'down' | 'up', heuristic: Heuristic): number {
  const edges = direction === 'down' ? node.up : node.down
  if (!edges.length) return node.order
  if (heuristic === 'barycenter') {
    let sum = 0
    for (const e of edges) sum += direction === 'down' ? e.from.order : e.to.order
    return sum / edges.length
  }
  const at = edges.map((e) => (direction === 'down' ? e.from.order : e.to.order)).sort((a, b) => a - b)
  const mid = at.length >> 1
  return at.length % 2 ? at[mid]! : (at[mid - 1]! + at[mid]!) / 2
}

/** Up to this many nodes, a rank is sorted by insertion (quadratic, so not for wide ranks). */
const SHORT_RANK = 32

/** Scratch for `sortRank`: where each node of the rank being sorted wants to stand, by its order. */
let key = new Float64Array(64)

/** Sort one rank by where its nodes want to stand, groups kept together. */
function sortRank(rank: LayerNode[], direction: 'down' | 'up', heuristic: Heuristic, groupKey: Map<GroupNode, number>, reverse: boolean): void {
  if (key.length < rank.length) key = new Float64Array(2 * rank.length)
  for (const node of rank) key[node.order] = position(node, direction, heuristic)
  if (rank.length > SHORT_RANK) rank.sort((a, b) => key[a.order]! - key[b.order]! || (reverse ? b.order - a.order : 0))
  else {
    // Insertion sort: a short rank, mostly in order after the first sweeps, sorts without the comparator calls.
    for (let i = 1; i < rank.length; i++) {
      const node = rank[i]!
      const at = key[node.order]!
      let j = i - 1
      for (; j >= 0 && (key[rank[j]!.order]! > at || (reverse && key[rank[j]!.order]! === at)); j--) rank[j + 1] = rank[j]!
      rank[j + 1] = node
    }
  }
  // Ties keep their current order, or with `reverse` swap it (as dot does on alternate sweeps), so that a tie is left both ways.
  renumber(rank)
  together(rank, groupKey)
}

/** What must stand side by side in a rank: each source's samples and each update across it, then each group (frames win). */
function together(rank: LayerNode[], groupKey: Map<GroupNode, number>): void {
  blocksTogether(rank)
  if (groupKey.size) contiguous(rank, groupKey)
}

/** The wire that makes a node one of several samples of a source (`X ~ a, b`): such samples stand side by side under one brace. */
function jointSample(node: LayerNode): LayerEdge | undefined {
  for (const e of node.up) if (e.sample === 'joint') return e
  return undefined
}

function sampledFrom(node: LayerNode): LayerNode | undefined {
  return jointSample(node)?.from
}

/**
 * Keep each block of a rank side by side, at the mean order of its members.
 * Blocks: the samples of each source, in the order the author wrote them
 * (`(X, Y) ~ x, y` puts x under X and y under Y; `x_1, x_2, x_3` reads as
 * time), since a set drawn in another order pairs its members with the wrong
 * parts of the source's name (a set split across frames is left to the
 * frames); and an update across the rank, its rule between its source and
 * target, whichever of them stands left. Pre and post: the rank numbered
 * 0..n-1.
 */
function blocksTogether(rank: LayerNode[]): void {
  // Most ranks hold no blocks: look before building anything.
  if (!rank.some(inBlock)) return
  const sets = new Map<unknown, LayerNode[]>()
  for (const node of rank) {
    const key = node.flat ?? sampledFrom(node)
    if (!key) continue
    const set = sets.get(key)
    if (set) set.push(node)
    else sets.set(key, [node])
  }
  const blocks: LayerNode[][] = []
  for (const set of sets.values()) {
    const flat = set[0]!.flat
    if (flat) {
      const [source, rule, target] = flat.nodes
      blocks.push(source.order <= target.order ? [source, rule, target] : [target, rule, source])
    } else if (set.length > 1 && set.every((n) => n.group === set[0]!.group)) {
      // Sample wires are numbered in the order they were written.
      blocks.push(set.sort((a, b) => jointSample(a)!.wire - jointSample(b)!.wire))
    }
  }
  if (!blocks.length) return
  const blockOf = new Map(blocks.flatMap((block) => block.map((n) => [n, block] as const)))
  const items: { at: number; nodes: LayerNode[] }[] = []
  for (const node of rank) {
    const block = blockOf.get(node)
    if (!block) items.push({ at: node.order, nodes: [node] })
    else if (block[0] === node) items.push({ at: block.reduce((sum, n) => sum + n.order, 0) / block.length, nodes: block })
  }
  // Stable, so that ties keep the current order.
  items.sort((a, b) => a.at - b.at)
  items.flatMap((item) => item.nodes).forEach((node, i) => (rank[i] = node))
  renumber(rank)
}

/** Whether a node stands in a block that moves only as a whole (see blocksTogether). */
export function inBlock(node: LayerNode): boolean {
  return node.flat !== undefined || sampledFrom(node) !== undefined
}

/** The chain of groups holding a node, outermost first. */
function chain(node: LayerNode): GroupNode[] {
  const out: GroupNode[] = []
  for (let g = node.group; g; g = g.parent) out.unshift(g)
  return out
}

/**
 * Keep every group's nodes contiguous within a rank: at each nesting level a
 * group stands at the mean order of its nodes, and sibling groups take their
 * places in one order for all ranks (`groupKey`), so that frames never cross.
 */
function contiguous(rank: LayerNode[], groupKey: Map<GroupNode, number>): void {
  const place = (nodes: LayerNode[], level: number): LayerNode[] => {
    const items: { at: number; nodes: LayerNode[]; group?: GroupNode }[] = []
    const byGroup = new Map<GroupNode, LayerNode[]>()
    for (const n of nodes) {
      const g = chain(n)[level]
      if (!g) items.push({ at: n.order, nodes: [n] })
      else if (byGroup.has(g)) byGroup.get(g)!.push(n)
      else byGroup.set(g, [n])
    }
    for (const [group, members] of byGroup) {
      items.push({ at: members.reduce((s, n) => s + n.order, 0) / members.length, nodes: place(members, level + 1), group })
    }
    items.sort((a, b) => a.at - b.at)
    // Sibling groups keep one order across ranks: deal their slots out by the global key.
    const slots = items.flatMap((item, i) => (item.group ? [i] : []))
    const grouped = slots.map((i) => items[i]!).sort((a, b) => groupKey.get(a.group!)! - groupKey.get(b.group!)!)
    slots.forEach((slot, k) => (items[slot] = grouped[k]!))
    return items.flatMap((item) => item.nodes)
  }
  const arranged = place(rank, 0)
  arranged.forEach((node, i) => (rank[i] = node))
  renumber(rank)
}

/** Each group's place among its siblings: the mean relative position of its nodes over all ranks. */
function groupKeys(ranks: LayerNode[][]): Map<GroupNode, number> {
  const sum = new Map<GroupNode, [number, number]>()
  for (const rank of ranks) {
    for (const node of rank) {
      for (let g = node.group; g; g = g.parent) {
        const s = sum.get(g) ?? [0, 0]
        s[0] += (node.order + 0.5) / rank.length
        s[1]++
        sum.set(g, s)
      }
    }
  }
  return new Map([...sum].map(([g, [total, count]]) => [g, total / count]))
}

/** Crossings of the pair (v, w) with both neighbouring ranks, with v left of w (`[0]`) and with w left of v (`[1]`). */
const pair: [number, number] = [0, 0]
function pairCrossings(v: LayerNode, w: LayerNode): [number, number] {
  pair[0] = 0
  pair[1] = 0
  for (const ev of v.up) {
    for (const ew of w.up) {
      if (ev.from.order > ew.from.order) pair[0]++
      else if (ev.from.order < ew.from.order) pair[1]++
    }
  }
  for (const ev of v.down) {
    for (const ew of w.down) {
      if (ev.to.order > ew.to.order) pair[0]++
      else if (ev.to.order < ew.to.order) pair[1]++
    }
  }
  return pair
}

/**
 * Swap neighbours while that removes crossings; only within one group, so
 * groups stay contiguous. With `reverse`, also swap pairs that cross as much
 * either way (as dot does on alternate sweeps), to leave a plateau. After the
 * first pass only ranks next to a swap are looked at again (dot's candidate
 * ranks): the others cannot have changed.
 */
function transpose(ranks: LayerNode[][], reverse: boolean, work: { left: number }): void {
  let look = new Uint8Array(ranks.length).fill(1)
  for (let pass = 0; pass < 8; pass++) {
    const next = new Uint8Array(ranks.length)
    let improved = false
    for (let r = 0; r < ranks.length; r++) {
      if (!look[r]) continue
      const rank = ranks[r]!
      for (let i = 0; i + 1 < rank.length; i++) {
        const v = rank[i]!
        const w = rank[i + 1]!
        // Blocks keep their order (see blocksTogether).
        if (v.group !== w.group || inBlock(v) || inBlock(w)) continue
        work.left -= v.up.length * w.up.length + v.down.length * w.down.length
        if (work.left < 0) return
        const [here, swapped] = pairCrossings(v, w)
        if (!(swapped < here || (reverse && pass === 0 && here > 0 && swapped === here))) continue
        rank[i] = w
        rank[i + 1] = v
        w.order = i
        v.order = i + 1
        if (swapped < here) improved = true
        next[r] = 1
        if (r > 0) next[r - 1] = 1
        if (r + 1 < ranks.length) next[r + 1] = 1
      }
    }
    if (!improved) return
    look = next
  }
}

/**
 * A long wire tried down either outside edge of the drawing. A wire from the
 * sample row to an objective often crosses a whole column of short wires
 * wherever the sweeps leave it, where a hand drawing runs it down the
 * figure's left or right edge (the VAE's x). Sweeps and transpositions move
 * one rank at a time and never get there: each rank alone crosses more on
 * the way. A loop's back wire inside its frame (the state a sampler or an
 * inner attack carries) is tried up the frame's sides, not through its
 * middle: each dummy moves to the end of its own group's run in its rank (the
 * rank's end outside any group), which splits no block and keeps every group
 * contiguous; other wires inside frames stay, as frames hold their order.
 * Each move that removes crossings is kept.
 * Post: the rank orders renumbered; returns the crossings removed.
 */
function outsideWires(ranks: LayerNode[][]): number {
  let removed = 0
  for (const route of longWires(ranks)) {
    const dummies = route.nodes.slice(1, -1)
    if (dummies.length < 2 || (!route.reversed && dummies.some((d) => d.group))) continue
    const local = () => crossingsAcross(ranks, dummies)
    const before = dummies.map((d) => d.order)
    const moveTo = (at: (rank: LayerNode[], i: number) => number) => moveEach(ranks, dummies, at)
    const edge = (side: number) => (rank: LayerNode[], i: number) => groupEnd(rank, dummies[i]!.group, side) ?? before[i]!
    const now = local()
    let best = now
    let bestSide = 0
    for (const side of [-1, 1]) {
      moveTo(edge(side))
      const count = local()
      if (count < best) {
        best = count
        bestSide = side
      }
      moveTo((_, i) => before[i]!)
    }
    if (bestSide) {
      moveTo(edge(bestSide))
      removed += now - best
    }
  }
  return removed
}

/** Each wire that runs past a rank (has dummies), once. */
function longWires(ranks: LayerNode[][]): Set<Route> {
  const routes = new Set<Route>()
  for (const rank of ranks) for (const n of rank) if (n.route && !n.node) routes.add(n.route)
  return routes
}

/** Crossings on every wire into or out of `chain` (one node per rank, top down): between the rank above its first and the one below its last. */
function crossingsAcross(ranks: LayerNode[][], chain: LayerNode[]): number {
  let count = 0
  for (let r = Math.max(0, chain[0]!.rank - 1); r <= Math.min(ranks.length - 2, chain[chain.length - 1]!.rank); r++) count += crossingsBelow(ranks, r)
  return count
}

/** Each node of `chain` (one per rank) to its place `at` in its rank; the ranks renumbered. */
function moveEach(ranks: LayerNode[][], chain: LayerNode[], at: (rank: LayerNode[], i: number) => number): void {
  chain.forEach((node, i) => {
    const rank = ranks[node.rank]!
    rank.splice(node.order, 1)
    rank.splice(at(rank, i), 0, node)
    renumber(rank)
  })
}

/** How far from a rank's end `slideWires` tries a long wire, in places. */
const SLIDE = 8
/**
 * Up to this many nodes and dummies long wires slide (the largest corpus
 * diagram has 97): the trials grow with wires × ranks, and the random DAG of
 * 100 nodes (229) took 60 % longer with them.
 */
const SLIDE_SIZE = 128

/**
 * A long wire, with a lone node at either end (one wire in and one out, or a
 * lone input at the top, a lone output at the bottom: an entropy op and its
 * bonus term), moved sideways as one: for t = 0 … SLIDE − 1, every member
 * farther in than the t-th place from one side's end goes to that place in
 * its rank, and the fewest crossings are kept. The sweeps move one rank at a
 * time and the transpositions two neighbours, so neither passes a long wire
 * across another chain (a score function's op, its value and the loss taking
 * it) where each single step crosses as much as it uncrosses; outsideWires
 * tries only the ends, and only dummies. A member never lands inside a block,
 * a group it is not in, or outside its own group's run.
 * Post: the rank orders renumbered; returns the crossings removed.
 */
function slideWires(ranks: LayerNode[][]): number {
  let removed = 0
  for (const route of longWires(ranks)) {
    const members = route.nodes.slice(1, -1)
    if (members.length < 2) continue
    const top = route.nodes[0]!
    const bottom = route.nodes[route.nodes.length - 1]!
    if (top.node && top.up.length <= 1 && top.down.length === 1 && !inBlock(top)) members.unshift(top)
    if (bottom.node && bottom.down.length <= 1 && bottom.up.length === 1 && !inBlock(bottom)) members.push(bottom)
    const local = () => crossingsAcross(ranks, members)
    const before = members.map((m) => m.order)
    const place = (at: (i: number) => number) => moveEach(ranks, members, (_, i) => at(i))
    const now = local()
    let best = now
    let bestTargets: number[] | undefined
    for (const side of [-1, 1]) {
      for (let t = 0; t < SLIDE; t++) {
        // The t-th place from that side's end in every rank, for the members farther in.
        const targets = members.map((m, i) => (side < 0 ? Math.min(before[i]!, t) : Math.max(before[i]!, ranks[m.rank]!.length - 1 - t)))
        if (targets.every((at, i) => at === before[i])) continue
        place((i) => targets[i]!)
        const count = members.every((m) => fitsInRank(ranks[m.rank]!, m)) ? local() : Infinity
        place((i) => before[i]!)
        if (count < best) {
          best = count
          bestTargets = targets
        }
      }
    }
    if (bestTargets) {
      const chosen = bestTargets
      place((i) => chosen[i]!)
      removed += now - best
    }
  }
  return removed
}

/** Whether a node stands where `order` allows: between no two of one block, inside every group it is in (next to one of its own), inside no other. */
function fitsInRank(rank: LayerNode[], node: LayerNode): boolean {
  const a = rank[node.order - 1]
  const b = rank[node.order + 1]
  if (a && b) {
    const blockA = a.flat ?? sampledFrom(a)
    if (blockA && blockA === (b.flat ?? sampledFrom(b))) return false
  }
  const own = new Set(chain(node))
  if (a && b) for (const g of chain(a)) if (!own.has(g) && chain(b).includes(g)) return false
  for (const g of own) {
    const others = rank.some((n) => n !== node && chain(n).includes(g))
    if (others && !(a && chain(a).includes(g)) && !(b && chain(b).includes(g))) return false
  }
  return true
}

/**
 * Where a node of `group` goes to stand at that group's `side` end of `rank`
 * (the rank's end for no group); undefined where nothing else of the group
 * stands in the rank, as the node then marks the group's place there.
 */
function groupEnd(rank: LayerNode[], group: GroupNode | undefined, side: number): number | undefined {
  if (!group) return side < 0 ? 0 : rank.length
  const within = (n: LayerNode) => {
    for (let g = n.group; g; g = g.parent) if (g === group) return true
    return false
  }
  const first = rank.findIndex(within)
  if (first < 0) return undefined
  if (side < 0) return first
  let last = first
  for (let k = first + 1; k < rank.length; k++) if (within(rank[k]!)) last = k
  return last + 1
}

/** Up to this many nodes and dummies (an article figure has 8–40), crossing reduction also starts from shuffled orders. */
const SMALL = 64

/**
 * Shuffled starts tried on small graphs. Sweeps and transpositions only find
 * the local optimum nearest their start; on the corpus, four more starts
 * remove almost half the crossings the input order leaves (36 to 20), as
 * dot's repeated `mincross` runs do. Article-sized graphs only, so the cost
 * stays a fraction of a millisecond and large graphs grow as before.
 */
const RESTARTS = 4
/** Sweeps per shuffled start, and how many in a row may find nothing better: a start that helps does so within a few. */
const RESTART_SWEEPS = 8
const RESTART_PATIENCE = 3

/** A small linear congruential generator, so that shuffled starts are the same on every run. */
function shuffler(seed: number): <T>(items: T[]) => void {
  let state = seed
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32
  return (items) => {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      const t = items[i]!
      items[i] = items[j]!
      items[j] = t
    }
  }
}

/**
 * Reorder every rank in place to reduce crossings; deterministic.
 * Pre: `order` numbers each rank 0..n-1. Post: the same, with the fewest
 * crossings found; every group contiguous in every rank.
 */
export function order(ranks: LayerNode[][]): void {
  const start = ranks.map((rank) => [...rank])
  const restore = (from: LayerNode[][]) =>
    from.forEach((rank, r) => {
      ranks[r] = [...rank]
      renumber(ranks[r]!)
    })
  const groupKey = groupKeys(ranks)
  for (const rank of ranks) together(rank, groupKey)
  let best = ranks.map((rank) => [...rank])
  let bestCount = crossings(ranks)
  const size = ranks.reduce((sum, rank) => sum + rank.length, 0)
  const work = { left: TRANSPOSE_WORK_PER_CELL * size }
  /** The current order becomes the best where it crosses less; whether it did. */
  const keepIfFewer = () => {
    const count = crossings(ranks)
    if (count >= bestCount) return false
    bestCount = count
    best = ranks.map((rank) => [...rank])
    return true
  }
  /**
   * Up to `limit` sweeps from the current order, until `patience` in a row
   * find nothing better than the best so far; `upFirst` starts from the
   * bottom rank (every other shuffled start, as the first sweep fixes much);
   * `reverseTies` swaps the sorts' ties on alternate pairs of sweeps.
   */
  const sweeps = (heuristic: Heuristic, limit: number, patience: number, upFirst = false, reverseTies = false) => {
    for (const rank of ranks) together(rank, groupKey)
    for (let iteration = 0, stale = 0; iteration < limit && bestCount > 0 && stale < patience; iteration++, stale++) {
      const reverse = iteration % 4 >= 2
      if ((iteration % 2 === 0) !== upFirst) for (let r = 1; r < ranks.length; r++) sortRank(ranks[r]!, 'down', heuristic, groupKey, reverse && reverseTies)
      else for (let r = ranks.length - 2; r >= 0; r--) sortRank(ranks[r]!, 'up', heuristic, groupKey, reverse && reverseTies)
      transpose(ranks, reverse, work)
      if (keepIfFewer()) stale = -1
    }
  }
  // Both heuristics while the graph is small; past a few thousand nodes and
  // dummies one run, so that time grows with the graph (as dot's `mclimit`).
  for (const heuristic of size <= LARGE ? (['barycenter', 'median'] as const) : (['barycenter'] as const)) {
    if (bestCount === 0) break
    restore(start)
    // A small graph's shuffled starts below search more widely than a long wait in one start.
    if (size <= SMALL) sweeps(heuristic, RESTART_SWEEPS, RESTART_PATIENCE)
    else sweeps(heuristic, 24, 6)
  }
  for (let seed = 1; size <= SMALL && seed <= RESTARTS && bestCount > 0; seed++) {
    const shuffle = shuffler(seed)
    restore(start)
    for (const rank of ranks) {
      shuffle(rank)
      renumber(rank)
    }
    sweeps('barycenter', RESTART_SWEEPS, RESTART_PATIENCE, seed % 2 === 0)
  }
  /** The best order, with long wires moved to the drawing's edges where that removes crossings. */
  const settle = () => {
    restore(best)
    if (size > LARGE || bestCount === 0 || outsideWires(ranks) === 0) return
    transpose(ranks, false, work)
    bestCount = crossings(ranks)
    best = ranks.map((rank) => [...rank])
  }
  settle()
  /** One more search; its order is kept only where it crosses less than the settled best (then settled too), so that a drawing the runs above settle keeps its order. */
  const improve = (search: () => void) => {
    const settled = bestCount
    search()
    if (bestCount < settled) settle()
    else restore(best)
  }
  // Once more with ties swapped on alternate sweeps: a wire that ties with a
  // block of samples stays on the side it started, where moving it and a
  // node below it together would uncross both (a sample's second use beside
  // a module that takes all of them).
  if (size <= LARGE && bestCount > 0) {
    improve(() => {
      restore(start)
      sweeps('barycenter', size <= SMALL ? RESTART_SWEEPS : 24, size <= SMALL ? RESTART_PATIENCE : 6, false, true)
    })
  }
  // A node with outputs that only it feeds tried at every place in its rank,
  // its outputs under it and the ranks below sorted down again: every sweep
  // pulls such a node back under the input it reads (MuZero's prediction head
  // under the state, left of the dynamics), where the fewest crossings move
  // it, its outputs and the losses below past a long wire at once.
  if (size <= SMALL && bestCount > 0) {
    improve(() => {
      for (const { r, node, outputs } of ownOutputs(ranks)) {
        for (let at = 0; at < ranks[r]!.length && bestCount > 0; at++) {
          restore(best)
          if (node.order === at) continue
          moveWithOutputs(ranks, r, node, outputs, at)
          for (const k of [r, r + 1]) together(ranks[k]!, groupKey)
          for (let k = r + 2; k < ranks.length; k++) sortRank(ranks[k]!, 'down', 'barycenter', groupKey, false)
          transpose(ranks, false, work)
          keepIfFewer()
        }
      }
    })
  }
  // Last, so that its transpositions spend none of the searches' budget: long wires slid sideways
  // with their lone ends, kept only where the slide and the transpositions it opens cross less.
  if (size <= SLIDE_SIZE && bestCount > 0) {
    improve(() => {
      restore(best)
      if (slideWires(ranks) === 0) return
      transpose(ranks, false, work)
      keepIfFewer()
    })
  }
  writtenOrder(ranks, work)
}

/** Each node with two or more outputs in the rank below that only it feeds (outside groups and blocks): what `order` moves as one. */
function ownOutputs(ranks: LayerNode[][]): { r: number; node: LayerNode; outputs: LayerNode[] }[] {
  const out: { r: number; node: LayerNode; outputs: LayerNode[] }[] = []
  for (let r = 0; r + 1 < ranks.length; r++) {
    for (const node of ranks[r]!) {
      if (!node.node || node.group || inBlock(node)) continue
      const outputs = ranks[r + 1]!.filter((w) => w.up.length > 0 && w.up.every((e) => e.from === node) && !w.group && !inBlock(w))
      if (outputs.length >= 2) out.push({ r, node, outputs })
    }
  }
  return out
}

/**
 * `node` to place `at` in rank r, its `outputs` side by side in rank r + 1
 * where their input's new place puts them among the others (by the mean
 * place of each one's inputs). Post: both ranks renumbered.
 */
function moveWithOutputs(ranks: LayerNode[][], r: number, node: LayerNode, outputs: LayerNode[], at: number): void {
  const rank = ranks[r]!
  rank.splice(node.order, 1)
  rank.splice(at, 0, node)
  renumber(rank)
  const below = ranks[r + 1]!
  const others = below.filter((w) => !outputs.includes(w))
  let k = others.findIndex((w) => position(w, 'down', 'barycenter') > at)
  if (k < 0) k = others.length
  ;[...others.slice(0, k), ...outputs, ...others.slice(k)].forEach((w, i) => (below[i] = w))
  renumber(below)
}

/**
 * Where crossings leave the choice open, the order the author wrote: two
 * neighbours in a rank that are outputs of one node (`-> μ, σ`) or operands
 * of one node (`a, b ->`) swap into written order (the wires' order) when
 * their wires cross nothing either way. The sweeps settle ties by their start and shuffles,
 * which a reader sees as arbitrary. Real nodes only, within one group and
 * outside blocks, under the transposition's work budget.
 * Post: every rank renumbered; the same crossings.
 */
function writtenOrder(ranks: LayerNode[][], work: { left: number }): void {
  for (let pass = 0, swapped = true; swapped && pass < 8; pass++) {
    swapped = false
    for (const rank of ranks) {
      for (let i = 0; i + 1 < rank.length; i++) {
        const v = rank[i]!
        const w = rank[i + 1]!
        if (!v.node || !w.node || v.group !== w.group || inBlock(v) || inBlock(w) || !writtenAfter(v, w)) continue
        work.left -= v.up.length * w.up.length + v.down.length * w.down.length
        if (work.left < 0) return
        // Only a pair that crosses nothing either way: trading one crossing for another moves it where the sweeps did not look.
        const [here, across] = pairCrossings(v, w)
        if (here > 0 || across > 0) continue
        rank[i] = w
        rank[i + 1] = v
        w.order = i
        v.order = i + 1
        swapped = true
      }
    }
  }
}

/** Whether `v` was written after `w` among the outputs of a node both hang from, or else among the operands of a node both feed. */
function writtenAfter(v: LayerNode, w: LayerNode): boolean {
  for (const ev of v.up) for (const ew of w.up) if (ev.from === ew.from) return ev.wire > ew.wire
  for (const ev of v.down) for (const ew of w.down) if (ev.to === ew.to) return ev.wire > ew.wire
  return false
}
