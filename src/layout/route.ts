/**
 * Phases `sideEntries`, `placeY` and `route`: where side inputs come down, y
 * coordinates and wires. Horizontal runs live in the channel
 * between two ranks, one track per fan-out (a value used twice shares one
 * bus, as in the article's figures); tracks whose runs overlap are stacked
 * (left-edge greedy channel assignment, Hashimoto and Stevens 1971). Every
 * wire is then an orthogonal polyline from its source's bottom to its target:
 * into the top, or down a port column beside the target and into its side.
 */
import { entryShortfall, entryStep, FRAME_PAD, PORT_STEP } from './attach.js'
import { append } from '../ir/multimap.js'
import { FRAME_LABEL, type FrameSpan } from './groups.js'
import type { Layered, LayerEdge, LayerNode, Route } from './layered.js'
import type { Point } from './scene.js'
import { SHAPES } from './shapes.js'

const TRACK_STEP = 10
const PAD_TOP = 14
const PAD_BOTTOM = 18
const MIN_GAP = 38
/** Room under a source for its tilde. */
export const TILDE = { top: 3, height: 18 }

export interface Vertical {
  rankTop: number[]
  rankHeight: number[]
  /** y of each node's centre. */
  cy: Map<LayerNode, number>
  /** y of each horizontal run, by rank of its start and key of the node it leaves. */
  track: Map<string, number>
}

/** Shape height of a node (dummies have none). */
function height(node: LayerNode): number {
  return node.measured?.height ?? 0
}

/**
 * A horizontal run in the channel under a rank: the x range it covers, the
 * column where its wire comes down into the channel (`top`, none where a
 * branch goes straight on through it) and those where it leaves downwards
 * (`bottom`), and its net (the wire's source), within which
 * crossings do not count.
 */
interface Run {
  key: string
  lo: number
  hi: number
  top: number | undefined
  bottom: number[]
  net: string
}

/** Horizontal runs below rank r: one per fan-out, one per side exit that cannot run beside its node. */
function runs(layered: Layered, r: number): Run[] {
  const found = new Map<string, Run>()
  for (const node of layered.ranks[r]!) {
    const net = node.node?.id ?? node.route!.wire.from
    for (const e of node.down) {
      const to = e.to.x + e.toOffset
      // A side exit runs beside its node, not in the channel, unless another node of the rank is in its way.
      if (e.fromOffset) {
        const column = node.x + e.fromOffset
        if (exitBlocked(layered, node, e)) found.set(`${node.key}>${e.wire}`, { key: `${node.key}>${e.wire}`, lo: Math.min(column, to), hi: Math.max(column, to), top: column, bottom: [to], net })
        continue
      }
      const run = found.get(node.key) ?? { key: node.key, lo: node.x, hi: node.x, top: node.x, bottom: [], net }
      // A branch straight down keeps the column in use through the channel: whatever spans it crosses it on any track.
      if (to === node.x) run.top = undefined
      else {
        run.lo = Math.min(run.lo, to)
        run.hi = Math.max(run.hi, to)
        run.bottom.push(to)
      }
      if (run.lo < run.hi) found.set(node.key, run)
    }
  }
  return [...found.values()]
}

/** The most runs of one channel whose tracks follow vertical constraints (the figures and corpus have at most 4, random DAGs of 1,000 nodes 33). */
const CONSTRAINED_RUNS = 64

/**
 * Tracks for the runs of one channel, top down: the left-edge algorithm
 * with vertical constraints (Hashimoto and Stevens 1971; Yoshimura and Kuh
 * 1982). Where another net comes down into the channel inside a run's span,
 * that net's track goes above the run; where it leaves downwards inside the
 * span, below. Either way its vertical then stops short of the run instead
 * of crossing it next to where it ends, which would read as one more branch
 * of a fan-out. A pair of runs each of which asks the other above it
 * crosses either way: there a net that comes down within a port step of a
 * column where the other leaves goes above it, or its trunk would run along
 * that drop. Constraints in a cycle cannot all hold: the run with the
 * fewest left unplaced drops them. Without constraints this is plain
 * left-edge packing, the fewest tracks. Comparing every pair of runs costs
 * n²: a channel of more than CONSTRAINED_RUNS runs (a thousand inputs into
 * one sum; no drawing a reader could follow) is packed without constraints,
 * so that layout time stays near-linear.
 */
function assignTracks(runs: Run[]): Map<string, number> {
  runs.sort((a, b) => a.lo - b.lo || (a.key < b.key ? -1 : 1))
  // Flat arrays and numbered nets: a wide channel compares every pair of runs.
  const nets = new Map<string, number>()
  const net = runs.map((r) => nets.get(r.net) ?? nets.set(r.net, nets.size).size - 1)
  const lo = runs.map((r) => r.lo)
  const hi = runs.map((r) => r.hi)
  const top = runs.map((r) => r.top ?? NaN)
  /** For each run, the runs that wait for it to be placed (go below it), and how many each waits for. */
  const after: number[][] = runs.map(() => [])
  const waits = runs.map(() => 0)
  /** Whether x lies inside run k's span, ends excluded. */
  const inside = (x: number, k: number) => x > lo[k]! + 0.5 && x < hi[k]! - 0.5
  const leavesInside = (k: number, of: number) => runs[k]!.bottom.some((x) => inside(x, of))
  /** Whether run k comes down beside a column where run of leaves: below it, k's trunk would run along that drop. */
  const besideDrop = (k: number, of: number) => runs[of]!.bottom.some((x) => Math.abs(x - top[k]!) < PORT_STEP)
  const above = (upper: number, lower: number) => {
    after[upper]!.push(lower)
    waits[lower]!++
  }
  for (let i = 0; i < runs.length && runs.length <= CONSTRAINED_RUNS; i++) {
    // Sorted by left end: runs starting past i's right end cannot reach into it.
    for (let j = 0; j < runs.length && lo[j]! < hi[i]!; j++) {
      if (net[j] === net[i] || hi[j]! <= lo[i]!) continue
      const down = inside(top[j]!, i)
      const up = leavesInside(j, i)
      // The pair crosses whichever goes above (each asks the other above it), and one comes
      // down beside a column where the other leaves: that one goes above, once for the pair.
      const either = (down || leavesInside(i, j)) && (up || inside(top[i]!, j))
      const [jBeside, iBeside] = either ? [besideDrop(j, i), besideDrop(i, j)] : [false, false]
      if (jBeside !== iBeside) {
        if (jBeside) above(j, i)
        continue
      }
      if (down !== up) above(down ? j : i, down ? i : j)
    }
  }
  const track = new Map<string, number>()
  let unplaced = runs.map((_, i) => i)
  for (let t = 0; unplaced.length; t++) {
    let end = -Infinity
    const now: number[] = []
    const rest: number[] = []
    for (const i of unplaced) {
      if (waits[i]! <= 0 && runs[i]!.lo > end + 8) {
        track.set(runs[i]!.key, t)
        end = runs[i]!.hi
        now.push(i)
      } else rest.push(i)
    }
    if (!now.length) {
      // A cycle: free the run that waits on the fewest others, and fill this track again.
      waits[unplaced.reduce((best, i) => (waits[i]! < waits[best]! ? i : best))] = 0
      t--
      continue
    }
    unplaced = rest
    // Placed on this track: what waited for them may go on the next.
    for (const i of now) for (const k of after[i]!) waits[k]!--
  }
  return track
}

/**
 * Whether a side exit's run at its node's height would pass another node of
 * that rank on its way to the column below it: then it turns down at its own
 * column and crosses over in the channel under the rank.
 */
function exitBlocked(layered: Layered, node: LayerNode, e: LayerEdge): boolean {
  const column = node.x + e.fromOffset
  const to = e.to.x + e.toOffset
  const lo = Math.min(column, to)
  const hi = Math.max(column, to)
  return hi - lo > 0.5 && layered.ranks[node.rank]!.some((w) => w !== node && w.node !== undefined && w.x + w.right > lo && w.x - w.left < hi)
}

/** Room a frame takes above its first rank (label and padding) and below its last. */
export const frameAbove = (s: FrameSpan) => (s.nestedTop + 1) * (FRAME_LABEL + FRAME_PAD)
export const frameBelow = (s: FrameSpan) => (s.nestedBottom + 1) * FRAME_PAD

/**
 * Assign y to ranks, nodes and tracks.
 * Pre: x final. Post: ranks stacked top down, each channel tall enough for its
 * tracks, the tildes under the sources and the frames' labels and padding.
 */
export function placeY(layered: Layered, sampleRanks: Set<number>, sourceRanks: Set<number>, frames: Iterable<FrameSpan>): Vertical {
  const above: number[] = layered.ranks.map(() => 0)
  const below: number[] = layered.ranks.map(() => 0)
  for (const s of frames) {
    above[s.top] = Math.max(above[s.top]!, frameAbove(s))
    below[s.bottom] = Math.max(below[s.bottom]!, frameBelow(s))
  }
  const rankTop: number[] = []
  const rankHeight: number[] = []
  const cy = new Map<LayerNode, number>()
  const track = new Map<string, number>()
  let y = 0
  layered.ranks.forEach((rank, r) => {
    // The data row and the sample row hanging from its tildes align their tops, all lowered by
    // the room one of them keeps above (a note). Elsewhere centres align, so that room is kept below too.
    const tops = sampleRanks.has(r) || sourceRanks.has(r)
    const lift = tops ? Math.max(0, ...rank.map((node) => node.measured?.padTop ?? 0)) : 0
    let h = 0
    for (const node of rank) h = Math.max(h, tops ? lift + height(node) : height(node) + 2 * (node.measured?.padTop ?? 0))
    y += above[r]!
    rankTop.push(y)
    rankHeight.push(h)
    for (const node of rank) cy.set(node, tops ? y + lift + height(node) / 2 : y + h / 2)
    const trackOf = assignTracks(runs(layered, r))
    const count = trackOf.size ? Math.max(...trackOf.values()) + 1 : 0
    const top = PAD_TOP + below[r]! + (sourceRanks.has(r) ? TILDE.top + TILDE.height : 0)
    for (const [key, t] of trackOf) track.set(`${r}:${key}`, y + h + top + t * TRACK_STEP)
    const needed = count ? top + (count - 1) * TRACK_STEP + PAD_BOTTOM : sourceRanks.has(r) ? TILDE.top + TILDE.height + 4 : MIN_GAP
    y += h + below[r]! + Math.max(sourceRanks.has(r) && !count ? 0 : MIN_GAP, needed)
  })
  return { rankTop, rankHeight, cy, track }
}

/** Where a vertical wire at x meets the top of a node's shape. */
function topAt(node: LayerNode, x: number, cy: number): number {
  const m = node.measured!
  return cy + SHAPES[m.shape].top(x - node.x, m.width, m.height)
}

/** Drop repeated points and the middle of straight runs. */
function simplify(points: Point[]): Point[] {
  const out: Point[] = []
  for (const p of points) {
    const last = out[out.length - 1]
    if (last && last[0] === p[0] && last[1] === p[1]) continue
    const before = out[out.length - 2]
    if (last && before && ((before[0] === last[0] && last[0] === p[0]) || (before[1] === last[1] && last[1] === p[1]))) out.pop()
    out.push(p)
  }
  return out
}

/**
 * Whether a side input can come straight down its own column at x and turn
 * into the target's side: clear of the target's shape and decorations, no
 * other node of the target's rank in between (its drawn shape, not the room
 * kept for its ports), and no other net running down that column through the
 * rank. Wires of other nets crossing in between do not count: the port
 * column's route crosses them too, in the channel above.
 */
function freeColumn(layered: Layered, route: Route, x: number): boolean {
  const target = route.nodes[route.nodes.length - 1]!
  if (entryShortfall(target, route.side, x) > 0) return false
  const lo = Math.min(x, target.x)
  const hi = Math.max(x, target.x)
  const net = route.wire.from
  const onColumn = (column: number, wire: number) => layered.routeOf.get(wire)!.wire.from !== net && Math.abs(column - x) < PORT_STEP / 2
  return layered.ranks[target.rank]!.every((w) => {
    if (w === target) return true
    if (!w.node) return !onColumn(w.x, w.route!.index)
    const m = w.measured!
    if (w.x + m.width / 2 + m.padRight + 4 > lo && w.x - m.width / 2 - m.padLeft - 4 < hi) return false
    // Its side inputs come down their port columns or their own; its side exits leave down theirs.
    return w.up.every((e) => e.side === undefined || (!onColumn(w.x + e.toOffset, e.wire) && !onColumn(e.from.x + e.fromOffset, e.wire))) && w.down.every((e) => !e.fromOffset || !onColumn(w.x + e.fromOffset, e.wire))
  })
}

/**
 * Phase `sideEntries`: where each side input comes down and the height it
 * enters at. A wire comes down its source's own column where that is free
 * (see `freeColumn`), else its port column; two wires into one side never come
 * down one column (they would read as one), so a wire whose own column another
 * input of that side takes falls back to its port. `attach` gave the nearest
 * port column the highest entry, so that an outer wire's turn passes under
 * the inner wire's end; a wire coming down its own column may be farther out
 * than a neighbour's port column, so the heights of one side are dealt out
 * again by where each wire comes down, the nearest highest.
 * Pre: x final, ports attached. Post: each side input's last `toOffset` is
 * the column it comes down; on each side the same entry heights as before.
 */
export function placeSideEntries(layered: Layered): void {
  const sides = new Map<string, Route[]>()
  for (const route of layered.routes) {
    if (route.entry !== 'side' || route.edges[route.edges.length - 1]!.toOffset === 0) continue
    const key = `${route.nodes[route.nodes.length - 1]!.key}:${route.side}`
    const list = sides.get(key)
    if (list) list.push(route)
    else sides.set(key, [route])
  }
  for (const routes of sides.values()) {
    const target = routes[0]!.nodes[routes[0]!.nodes.length - 1]!
    const last = (r: Route) => r.edges[r.edges.length - 1]!
    const own = routes.map((r) => r.nodes[r.nodes.length - 2]!.x + last(r).fromOffset)
    const port = routes.map((r) => target.x + last(r).toOffset)
    const column = routes.map((r, i) => (freeColumn(layered, r, own[i]!) ? own[i]! : port[i]!))
    // Each fallback only moves a wire from its own column to its port: this ends.
    for (let changed = true; changed; ) {
      changed = false
      column.forEach((c, i) => {
        if (c === port[i] || !column.some((d, j) => j !== i && Math.abs(d - c) < PORT_STEP / 2)) return
        column[i] = port[i]!
        changed = true
      })
    }
    routes.forEach((r, i) => (last(r).toOffset = column[i]! - target.x))
    const forward = routes.filter((r) => !r.reversed)
    if (forward.length < 2) continue
    const reach = (r: Route) => Math.abs(last(r).toOffset)
    const heights = forward.map((r) => r.entryDy).sort((a, b) => a - b)
    // Stable: wires coming down one column keep attach's order.
    ;[...forward].sort((a, b) => reach(a) - reach(b)).forEach((r, i) => (r.entryDy = heights[i]!))
  }
  apartOnFacingSides(layered, [...sides.values()].flat())
}

/**
 * Two neighbours in one rank facing each other (a node's right side, the next
 * node's left side) each take a wire at the same height whose turns in
 * overlap (two values between them, each feeding both: a VAE's μ and σ into
 * KL and the reparameterisation): the two runs would lie on one track and read
 * as one wire. The right-hand one enters a step farther from its side's middle
 * (keeping its side's order, nearest highest), or, where its shape has no room
 * there, the left-hand one does; the two then cross once, plainly.
 * Pre: each side input's column and entry height set. Post: no two such runs share a height.
 */
function apartOnFacingSides(layered: Layered, routes: Route[]): void {
  const into = (r: Route) => r.nodes[r.nodes.length - 1]!
  const column = (r: Route) => into(r).x + r.edges[r.edges.length - 1]!.toOffset
  const run = (r: Route): [number, number] => {
    const t = into(r)
    const edge = t.x + (r.side * t.measured!.width) / 2
    return [Math.min(edge, column(r)), Math.max(edge, column(r))]
  }
  const room = (n: LayerNode, dy: number) => Math.abs(dy) <= n.measured!.height / 2 - 3
  const away = (r: Route, n: LayerNode) => r.entryDy + (r.entryDy < 0 ? -1 : 1) * entryStep(n)
  // A node's right side faces the left side of the next node of its rank.
  const [intoLeft, intoRight] = [new Map<LayerNode, Route[]>(), new Map<LayerNode, Route[]>()]
  for (const r of routes) if (!r.reversed) append(r.side < 0 ? intoLeft : intoRight, into(r), r)
  for (const [a, rights] of intoRight) {
    const next = layered.ranks[a.rank]!.slice(a.order + 1).find((n) => n.node)
    const lefts = next && intoLeft.get(next)
    if (!next || !lefts) continue
    for (const p of rights) {
      for (const q of lefts) {
        if (p.wire.from === q.wire.from || p.entryDy !== q.entryDy) continue
        const [p0, p1] = run(p)
        const [q0, q1] = run(q)
        if (Math.min(p1, q1) - Math.max(p0, q0) <= 0) continue
        if (room(next, away(q, next))) q.entryDy = away(q, next)
        else if (room(a, away(p, a))) p.entryDy = away(p, a)
      }
    }
  }
}

/**
 * The polyline of one wire, from its source to its target.
 * Pre: x and y final. Post: orthogonal; starts on the source's outline (a
 * sample under its tilde), ends on the target's; a side input ends on the
 * target's side. A back wire leaves its target's side, runs down its column
 * and turns into its source's side: laid out reversed, it is restored here.
 */
export function routeWire(layered: Layered, route: Route, v: Vertical, startBelow: number): Point[] {
  const first = route.nodes[0]!
  const points: Point[] = []
  for (let i = 0; i + 1 < route.nodes.length; i++) {
    const a = route.nodes[i]!
    const b = route.nodes[i + 1]!
    const edge = route.edges[i]!
    const last = i + 2 === route.nodes.length
    const side = last && route.entry === 'side' && edge.toOffset !== 0
    const bx = b.x + edge.toOffset
    const under = i === 0 && edge.fromOffset !== 0 && Math.abs(bx - first.x) < first.measured!.width / 2
    if (under) {
      // A side exit whose column the placement left under its node drops from the bottom: never back through the node.
      points.push([bx, v.cy.get(first)! + height(first) / 2])
    } else if (i === 0 && edge.fromOffset) {
      // A side exit: out of the side at mid-height, over to the column.
      const cy = v.cy.get(first)! + route.exitDy
      const m = first.measured!
      const column = first.x + edge.fromOffset
      points.push([first.x + Math.sign(edge.fromOffset) * SHAPES[m.shape].side(route.exitDy, m.width, m.height), cy])
      if (Math.abs(bx - column) > 0.5 && exitBlocked(layered, first, edge)) {
        const ty = v.track.get(`${a.rank}:${a.key}>${edge.wire}`)!
        points.push([column, cy], [column, ty], [bx, ty])
      } else points.push([bx, cy])
    } else {
      if (i === 0) points.push([first.x, v.cy.get(first)! + height(first) / 2 + startBelow])
      if (!a.node) points.push([a.x, v.rankTop[a.rank]! + v.rankHeight[a.rank]!])
      if (bx !== a.x) {
        const ty = v.track.get(`${a.rank}:${a.key}`)!
        points.push([a.x, ty], [bx, ty])
      }
    }
    if (!b.node) {
      points.push([bx, v.rankTop[b.rank]!])
    } else if (side) {
      const ey = v.cy.get(b)! + route.entryDy
      const m = b.measured!
      points.push([bx, ey], [b.x + route.side * SHAPES[m.shape].side(route.entryDy, m.width, m.height), ey])
    } else {
      points.push([bx, topAt(b, bx, v.cy.get(b)!)])
    }
  }
  const simple = simplify(points)
  // Restore: a back wire was laid out from its target down to its source.
  return route.reversed ? simple.reverse() : simple
}

/** A step across narrower than this reads as a wire that missed its column (settle's JOG), not as a turn. */
const NARROW_JOG = 16
/** Room kept between a moved vertical and another net's: the geometry's close runs. */
const CLEAR = 6
/** Shortest turn into a target's side after a moved vertical: shorter, it reads as entering the top. */
const SIDE_RUN = 6

/** Whether points i-1 … i+2 step across by less than NARROW_JOG between two verticals. */
function narrowJog(p: Point[], i: number): boolean {
  const dx = Math.abs(p[i + 1]![0] - p[i]![0])
  return p[i - 1]![0] === p[i]![0] && p[i]![1] === p[i + 1]![1] && dx > 0 && dx < NARROW_JOG && p[i + 1]![0] === p[i + 2]![0]
}

/**
 * Phase `closeTinyJogs`: a wire that steps across by a few px between two
 * verticals (where placement could not line two columns up: a long wire's
 * dummy kept clear of a back wire, a port a pixel off its source's stem)
 * reads as a glitch, or as a wire that missed its column. The vertical after
 * the step moves onto the one before it wherever it then runs through no
 * node, keeps CLEAR of other nets' verticals, crosses no wire it did not,
 * splits from no branch of its own net, and still meets its target: a top
 * entry over the middle half of the shape, clear of the other entries; a turn
 * into a side at least SIDE_RUN long.
 * Pre: `routes[i]` is `layered.routes[i]` routed, in layered coordinates.
 * Post: every step narrower than NARROW_JOG left has a reason to be there.
 */
export function closeTinyJogs(layered: Layered, v: Vertical, routes: Point[][]): void {
  let boxes: Extent[] | undefined
  let extents: Extent[] | undefined
  for (let r = 0; r < routes.length; r++) {
    for (let i = 1; i + 2 < routes[r]!.length; i++) {
      if (!narrowJog(routes[r]!, i)) continue
      boxes ??= [...layered.byId.values()].filter((n) => n.node).map((n) => {
        const m = n.measured!
        const cy = v.cy.get(n)!
        return { node: n, x0: n.x - m.width / 2 - m.padLeft, x1: n.x + m.width / 2 + m.padRight, y0: cy - m.height / 2 - (m.padTop ?? 0), y1: cy + m.height / 2 }
      })
      extents ??= routes.map(extent)
      const moves = new Map<number, Point[]>()
      const single = withoutJog(layered, v, routes, r, i, boxes, extents, new Set())
      if (single) moves.set(r, single)
      else {
        // Branches of one net that step across together (down one column, over to another)
        // move together, or they would split.
        const [to, from] = [routes[r]![i]![0], routes[r]![i + 1]![0]]
        const together = new Map<number, number>([[r, i]])
        routes.forEach((p, s) => {
          if (s === r || layered.routes[s]!.wire.from !== layered.routes[r]!.wire.from) return
          for (let k = 1; k + 2 < p.length; k++) if (narrowJog(p, k) && p[k]![0] === to && p[k + 1]![0] === from) together.set(s, k)
        })
        const others = new Set(together.keys())
        for (const [s, k] of together.size > 1 ? together : []) {
          const moved = withoutJog(layered, v, routes, s, k, boxes, extents, others)
          if (!moved) break
          moves.set(s, moved)
        }
        if (moves.size !== together.size) moves.clear()
      }
      for (const [s, moved] of moves) {
        routes[s] = moved
        extents[s] = extent(moved)
      }
      if (moves.size) i = 0
    }
  }
}

/** A box: a node's with its decorations, or the span of a route's points. */
interface Extent {
  node?: LayerNode
  x0: number
  x1: number
  y0: number
  y1: number
}

function extent(points: Point[]): Extent {
  const xs = points.map((p) => p[0])
  const ys = points.map((p) => p[1])
  return { x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) }
}

/** The route with its jog at i closed, or undefined where closing it would cost anything. */
function withoutJog(layered: Layered, v: Vertical, routes: Point[][], r: number, i: number, boxes: Extent[], extents: Extent[], movingToo: ReadonlySet<number>): Point[] | undefined {
  const points = routes[r]!.map((p): Point => [p[0], p[1]])
  const wire = layered.routes[r]!.wire
  const target = layered.byId.get(wire.to)!
  const [from, to] = [points[i + 1]![0], points[i]![0]]
  const last = i + 2 === points.length - 1
  points[i + 1]![0] = to
  points[i + 2]![0] = to
  if (last) {
    // Into the target's top: over the middle half of its shape (nearer a corner it reads as a
    // wire that missed the middle), clear of the other wires that enter there.
    const m = target.measured!
    if (Math.abs(to - target.x) > m.width / 4) return undefined
    for (let s = 0; s < routes.length; s++) {
      const end = routes[s]![routes[s]!.length - 1]!
      if (s !== r && layered.routes[s]!.wire.to === wire.to && Math.abs(end[0] - to) < CLEAR) return undefined
    }
    points[i + 2]![1] = topAt(target, to, v.cy.get(target)!)
  }
  // Into the target's side: the turn in keeps a run a reader sees as entering the side, not the top.
  if (i + 3 === points.length - 1 && points[i + 3]![1] === points[i + 2]![1]) {
    if (Math.abs(points[i + 3]![0] - to) < SIDE_RUN) return undefined
  }
  const [ya, yb] = [Math.min(points[i]![1], points[i + 2]![1]), Math.max(points[i]![1], points[i + 2]![1])]
  for (const b of boxes) {
    if (b.node === target && last) continue
    if (to > b.x0 + 0.5 && to < b.x1 - 0.5 && ya < b.y1 - 0.5 && yb > b.y0 + 0.5) return undefined
  }
  const [near, far] = [Math.min(from, to) - CLEAR, Math.max(from, to) + CLEAR]
  for (let s = 0; s < routes.length; s++) {
    // Only a route within reach of both columns and the run's height can meet it.
    const e = extents[s]!
    if (s === r || movingToo.has(s) || e.x1 < near || e.x0 > far || e.y1 <= ya || e.y0 >= yb) continue
    const own = layered.routes[s]!.wire.from === wire.from
    const p = routes[s]!
    for (let k = 0; k + 1 < p.length; k++) {
      const [a, b] = [p[k]!, p[k + 1]!]
      const y0 = Math.min(a[1], b[1])
      const y1 = Math.max(a[1], b[1])
      if (a[0] === b[0]) {
        if (Math.min(yb, y1) - Math.max(ya, y0) <= 0) continue
        // A branch of its own net down the same column would split from it; another net's would run close.
        if (own ? a[0] === from : Math.abs(a[0] - to) < CLEAR) return undefined
      } else if (!own && a[1] > ya && a[1] < yb) {
        const x0 = Math.min(a[0], b[0])
        const x1 = Math.max(a[0], b[0])
        if (to > x0 && to < x1 && !(from > x0 && from < x1)) return undefined
      }
    }
  }
  return simplify(points)
}
