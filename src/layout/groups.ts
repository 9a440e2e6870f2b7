/**
 * Frames around groups. `order` keeps a group contiguous in every rank and
 * `gap` pads its edges within a rank; this phase makes the frame hold its
 * nodes and no other across ranks (a node of another rank standing inside
 * the frame's span is pushed out, with its rank), and says where frames go.
 */
import { FRAME_PAD } from './attach.js'
import type { GroupNode, Layered, LayerEdge, LayerNode } from './layered.js'
import { fits, pushBeyond } from './place.js'

/** Height of a frame's label row. */
export const FRAME_LABEL = 16

/** Whether `node` is inside group `g` (directly or through a nested group). */
function within(node: LayerNode, g: GroupNode): boolean {
  for (let h = node.group; h; h = h.parent) if (h === g) return true
  return false
}

/** The group beside `g` (another child of `g`'s parent) that holds `node`, if any. */
function siblingOf(node: LayerNode, g: GroupNode): GroupNode | undefined {
  for (let h = node.group; h; h = h.parent) if (h.parent === g.parent) return h !== g ? h : undefined
  return undefined
}

/**
 * Whether sibling groups `a` and `b` stand side by side in one order, with
 * nothing between them, in every rank both hold nodes in, so that one frame
 * can step aside whole (what stands between two frames needs room that only
 * the pushes below make).
 */
function apart(layered: Layered, a: GroupNode, b: GroupNode): boolean {
  let order = 0
  for (const rank of layered.ranks) {
    let lastA = -1
    let firstA = Infinity
    let lastB = -1
    let firstB = Infinity
    rank.forEach((n, i) => {
      if (within(n, a)) [firstA, lastA] = [Math.min(firstA, i), i]
      else if (within(n, b)) [firstB, lastB] = [Math.min(firstB, i), i]
    })
    if (lastA < 0 || lastB < 0) continue
    const here = lastA + 1 === firstB ? -1 : lastB + 1 === firstA ? 1 : 0
    if (here === 0 || (order !== 0 && here !== order)) return false
    order = here
  }
  return true
}

export interface FrameSpan {
  group: GroupNode
  /** Horizontal extent, padding included. */
  x0: number
  x1: number
  /** First and last rank it spans. */
  top: number
  bottom: number
  /** Frames nested in it that start on its first rank, and end on its last (their labels and padding stack). */
  nestedTop: number
  nestedBottom: number
}

/** Whether `node`, in no frame of `spans`, could stand at `x` outside each of them that spans its rank, a frame's padding away. */
export function clearOfFrames(spans: FrameSpan[], node: LayerNode, x: number): boolean {
  return spans.every((s) => node.rank < s.top || node.rank > s.bottom || x + node.right <= s.x0 - FRAME_PAD || x - node.left >= s.x1 + FRAME_PAD)
}

/** The frames' spans from the current x, inner before outer's padding. */
export function frameSpans(layered: Layered): Map<GroupNode, FrameSpan> {
  const spans = new Map<GroupNode, FrameSpan>()
  const inner = [...layered.groups].sort((a, b) => b.depth - a.depth)
  for (const g of inner) {
    let x0 = Infinity
    let x1 = -Infinity
    let top = Infinity
    let bottom = -Infinity
    for (const rank of layered.ranks) {
      for (const n of rank) {
        if (n.group !== g) continue
        x0 = Math.min(x0, n.x - n.left)
        x1 = Math.max(x1, n.x + n.right)
        top = Math.min(top, n.rank)
        bottom = Math.max(bottom, n.rank)
      }
    }
    let nestedTop = 0
    let nestedBottom = 0
    for (const [child, s] of spans) {
      if (child.parent !== g) continue
      x0 = Math.min(x0, s.x0)
      x1 = Math.max(x1, s.x1)
      top = Math.min(top, s.top)
      bottom = Math.max(bottom, s.bottom)
    }
    for (const [child, s] of spans) {
      if (child.parent !== g) continue
      if (s.top === top) nestedTop = Math.max(nestedTop, s.nestedTop + 1)
      if (s.bottom === bottom) nestedBottom = Math.max(nestedBottom, s.nestedBottom + 1)
    }
    // An empty group has no frame.
    if (x0 <= x1) spans.set(g, { group: g, x0: x0 - FRAME_PAD, x1: x1 + FRAME_PAD, top, bottom, nestedTop, nestedBottom })
  }
  return spans
}

/**
 * Push every node that stands in a frame's span without belonging to it out
 * to the side it stands on (its rank's nodes beyond it follow); a node of a
 * sibling frame that stands beside it in one order goes with its whole frame.
 * Pre: groups contiguous in every rank. Post: no frame holds a foreign node,
 * sibling frames do not overlap (for groups that can be drawn so); ranks keep
 * their order and spacing.
 */
export function separateFrames(layered: Layered): void {
  if (!layered.groups.length) return
  const nodes = layered.ranks.flat()
  const before = nodes.map((n) => n.x)
  const was = new Map(nodes.map((n, i) => [n, before[i]!]))
  // Every node side by side, with a frame's padding each: no settled drawing is wider.
  const bound = nodes.reduce((sum, n) => sum + n.left + n.right + 36, 0) + 4 * FRAME_PAD * layered.groups.length
  const width = () => Math.max(...nodes.map((n) => n.x + n.right)) - Math.min(...nodes.map((n) => n.x - n.left))
  // Each push only widens frames outwards, so a few rounds settle groups that
  // an author draws (connected blocks). Groups whose frames cannot be nested
  // as rectangles push each other without end: then nothing moves at all.
  for (let round = 0; round < 8 * layered.groups.length + 8; round++) {
    if (width() > bound) {
      nodes.forEach((n, i) => (n.x = before[i]!))
      return
    }
    const spans = frameSpans(layered)
    let moved = false
    for (const span of spans.values()) {
      for (let r = span.top; r <= span.bottom; r++) {
        const rank = layered.ranks[r]!
        const first = rank.findIndex((n) => within(n, span.group))
        const centre = (span.x0 + span.x1) / 2
        for (let i = 0; i < rank.length; i++) {
          const n = rank[i]!
          // A sibling frame's node moves with its whole frame (below), not alone: that would tear its frame's column apart.
          const sibling = siblingOf(n, span.group)
          if (within(n, span.group) || (sibling && apart(layered, sibling, span.group))) continue
          const right = first >= 0 ? i > first : n.x >= centre
          const dx = right ? span.x1 + FRAME_PAD + n.left - n.x : span.x0 - FRAME_PAD - n.right - n.x
          if (right ? dx > 0 : dx < 0) {
            shift(rank, i, dx)
            moved = true
          }
        }
      }
    }
    // Sibling frames side by side: the right one steps right, all its ranks at once.
    const list = [...spans.values()]
    for (const a of list) {
      for (const b of list) {
        if (a === b || a.group.parent !== b.group.parent || a.top > b.bottom || b.top > a.bottom) continue
        if (!leftOf(layered, a, b) || a.x1 + FRAME_PAD <= b.x0) continue
        const dx = a.x1 + FRAME_PAD - b.x0
        const centre = (b.x0 + b.x1) / 2
        for (let r = b.top; r <= b.bottom; r++) {
          const rank = layered.ranks[r]!
          let first = rank.findIndex((n) => within(n, b.group))
          if (first < 0) first = rank.findIndex((n) => n.x >= centre)
          if (first >= 0) shift(rank, first, dx)
        }
        moved = true
      }
    }
    if (!moved) break
  }
  followAbove(layered, was)
  hangBelow(layered, was)
}

/**
 * A node outside every frame that hung straight below another by its one
 * wire from above, and that the pushes left off it (it was pushed out of a
 * frame's span, and the frame has since stepped aside with its siblings),
 * comes back under it with the chain that hung straight below it, where each
 * of them has room in its rank and no frame spans its place; their other
 * wires down keep bending (a side input stays outside its op's side).
 * Post: ranks keep their order and spacing; frames hold the same nodes.
 */
function hangBelow(layered: Layered, was: Map<LayerNode, number>): void {
  const spans = [...frameSpans(layered).values()]
  const straightBefore = (e: LayerEdge) => Math.abs(was.get(e.from)! + e.fromOffset - was.get(e.to)! - e.toOffset) < 0.5
  const free = (u: LayerNode) => u.node !== undefined && !u.group && u.up.length === 1 && u.up[0]!.side === undefined
  for (const rank of layered.ranks) {
    for (const u of rank) {
      if (!free(u) || !straightBefore(u.up[0]!)) continue
      const e = u.up[0]!
      const dx = e.from.x + e.fromOffset - e.toOffset - u.x
      if (Math.abs(dx) < 0.5) continue
      const chain = [u]
      for (let c = u; c.down.length === 1 && free(c.down[0]!.to) && straightBefore(c.down[0]!); ) chain.push((c = c.down[0]!.to))
      const link = new Set(chain.slice(1).map((c) => c.up[0]!))
      if (chain.every((c) => movesFreely(layered, spans, c, c.x + dx, link))) for (const c of chain) c.x += dx
    }
  }
}

/**
 * Whether `node` can stand at `x`: it fits its rank, no frame spans it there,
 * and each wire down (but those in `link`, which move with it) keeps what it
 * was: a side input stays outside its op's side, a bent wire stays bent.
 */
function movesFreely(layered: Layered, spans: FrameSpan[], node: LayerNode, x: number, link: Set<LayerEdge>): boolean {
  const keeps = (f: LayerEdge) => {
    const off = (at: number) => f.to.x + f.toOffset - at - f.fromOffset
    return f.side !== undefined ? f.side * off(x) <= 0 : Math.abs(off(node.x)) >= 0.5 && Math.abs(off(x)) >= 0.5
  }
  return fits(layered, node, x) && clearOfFrames(spans, node, x) && node.down.every((f) => link.has(f) || keeps(f))
}

/**
 * Phase `bracesUnderStems`, after separateFrames: a source that stands off
 * its brace's end, away from every sample (the brace reaching out to the
 * stem): pushed out of a frame's span while some of its samples stayed in
 * it, or left behind when its samples moved over the boxes they feed
 * (straighten). The sample nearest the stem, outside every frame, comes
 * under it where that bends nothing; or else the source steps over that
 * sample.
 * Post: every brace that can spans its stem; ranks keep their order and spacing.
 */
export function bracesUnderStems(layered: Layered): void {
  const spans = [...frameSpans(layered).values()]
  for (const rank of layered.ranks) {
    for (const source of rank) {
      const samples = source.down.filter((e) => e.sample === 'joint')
      if (samples.length < 2 || source.group) continue
      const stem = source.x
      const ends = samples.map((e) => e.to.x + e.toOffset - e.fromOffset)
      const side = stem < Math.min(...ends) - 0.5 ? -1 : stem > Math.max(...ends) + 0.5 ? 1 : 0
      if (!side) continue
      const end = side < 0 ? Math.min(...ends) : Math.max(...ends)
      const sample = samples[ends.indexOf(end)]!.to
      // The sample steps by the gap (its drop under the stem), or else the source does (the stem over the drop).
      if (!sample.group && sample.up.length === 1 && movesFreely(layered, spans, sample, sample.x + stem - end, new Set())) sample.x += stem - end
      else if (source.up.length === 0 && movesFreely(layered, spans, source, end, new Set(samples))) source.x = end
    }
  }
}

/**
 * A node outside every frame that hung straight above a node the frames
 * pushed aside, by its one wire down, follows it (a data set over its lone
 * sample pushed out of a loop), and what hung straight above it follows in
 * turn, bottom up. Nodes beyond it in its rank step on by the spacing they
 * need, unless one is in a frame: then it stays.
 * Post: ranks keep their order and spacing; frames hold the same nodes.
 */
function followAbove(layered: Layered, was: Map<LayerNode, number>): void {
  for (let r = layered.ranks.length - 2; r >= 0; r--) {
    const rank = layered.ranks[r]!
    for (const u of rank) {
      if (!u.node || u.group || u.down.length !== 1 || u.x !== was.get(u)) continue
      const e = u.down[0]!
      // Only a pushed node pulls: one the frames left alone keeps its place, and so does what it hangs from.
      if (e.to.x === was.get(e.to) || Math.abs(was.get(u)! + e.fromOffset - was.get(e.to)! - e.toOffset) >= 0.5) continue
      const dx = e.to.x + e.toOffset - e.fromOffset - u.x
      if (Math.abs(dx) < 0.5) continue
      const pushed = pushBeyond(rank, u, u.x + dx, Math.sign(dx), (next, need) => (next.group ? undefined : [[next, need]]))
      if (!pushed) continue
      for (const [n, d] of [[u, dx] as [LayerNode, number], ...pushed]) n.x += d
    }
  }
}

/** Whether frame `a` stands left of its sibling `b`: by their order in a rank both hold nodes in, else by their centres. */
function leftOf(layered: Layered, a: FrameSpan, b: FrameSpan): boolean {
  for (let r = Math.max(a.top, b.top); r <= Math.min(a.bottom, b.bottom); r++) {
    const rank = layered.ranks[r]!
    const ia = rank.findIndex((n) => within(n, a.group))
    const ib = rank.findIndex((n) => within(n, b.group))
    if (ia >= 0 && ib >= 0) return ia < ib
  }
  return (a.x0 + a.x1) / 2 < (b.x0 + b.x1) / 2
}

/** Move node `i` by `dx`, and the nodes beyond it on that side with it. */
function shift(rank: LayerNode[], i: number, dx: number): void {
  if (dx > 0) for (let k = i; k < rank.length; k++) rank[k]!.x += dx
  else for (let k = i; k >= 0; k--) rank[k]!.x += dx
}
