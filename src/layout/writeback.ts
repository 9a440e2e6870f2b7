/**
 * Write-back wires (`store s, a, r, s' in D`): each stored value runs back up
 * into its buffer's box. They are kept out of the layered graph (a write
 * closes a loop through the buffer's samples, and must not pull the buffer
 * down to its values) and drawn once everything is placed, outside the
 * drawing, each on a column of its own, so that none runs through a node or
 * along another wire: a value leaves its side when nothing of its rank stands
 * between it and the outside, else it drops into the channel under it first;
 * the columns nest (the value that joins highest takes the column nearest
 * the drawing, and enters the buffer lowest), so that no two cross.
 */
import type { Wire } from '../ir/types.js'
import type { Layered } from './layered.js'
import { TILDE, type Vertical } from './route.js'
import type { Point } from './scene.js'

/** Gap between the drawing and the first column, and between two columns. */
const COLUMN = { gap: 16, step: 10 }
/** Step between the drops of two values of one rank into the channel under them. */
const DROP = { first: 6, step: 4 }

export interface WriteBack {
  wire: Wire
  points: Point[]
}

/**
 * The polylines of every write-back wire, from the value to the buffer's side.
 * Pre: x and y final; `minX`, `maxX` the drawing's extent. Post: each wire is
 * orthogonal, starts on its value's outline and ends on its buffer's side.
 */
export function writeBacks(layered: Layered, vertical: Vertical, wires: Wire[], minX: number, maxX: number): WriteBack[] {
  const out: WriteBack[] = []
  let left = minX
  let right = maxX
  const buffers = [...new Set(wires.map((w) => w.to))]
  for (const id of buffers) {
    const buffer = layered.byId.get(id)!
    const row = layered.ranks[buffer.rank]!.filter((n) => n.node)
    // The side where nothing of the buffer's row stands between it and the outside, right by default.
    const side: -1 | 1 = row[row.length - 1] !== buffer && row[0] === buffer ? -1 : 1
    const drops = new Map<number, number>()
    const starts = wires
      .filter((w) => w.to === id)
      .map((wire) => {
        const value = layered.byId.get(wire.from)!
        const cy = vertical.cy.get(value)!
        const m = value.measured!
        const blocked = layered.ranks[value.rank]!.some((n) => n.node && n !== value && side * (n.x - value.x) > 0)
        if (!blocked) return { wire, join: cy, start: [[value.x + side * (m.width / 2), cy]] as Point[] }
        const k = drops.get(value.rank) ?? 0
        drops.set(value.rank, k + 1)
        const bottom = cy + m.height / 2
        // Under a row of sources, below their tildes.
        const tildes = layered.ranks[value.rank]!.some((n) => n.down.some((e) => e.sample)) ? TILDE.top + TILDE.height : 0
        const join = vertical.rankTop[value.rank]! + vertical.rankHeight[value.rank]! + tildes + DROP.first + k * DROP.step
        return { wire, join, start: [[value.x, bottom], [value.x, join]] as Point[] }
      })
      .sort((a, b) => a.join - b.join)
    const m = buffer.measured!
    const cy = vertical.cy.get(buffer)!
    const step = starts.length > 1 ? Math.min(COLUMN.step, (m.height - 12) / (starts.length - 1)) : 0
    const base = side > 0 ? right + COLUMN.gap : left - COLUMN.gap
    starts.forEach(({ wire, join, start }, k) => {
      const x = base + side * k * COLUMN.step
      // The nearest column enters lowest, so that no entry crosses a column.
      const y = cy + ((starts.length - 1) / 2 - k) * step
      out.push({ wire, points: [...start, [x, join], [x, y], [buffer.x + side * (m.width / 2), y]] })
      if (side > 0) right = Math.max(right, x)
      else left = Math.min(left, x)
    })
  }
  return out
}
