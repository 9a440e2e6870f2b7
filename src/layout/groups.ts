/**
 * Frames around groups. `order` keeps a group contiguous in every rank and
 * `gap` pads its edges within a rank; this phase makes the frame hold its
 * nodes and no other across ranks (a node of another rank standing inside
 * the frame's span is pushed out, with its rank), and says where frames go.
 */
import { FRAME_PAD } from './attach.js'
import type { GroupNode, Layered, LayerNode } from './layered.js'

/** Height of a frame's label row. */
export const FRAME_LABEL = 16

/** Whether `node` is inside group `g` (directly or through a nested group). */
function within(node: LayerNode, g: GroupNode): boolean {
  for (let h = node.group; h; h = h.parent) if (h === g) return true
  return false
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
 * to the side it stands on (its rank's nodes beyond it follow).
 * Pre: groups contiguous in every rank. Post: no frame holds a foreign node,
 * sibling frames do not overlap; ranks keep their order and spacing.
 */
export function separateFrames(layered: Layered): void {
  if (!layered.groups.length) return
  // Each push only widens frames outwards, so a few rounds settle it.
  for (let round = 0; round < 4 * layered.groups.length + 4; round++) {
    let moved = false
    for (const span of frameSpans(layered).values()) {
      for (let r = span.top; r <= span.bottom; r++) {
        const rank = layered.ranks[r]!
        const first = rank.findIndex((n) => within(n, span.group))
        const centre = (span.x0 + span.x1) / 2
        for (let i = 0; i < rank.length; i++) {
          const n = rank[i]!
          if (within(n, span.group)) continue
          const right = first >= 0 ? i > first : n.x >= centre
          if (right && n.x - n.left < span.x1 + FRAME_PAD) {
            shift(rank, i, span.x1 + FRAME_PAD + n.left - n.x)
            moved = true
          } else if (!right && n.x + n.right > span.x0 - FRAME_PAD) {
            shift(rank, i, span.x0 - FRAME_PAD - n.right - n.x)
            moved = true
          }
        }
      }
    }
    if (!moved) return
  }
}

/** Move node `i` by `dx`, and the nodes beyond it on that side with it. */
function shift(rank: LayerNode[], i: number, dx: number): void {
  if (dx > 0) for (let k = i; k < rank.length; k++) rank[k]!.x += dx
  else for (let k = i; k >= 0; k--) rank[k]!.x += dx
}
