/**
 * Write-back wires (`store s, a, r, s' in D`): each stored value runs back up
 * into its buffer's side. They are kept out of the layered graph (a write
 * closes a loop through the buffer's samples, and must not pull the buffer
 * down to its values) and drawn once everything is placed. A value beside
 * the buffer in its row writes straight across; the others are one
 * transaction, drawn as one trunk outside the drawing that enters the
 * buffer's side once, each value joining it on a branch of its own, so that
 * none runs through a node or along another net's wire:
 *   - a value with nothing of its rank between it and the buffer's side of
 *     the drawing leaves its side straight to the trunk, unless leaving the
 *     other side (free too) to the trunk's far part crosses fewer wires;
 *   - else, with nothing on the other side, it leaves that side to the
 *     trunk's far part, which runs down outside the drawing, under the bottom
 *     row and up the buffer's side;
 *   - else it drops into the channel under its rank and runs out from there,
 *     towards the side where it crosses fewer wires.
 * Branches join the trunk at distinct heights, the drops of one rank nested,
 * so that no two writes cross.
 */
import type { Wire } from '../ir/types.js'
import type { Layered, LayerNode } from './layered.js'
import { TILDE, type Vertical } from './route.js'
import type { Point } from './scene.js'

/** Gap between the drawing and the trunk. */
const TRUNK_GAP = 16
/** Room for drops under the bottom rank, which has no channel below it. */
const LAST_CHANNEL = 14

/**
 * The free band under rank r where drops run out towards `out` from the
 * values `from`: below every node of the rank that the runs pass under (with
 * its tilde), which in a rank of tall boxes may leave a short value room
 * right under it, and above both the rank's first track and the next rank,
 * so that a drop in it runs along no track and through no node.
 */
function channel(layered: Layered, vertical: Vertical, r: number, from: LayerNode[], out: -1 | 1): [number, number] {
  const inner = out > 0 ? Math.min(...from.map((v) => v.x)) : Math.max(...from.map((v) => v.x))
  let top = -Infinity
  for (const n of layered.ranks[r]!) {
    if (!n.node || out * (n.x - inner) < 0) continue
    const tilde = n.down.some((e) => e.sample) ? TILDE.top + TILDE.height : 0
    top = Math.max(top, vertical.cy.get(n)! + n.measured!.height / 2 + tilde)
  }
  let bottom = vertical.rankTop[r + 1] ?? top + LAST_CHANNEL
  for (const [key, y] of vertical.track) if (key.startsWith(`${r}:`)) bottom = Math.min(bottom, y)
  return [top, bottom]
}

export interface WriteBack {
  wire: Wire
  points: Point[]
}

/** The drawing's extent: its left and right edges and its bottom. */
export interface Extent {
  minX: number
  maxX: number
  maxY: number
}

/**
 * Whether `value` cannot leave towards `side`: a real node of its rank stands
 * beyond it, or another wire already uses that side (a back wire into it, a
 * side entry, a side exit), which a write would run along.
 */
function blocked(layered: Layered, value: LayerNode, side: -1 | 1): boolean {
  if (value.down.some((e) => Math.sign(e.fromOffset) === side) || value.up.some((e) => e.side === side)) return true
  return layered.ranks[value.rank]!.some((n) => n.node && n !== value && side * (n.x - value.x) > 0)
}

/**
 * A write from a value beside the buffer in its row: straight into the
 * facing side, at a height both share; where another wire meets the value's
 * facing side (a back wire into it, a side exit), at the shared height
 * farthest from it, so that the two do not run on one line.
 */
function straight(vertical: Vertical, value: LayerNode, buffer: LayerNode, drawn: Point[][]): Point[] {
  const s = Math.sign(value.x - buffer.x)
  const [vy, by] = [vertical.cy.get(value)!, vertical.cy.get(buffer)!]
  const [vh, bh] = [value.measured!.height / 2, buffer.measured!.height / 2]
  const [lo, hi] = [Math.max(vy - vh, by - bh) + ENTRY_CLEAR, Math.min(vy + vh, by + bh) - ENTRY_CLEAR]
  const facing = value.x - s * value.measured!.width / 2
  const met = drawn.flatMap((points) => [points[0]!, points[points.length - 1]!]).filter(([x, y]) => Math.abs(x - facing) < 1 && y >= vy - vh && y <= vy + vh).map(([, y]) => y)
  const clearOf = (y: number) => Math.min(...met.map((m) => Math.abs(m - y)))
  const y = [Math.min(Math.max(vy, lo), hi), lo, hi].reduce((best, y) => (clearOf(y) > clearOf(best) + 0.5 ? y : best))
  return [[facing, y], [buffer.x + s * buffer.measured!.width / 2, y]]
}

/** Room between an entry into the buffer and a corner of its box or a node it passes. */
const ENTRY_CLEAR = 4

/**
 * The longest stretch of the buffer's side, towards `side`, that writes can
 * enter along without running through a node of its row between it and the
 * outside (a short variable beside a taller data set leaves room under it);
 * empty (a point) when there is none.
 */
function entryBand(layered: Layered, vertical: Vertical, buffer: LayerNode, side: -1 | 1): [number, number] {
  const cy = vertical.cy.get(buffer)!
  const h = buffer.measured!.height
  let free: [number, number][] = [[cy - h / 2 + ENTRY_CLEAR, cy + h / 2 - ENTRY_CLEAR]]
  for (const n of layered.ranks[buffer.rank]!) {
    if (!n.node || side * (n.x - buffer.x) <= 0) continue
    const y = vertical.cy.get(n)!
    const [lo, hi] = [y - n.measured!.height / 2 - ENTRY_CLEAR, y + n.measured!.height / 2 + ENTRY_CLEAR]
    free = free.flatMap(([a, b]): [number, number][] => [[a, Math.min(b, lo)], [Math.max(a, hi), b]]).filter(([a, b]) => b > a)
  }
  const best = free.reduce<[number, number] | undefined>((m, f) => (!m || f[1] - f[0] > m[1] - m[0] ? f : m), undefined)
  return best ?? [cy, cy]
}

/**
 * The drops of each rank all run out one way: towards the buffer's side, or
 * around the far side when that crosses fewer wires. They share the
 * channel's free band evenly, the value nearest to its way out highest, so
 * that none crosses another's drop.
 */
function dropPlan(
  layered: Layered,
  vertical: Vertical,
  values: LayerNode[],
  side: -1 | 1,
  crossed: (x: number, y: number, side: -1 | 1) => number
): Map<LayerNode, { join: number; around: boolean }> {
  const plan = new Map<LayerNode, { join: number; around: boolean }>()
  for (const r of new Set(values.map((v) => v.rank))) {
    const inRank = values.filter((v) => v.rank === r)
    const band = (s: -1 | 1) => channel(layered, vertical, r, inRank, s)
    const count = (s: -1 | 1) => {
      const [top, bottom] = band(s)
      return inRank.reduce((sum, v) => sum + crossed(v.x, (top + bottom) / 2, s), 0)
    }
    const around = count(-side as -1 | 1) < count(side)
    const out = around ? -side : side
    const [top, bottom] = band(out as -1 | 1)
    inRank.sort((a, b) => out * (b.x - a.x)).forEach((v, k) => plan.set(v, { join: top + ((bottom - top) * (k + 1)) / (inRank.length + 1), around }))
  }
  return plan
}

/**
 * The polylines of every write-back wire, from the value to the buffer's side.
 * Pre: x and y final. Post: each is orthogonal, starts on its value's outline
 * and ends on its buffer's side; `extent` grows to hold them.
 */
export function writeBacks(layered: Layered, vertical: Vertical, wires: Wire[], extent: Extent, drawn: Point[][]): WriteBack[] {
  /** How many vertical runs of the drawn wires a horizontal at y from x out to the edge on `side` crosses. */
  const crossed = (x: number, y: number, side: -1 | 1) =>
    drawn.reduce((sum, points) => sum + points.slice(1).filter(([bx, by], i) => {
      const [ax, ay] = points[i]!
      return ax === bx && side * (ax - x) > 0 && Math.min(ay, by) < y && Math.max(ay, by) > y
    }).length, 0)
  const out: WriteBack[] = []
  for (const id of new Set(wires.map((w) => w.to))) {
    const buffer = layered.byId.get(id)!
    const row = layered.ranks[buffer.rank]!
    const all = wires.filter((w) => w.to === id)
    // A value right beside the buffer in its row writes straight into the buffer's facing side.
    const beside = (v: LayerNode) => v.rank === buffer.rank && !row.some((n) => n.node && n !== v && (n.x - buffer.x) * (n.x - v.x) < 0)
    for (const wire of all.filter((w) => beside(layered.byId.get(w.from)!))) out.push({ wire, points: straight(vertical, layered.byId.get(wire.from)!, buffer, drawn) })
    const mine = all.filter((w) => !beside(layered.byId.get(w.from)!))
    // A value of the buffer's row farther out, blocked beyond it, would drop across the entries on its side.
    const crossing = (s: -1 | 1) => mine.some((w) => {
      const v = layered.byId.get(w.from)!
      return v.rank === buffer.rank && s * (v.x - buffer.x) > 0 && blocked(layered, v, s)
    })
    const bands = ([1, -1] as const).map((s) => ({ side: s, band: entryBand(layered, vertical, buffer, s), crossing: crossing(s) }))
    const room = (b: { band: [number, number] }) => b.band[1] - b.band[0]
    const [right, left] = bands as [(typeof bands)[0], (typeof bands)[0]]
    const pick = () => {
      // A side that a node of the row covers whole cannot be entered without running through that node.
      if (room(right) > 0 !== room(left) > 0) return room(right) > 0 ? right : left
      // Else the right side unless the left is clear where the right is not, or as clear with more room past the row.
      if (right.crossing !== left.crossing) return right.crossing ? left : right
      return room(left) > room(right) ? left : right
    }
    const { side, band } = pick()
    const edge = (s: -1 | 1) => (s > 0 ? extent.maxX : extent.minX) + s * TRUNK_GAP
    // A value of the buffer's own row, blocked towards it, drops: around, it would come back up through the row.
    const stuck = mine.map((w) => layered.byId.get(w.from)!).filter((v) => blocked(layered, v, side) && (v.rank === buffer.rank || blocked(layered, v, -side as -1 | 1)))
    const drops = dropPlan(layered, vertical, stuck, side, crossed)
    const writes = mine.map((wire) => {
      const value = layered.byId.get(wire.from)!
      const cy = vertical.cy.get(value)!
      const m = value.measured!
      const drop = drops.get(value)
      if (drop) return { wire, leave: drop.join, join: drop.around ? Infinity : drop.join, start: [[value.x, cy + m.height / 2], [value.x, drop.join]] as Point[], around: drop.around }
      // Free towards the buffer: straight out, unless the far side is free too and crosses fewer wires on the way out.
      const fewerAround = !blocked(layered, value, -side as -1 | 1) && crossed(value.x, cy, -side as -1 | 1) < crossed(value.x, cy, side)
      if (!blocked(layered, value, side) && !fewerAround) return { wire, leave: cy, join: cy, start: [[value.x + side * (m.width / 2), cy]] as Point[], around: false }
      // Not dropped, and blocked towards the buffer (so free on the far side) or crossing less that way: around it goes.
      return { wire, leave: cy, join: Infinity, start: [[value.x - side * (m.width / 2), cy]] as Point[], around: true }
    })
    // The writes into one buffer store one transition (`store s, a, r, s' in D`): as a hand drawing gathers
    // them, they merge into one trunk (down the far side, under the drawing, up the buffer's side) that enters
    // the buffer once, each value joining it on its own branch. Unambiguous: only writes into this buffer share
    // the trunk, all of them end at its one arrowhead, and the branches join at distinct heights (at most one
    // value of a row leaves straight to each side; the drops of a row are nested), so none crosses another.
    const far = edge(-side as -1 | 1)
    const under = extent.maxY + TRUNK_GAP
    for (const w of writes) {
      if (!w.around) continue
      w.start.push([far, w.leave], [far, under])
      w.join = under
      if (side > 0) extent.minX = Math.min(extent.minX, far)
      else extent.maxX = Math.max(extent.maxX, far)
    }
    const near = edge(side)
    const y = (band[0] + band[1]) / 2
    const m = buffer.measured!
    for (const { wire, join, start } of writes) {
      out.push({ wire, points: [...start, [near, join], [near, y], [buffer.x + side * (m.width / 2), y]] })
      if (side > 0) extent.maxX = Math.max(extent.maxX, near)
      else extent.minX = Math.min(extent.minX, near)
      extent.maxY = Math.max(extent.maxY, join)
    }
  }
  return out
}
