/**
 * Phase `settle`: after placeX and the final sides, a few local passes that a
 * reader can check one by one. Each keeps every rank's order and spacing.
 */
import { attach, clearance, entryShortfall, FRAME_PAD, PORT_STEP, relandTop } from './attach.js'
import type { Layered, LayerEdge, LayerNode, Route } from './layered.js'
import { clearOfFrames, type FrameSpan } from './groups.js'
import { crossingsBelow, inBlock, renumber } from './order.js'
import { fits, hangsFrom, placeRank, placer, pushBeyond, runFits, spacing } from './place.js'

/**
 * Two ops that share their feeders step apart where both cannot stand
 * between them (see shareFeeders; the sides are then drawn again); chains
 * hang from their inputs again (new sides may have moved a target), then long
 * wires find their side columns around the placed nodes.
 * Post: real nodes stand under their main inputs where their rank allows.
 */
export function hang(layered: Layered): void {
  if (shareFeeders(layered)) attach(layered, true)
  const place = placer(layered.ranks)
  const last = layered.ranks.length - 1
  for (let r = 0; r <= last; r++) place(r, 'hang')
  for (let sweep = 0, moved = 1; sweep < 4 && moved >= 0.05; sweep++) {
    moved = 0
    for (let r = 0; r <= last; r++) moved = Math.max(moved, place(sweep % 2 ? last - r : r, 'dummies'))
  }
}

/**
 * A long side input that still stands too close to its target (the sweeps
 * move one rank at a time, so a whole chain can stall) slides as a whole onto
 * its port column, where every rank on the way has room, with its source
 * when the source has no other wire; one already outside its column comes
 * under its source, or its source over it (sourceOntoColumn). `final`: run once
 * more after the jog passes, whose moves may have made room on a port column.
 * Post: such a wire runs down its port column or its source's, or nothing moved.
 */
export function slideToPorts(layered: Layered, final = false): void {
  // Outermost ports first: two long inputs into one side stand in order, and the inner one
  // has room on its column only once the outer one has moved out to its own.
  const outward = (r: Route) => {
    const last = r.edges[r.edges.length - 1]!
    return last.side === undefined ? 0 : last.side * last.toOffset
  }
  for (const route of [...layered.routes].sort((a, b) => outward(b) - outward(a))) {
    const last = route.edges[route.edges.length - 1]!
    const chain = route.nodes.slice(1, -1)
    if (last.side === undefined) continue
    const port = last.to.x + last.toOffset
    if (chain.length === 0) {
      // Short inputs are clearSideEntries' once jogs are closed.
      if (!final) nudgeOntoPort(layered, route.nodes[0]!, last, port)
      continue
    }
    if (chain.every((d) => last.side! * (d.x - port) >= 0)) {
      // Outside its column already: it comes straight down from a source that stands farther out, where there is room.
      const column = route.nodes[0]!.x + route.edges[0]!.fromOffset
      if (last.side * (column - port) >= 0 && chain.some((d) => d.x !== column) && chain.every((d) => fits(layered, d, column))) for (const d of chain) d.x = column
      // Else, when the chain runs down one column, its source may stand over it instead.
      else if (chain.every((d) => d.x === chain[0]!.x)) sourceOntoColumn(layered, route, chain[0]!.x)
      continue
    }
    if (!chain.every((d) => fits(layered, d, port))) continue
    const shift = port - chain[0]!.x
    for (const d of chain) d.x = port
    // Its source follows when this is its only wire and it has room, so the wire stays straight;
    // so does a lone source above it (a data set over its one sample), else closeJogs would undo the slide.
    const above = [route.nodes[0]!, ...loneSourcesAbove(route.nodes[0]!)]
    // Once jogs are closed, only where that opens no jog above it either.
    const follows = above[0]!.down.length === 1 && above.every((u) => fits(layered, u, u.x + shift)) && (!final || above[above.length - 1]!.up.every((e) => bendsAnyway(e, shift)))
    if (follows) for (const u of above) u.x += shift
    // A column that came down straight and already turned straight in stays, rather than open a jog
    // under its source: a small one always, any once jogs are closed (`final`), as nothing closes it then.
    else if ((final || Math.abs(shift) < JOG) && Math.abs(jogOf(route.edges[0]!) - shift) < 0.05 && entryShortfall(last.to, last.side, port - shift + last.fromOffset) <= 0) for (const d of chain) d.x -= shift
  }
}

/**
 * The source of a long side input whose chain cannot come under it (another
 * node stands in the way on some rank) moves over the chain instead, so that
 * the wire drops straight and turns once, into the side: with the lone
 * source it hangs from (a data set over its one sample). Only where nothing
 * else bends for it: its other wires down are side inputs that stay outside
 * their ports, and it hangs from nothing or from lone sources that move with it.
 * Post: the route's source stands over its chain, or nothing moved.
 */
function sourceOntoColumn(layered: Layered, route: Route, column: number): void {
  const source = route.nodes[0]!
  const first = route.edges[0]!
  const shift = column - (source.x + first.fromOffset)
  if (Math.abs(shift) < 0.05 || !source.node) return
  const x = source.x + shift
  for (const e of source.down) if (e !== first && (e.side === undefined || e.side * (x + e.fromOffset - (e.to.x + e.toOffset)) < 0)) return
  // A joint sample stays: its brace centres on its source, not on one branch.
  const moving = [source, ...loneSourcesAbove(source)]
  if (moving[moving.length - 1]!.up.length > 0) return
  if (moving.every((u) => fits(layered, u, u.x + shift))) for (const u of moving) u.x += shift
}

/** The sources above `node` that it alone hangs from, nearest first: a data set over its one sample (one wire down each, nothing above the last). */
function loneSourcesAbove(node: LayerNode): LayerNode[] {
  const out: LayerNode[] = []
  for (let u = node; u.up.length === 1 && u.up[0]!.from.down.length === 1 && u.up[0]!.from.up.length === 0; ) out.push((u = u.up[0]!.from))
  return out
}

/**
 * A short side input (from the rank just above) whose source stands a few px
 * inside its port column would jog sideways just above the target: the
 * source moves onto the column instead, when it has room and none of its
 * other wires bends for it (it hangs straight from nothing, and each of its
 * other side inputs stays on the outside of its port).
 */
function nudgeOntoPort(layered: Layered, source: LayerNode, edge: LayerEdge, port: number): void {
  const side = edge.side!
  const dx = port - (source.x + edge.fromOffset)
  if (side * dx <= 0 || Math.abs(dx) >= JOG || !source.node) return
  const outside = (e: LayerEdge, x: number) => e.side === undefined || e.side * (x + e.fromOffset - (e.to.x + e.toOffset)) >= 0
  const sourceFree =
    !source.up.some((e) => Math.abs(e.from.x + e.fromOffset - e.toOffset - source.x) < 0.05) &&
    source.down.every((e) => e === edge || !outside(e, source.x) || outside(e, source.x + dx)) &&
    !source.down.some((e) => e !== edge && e.side === undefined && Math.abs(source.x + e.fromOffset - (e.to.x + e.toOffset)) < 0.05)
  if (sourceFree && fits(layered, source, source.x + dx)) source.x += dx
  // Else the target steps away from the source, with what hangs straight below it.
  else if (edge.to.node && fits(layered, edge.to, edge.to.x - dx)) moveWithChain(layered, edge.to, -dx)
}

/**
 * Where a side input would rather stand: under its parent when it is the
 * parent's only output (a chain link stays straight) or stands less than a
 * jog off it (closeJogs would close it); where it is otherwise.
 */
function preferred(u: LayerNode): number {
  const main = onlyMain(u)
  if (!main) return u.x
  const column = main.from.x + main.fromOffset - main.toOffset
  return main.from.down.length === 1 || Math.abs(column - u.x) < JOG ? column : u.x
}

/**
 * An op fed from its sides stands where its short inputs come straight down
 * into its sides: centred between its nearest inputs when it has them on both
 * sides, else right beside the one it has; each such input that is a chain
 * link goes back under its parent. Long inputs follow later (slideToPorts);
 * what hangs straight below it, long wires too, moves with it.
 * Post: moved only where the op, its inputs and what hangs below it fit.
 */
export function alignOps(layered: Layered): void {
  for (const rank of layered.ranks) {
    for (const op of rank) {
      const range = straightRange(op)
      if (!range) continue
      const { lo, hi, ideal, centred, inputs } = range
      const stray = inputs.filter((u) => preferred(u) !== u.x)
      if (!stray.every((u) => fits(layered, u, preferred(u)))) continue
      // Where the middle is taken, the nearest place that still lets every short input in straight.
      const nearest = Math.min(hi, Math.max(lo, op.x))
      // The middle between inputs on both sides is worth pushing neighbours and long wires aside for (that bends nothing).
      const tries: [number, 'none' | 'ops' | 'wires'][] = [[ideal, 'none'], ...(centred ? [[ideal, 'wires'] as [number, 'wires']] : []), [nearest, 'none'], [nearest, 'ops']]
      for (const [x, push] of tries) {
        if (Math.abs(x - op.x) < 0.5 && !stray.length) break
        const moves = push === 'none' ? (fits(layered, op, x) ? [] : undefined) : pushes(layered, op, x, push)
        if (!moves) continue
        const was: [LayerNode, number][] = stray.map((u) => [u, u.x])
        for (const u of stray) u.x = preferred(u)
        // Pushed ops take what hangs straight below them; a long wire's steps are listed whole.
        for (const [node, shift] of moves) {
          if (node.node && node.rank === op.rank) moveWithChain(layered, node, shift, was)
          else {
            was.push([node, node.x])
            node.x += shift
          }
        }
        // What hangs straight below the op must follow it, or a jog opens under it: else all goes back.
        if (chainFollows(layered, op, x - op.x)) {
          moveWithChain(layered, op, x - op.x)
          break
        }
        for (const [node, at] of was.reverse()) node.x = at
      }
    }
  }
}

/**
 * An op of two operands, both entering one side, reads without their order:
 * it steps between their columns where they stand far enough apart, so that
 * each comes straight down into a side of its own (then the sides are drawn
 * again, and alignOps centres it), with what hangs straight below it, where
 * its rank has room.
 * Post: such an op stands between its operands, or nothing moved.
 */
export function splitOperands(layered: Layered): void {
  let moved = false
  for (const rank of layered.ranks) {
    for (const op of rank) {
      if (op.node?.kind !== 'op' || op.up.length !== 2 || op.up.some((e) => e.side === undefined) || op.up[0]!.side !== op.up[1]!.side) continue
      const [a, b] = op.up.map((e) => e.from.x + e.fromOffset).sort((p, q) => p - q) as [number, number]
      const lo = a + clearance(op, -1)
      const hi = b - clearance(op, 1)
      if (lo > hi) continue
      const x = Math.min(hi, Math.max(lo, (a + b) / 2))
      if (!fits(layered, op, x) || !chainFollows(layered, op, x - op.x)) continue
      moveWithChain(layered, op, x - op.x)
      moved = true
    }
  }
  if (moved) attach(layered, true)
}

/**
 * Where an op fed only from its sides can stand so that its short inputs come
 * straight down into its sides (`lo` to `hi`), and where it would rather
 * stand: centred between its nearest inputs when it has them on both sides.
 */
function straightRange(op: LayerNode): { lo: number; hi: number; ideal: number; centred: boolean; inputs: LayerNode[] } | undefined {
  if (op.node?.kind !== 'op' || !op.up.length || op.up.some((e) => e.side === undefined)) return undefined
  const short = op.up.filter((e) => e.from.node)
  if (!short.length) return undefined
  let lo = -Infinity
  let hi = Infinity
  let nearestLeft = -Infinity
  let nearestRight = Infinity
  for (const e of short) {
    const at = preferred(e.from)
    if (e.side! < 0) {
      lo = Math.max(lo, at + clearance(op, -1))
      nearestLeft = Math.max(nearestLeft, at)
    } else {
      hi = Math.min(hi, at - clearance(op, 1))
      nearestRight = Math.min(nearestRight, at)
    }
  }
  if (lo > hi) return undefined
  const centred = Number.isFinite(nearestLeft) && Number.isFinite(nearestRight)
  const ideal = centred ? Math.min(hi, Math.max(lo, (nearestLeft + nearestRight) / 2)) : Number.isFinite(lo) ? lo : hi
  return { lo, hi, ideal, centred, inputs: short.map((e) => e.from) }
}

/**
 * Which neighbours may step aside: `ops` that stay within their own straight
 * range; `wires`, those and long wires that gain no bend (wireSteps); `bent`,
 * nodes whose wires all bend anyway (stepsFreely), or that take the straight
 * chain they hang from along (withAbove), and such long wires.
 */
type Push = 'ops' | 'wires' | 'bent'

/**
 * The neighbours that must step aside for `op` to stand at `x`, farthest
 * first, and by how much, as `mode` allows them; undefined when one cannot.
 */
function pushes(layered: Layered, op: LayerNode, x: number, mode: Push): [LayerNode, number][] | undefined {
  return pushBeyond(layered.ranks[op.rank]!, op, x, Math.sign(x - op.x), (next, need): [LayerNode, number][] | undefined => {
    if (!next.node && mode !== 'ops') return wireSteps(layered, next, need)
    if (mode === 'bent') return (stepsFreely(next, need) ? [next] : withAbove(layered, next, need))?.map((u) => [u, need])
    const range = straightRange(next)
    return !range || next.x + need < range.lo - 0.5 || next.x + need > range.hi + 0.5 ? undefined : [[next, need]]
  })?.reverse()
}

/**
 * A long wire, pushed at its dummy `pushed`, steps aside as a whole by
 * `shift` where every other rank it crosses has room and it gains no bend:
 * a source it leaves straight moves with it (when that is the source's only
 * wire), and its lower end stays outside its port column or was a jog
 * already. Undefined when it cannot.
 */
function wireSteps(layered: Layered, pushed: LayerNode, shift: number): [LayerNode, number][] | undefined {
  const { nodes, edges } = pushed.route!
  const dummies = nodes.slice(1, -1)
  if (!dummies.every((d) => d === pushed || fits(layered, d, d.x + shift))) return undefined
  const steps = dummies.map((d): [LayerNode, number] => [d, shift])
  const source = nodes[0]!
  if (Math.abs(source.x + edges[0]!.fromOffset - dummies[0]!.x) < 0.5) {
    if (source.down.length !== 1 || !fits(layered, source, source.x + shift)) return undefined
    steps.push([source, shift])
  }
  const last = edges[edges.length - 1]!
  const column = last.from.x - (last.to.x + last.toOffset)
  const bends = last.side === undefined ? Math.abs(column) < 0.5 : last.side * (column + shift) < 0
  return bends ? undefined : steps
}

/**
 * Of several main wires from above that cannot all come straight down (their
 * sources stand wider apart than the node's top slots), the one nearest its
 * slot, when every other one jogs by a full JOG however the node moves
 * over it: that one can drop straight, the others bend anyway.
 */
function nearestMain(node: LayerNode): LayerEdge | undefined {
  const off = (e: LayerEdge) => e.from.x + e.fromOffset - e.toOffset - node.x
  const hangs = hangsFrom(node)
  const mains = node.up.filter((e) => hangs(e) && e.side === undefined)
  if (mains.length < 2) return undefined
  const near = mains.reduce((a, b) => (Math.abs(off(b)) < Math.abs(off(a)) ? b : a))
  const dx = off(near)
  return mains.every((e) => e === near || (Math.abs(off(e)) >= JOG && Math.abs(off(e) - dx) >= JOG)) && slotsClear(node, dx) ? near : undefined
}

/**
 * Whether, with `node` moved by `dx`, no wire into a node's top comes down
 * within half a port step of a top slot not its own (it would run along that
 * slot's wire): neither a wire into `node` nor one out of it.
 */
function slotsClear(node: LayerNode, dx: number): boolean {
  const over = (e: LayerEdge, column: number) => e.to.up.some((f) => f !== e && f.side === undefined && Math.abs(column - (f.to.x + f.toOffset)) < PORT_STEP / 2)
  return (
    node.up.every((e) => e.side !== undefined || !over(e, e.from.x + e.fromOffset - dx)) &&
    node.down.every((e) => e.side !== undefined || !over(e, node.x + dx + e.fromOffset))
  )
}

/** The one wire from above a node hangs from, if it hangs from exactly one. */
function onlyMain(node: LayerNode): LayerEdge | undefined {
  let main: LayerEdge | undefined
  let count = 0
  const hangs = hangsFrom(node)
  for (const e of node.up) {
    if (hangs(e) && e.side === undefined) {
      main = e
      count++
    }
  }
  return count === 1 ? main : undefined
}

/**
 * A node held off its input by a long wire beside it (the wire's column was
 * fixed first) gets its place: the whole long wire steps aside where every
 * rank it crosses has room, and the node's own chain follows it down.
 */
export function makeRoom(layered: Layered): void {
  for (const rank of layered.ranks) {
    for (const node of rank) {
      if (!node.node) continue
      const main = onlyMain(node)
      if (!main) continue
      const shift = main.from.x + main.fromOffset - main.toOffset - node.x
      if (Math.abs(shift) < 0.5) continue
      const dir = Math.sign(shift)
      const neighbour = rank[node.order + dir]
      const clear = (a: LayerNode, b: LayerNode) => (dir > 0 ? b.x - b.left - (a.x + a.right) - spacing(a, b) : a.x - a.left - (b.x + b.right) - spacing(b, a))
      let push = 0
      let chain: LayerNode[] = []
      let start: LayerNode | undefined
      if (neighbour) {
        push = Math.max(0, Math.abs(shift) - clear(node, neighbour))
        if (push > 0) {
          if (neighbour.node) continue
          const route = neighbour.route!
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
      moveWithChain(layered, node, shift)
    }
  }
}

/**
 * Real nodes hang from their inputs once more with the long wires kept
 * still; then a node whose one wire down starts a jog, and whose wires from
 * above all come off a brace or a fan-out (which bend as easily), moves over
 * that wire when its rank has room. A wire bends only where its route needs it.
 */
export function straighten(layered: Layered): void {
  for (const rank of layered.ranks) placeRank(rank, 'hang-nodes', true)
  for (const rank of layered.ranks) {
    for (const node of rank) {
      // A side exit (a tap) is no fan-out branch: it keeps its column.
      if (node.down.length !== 1 || !node.up.every((e) => e.sample === 'joint' || (e.from.node && e.from.down.length > 1 && !e.fromOffset))) continue
      const edge = node.down[0]!
      const x = edge.to.x + edge.toOffset
      if (fits(layered, node, x)) node.x = x
    }
  }
}

/**
 * Move a node by `shift`, and with it what hangs straight below it (one wire
 * each way), where that fits; `journal` gets each moved node's old place.
 */
function moveWithChain(layered: Layered, node: LayerNode, shift: number, journal?: [LayerNode, number][]): void {
  for (let below: LayerNode | undefined = node; below; ) {
    const was: number = below.x
    journal?.push([below, was])
    below.x += shift
    const next = straightBelow(below, was)
    below = next && fits(layered, next, next.x + shift) ? next : undefined
  }
}

/** The one node hanging straight below `node` (one wire each way) while it stands at `at`. */
function straightBelow(node: LayerNode, at: number): LayerNode | undefined {
  const next = node.down.length === 1 ? node.down[0]!.to : undefined
  return next && next.up.length === 1 && Math.abs(next.x - at) < 0.5 ? next : undefined
}

/** Whether all that hangs straight below `node` has room to move with it by `shift`. */
function chainFollows(layered: Layered, node: LayerNode, shift: number): boolean {
  for (let next = straightBelow(node, node.x); next; next = straightBelow(next, next.x)) if (!fits(layered, next, next.x + shift)) return false
  return true
}

/** Jogs narrower than this are never needed: one end moves over the other. */
const JOG = 16

/**
 * Whether wire `e` bends both before and after its drop (lower end minus
 * upper end) grows by `grow`: a side input stays outside its op's side, a
 * joint sample keeps its brace over its source's stem; any other wire but a
 * sample's jogs by a full JOG both times. Moving such a wire's end costs the
 * reader nothing.
 */
function bendsAnyway(e: LayerEdge, grow: number): boolean {
  const off = e.to.x + e.toOffset - (e.from.x + e.fromOffset)
  // A lone sample's tilde drops straight. A joint sample's drop comes off its brace anywhere
  // while the brace still spans its source's stem: some sample stays on either side of it
  // (else the stem would stand off the brace's end, away from what it samples).
  if (e.sample) {
    if (e.sample !== 'joint') return false
    const offs = e.from.down.filter((f) => f.sample === 'joint' && f !== e).map((f) => f.to.x + f.toOffset - (f.from.x + f.fromOffset))
    offs.push(off + grow)
    return Math.min(...offs) <= 0.5 && Math.max(...offs) >= -0.5
  }
  return e.side !== undefined && e.to.node ? e.side * (off + grow) <= 0 && e.side * off <= 0 : Math.abs(off) >= JOG && Math.abs(off + grow) >= JOG
}

/**
 * `node` and what it hangs straight from, one wire each up the chain, when
 * all of them can step by `shift` together bending no other wire that was
 * straight (an objective under its op, moving with the op); undefined else.
 */
function withAbove(layered: Layered, node: LayerNode, shift: number): LayerNode[] | undefined {
  if (!node.down.every((e) => bendsAnyway(e, -shift))) return undefined
  const chain = [node]
  for (let u = node; ; ) {
    const straight = u.up.filter((e) => e.side === undefined && Math.abs(jogOf(e)) < 0.05)
    const link = straight.length === 1 ? straight[0] : undefined
    if (straight.length > 1 || !u.up.every((e) => e === link || bendsAnyway(e, shift))) return undefined
    if (!link) return chain
    const above = link.from
    if (!above.node || !above.down.every((e) => e === link || bendsAnyway(e, -shift)) || !fits(layered, above, above.x + shift)) return undefined
    chain.push(above)
    u = above
  }
}

/** Whether `node` can step by `shift` within its rank's order and bend no wire that was straight (nor land a wire on a slot not its own). */
function stepsFreely(node: LayerNode, shift: number): boolean {
  return node.up.every((e) => bendsAnyway(e, shift)) && node.down.every((e) => bendsAnyway(e, -shift)) && slotsClear(node, shift)
}

/**
 * First, long wires that swap sides in a channel cross straight (see
 * crossStraight). Then close small jogs: a node a few px off the wire it
 * hangs from (or, fed by several that cannot all come straight, off the
 * nearest: nearestMain) moves under it (with its chain), pushing aside
 * neighbours whose wires bend anyway (pushAside), or, when it cannot,
 * the wire's upper end moves over it with the straight chain it hangs from,
 * where its other wires down bend anyway and no wire comes down over a slot
 * not its own. Long wires' dummies count, so long wires straighten too.
 * A wider jog on a chain link (a node's one wire down into the one it hangs
 * from: an objective under its op) closes the same ways where nothing else
 * bends, or by shifting all beyond the node (shiftBeyond).
 * Post: no jog narrower than JOG that either end had room to remove; no
 * chain link jogs where one end could move bending nothing else.
 */
export function closeJogs(layered: Layered): void {
  crossStraight(layered)
  for (const rank of layered.ranks) {
    for (const node of rank) {
      // A long wire's dummy hangs from its one segment above, however light (its first one is).
      const main = node.node ? onlyMain(node) ?? nearestMain(node) : node.up[0]
      if (!main) continue
      const dx = main.from.x + main.fromOffset - main.toOffset - node.x
      if (Math.abs(dx) < 0.05) continue
      // A wider jog is closed only on a chain link (its upper end's one wire down), and only
      // where no other wire of either end straightens or crosses its op: the sweeps placed it.
      const wide = Math.abs(dx) >= JOG
      if (wide && !(node.node && main.from.node && main.from.down.length === 1)) continue
      if (fits(layered, node, node.x + dx) && (!wide || opensNoJog(node, main, dx))) {
        moveWithChain(layered, node, dx)
        continue
      }
      if (node.node && (pushAside(layered, node, main, dx) || (wide && (hopOver(layered, node, main, dx) || shiftBeyond(layered, node, main, dx))))) continue
      // The upper end moves with what it hangs straight from, so that no jog opens above it.
      moveChainAbove(layered, main.from, main, -dx, wide)
    }
  }
}

/**
 * `node` and what it hangs straight from, bottom up, as far as each can move
 * by `shift` with its other wires (all but `via`, the one the move is for,
 * and the one up the chain) bending anyway (fan-out branches, side inputs
 * kept outside) and no wire landing on a slot not its own.
 */
function chainAbove(node: LayerNode, via: LayerEdge, shift: number): LayerNode[] {
  const above: LayerNode[] = []
  for (let u: LayerNode | undefined = node, link = via; u && u.down.every((e) => e === link || bendsAnyway(e, -shift)) && slotsClear(u, shift); ) {
    above.push(u)
    // Up its one wire from above, or its one input into the top where the others are side inputs
    // that stay outside (several into the top land again where they come down: see moveAbove).
    const tops: LayerEdge[] = u.up.filter((f) => f.side === undefined)
    const e: LayerEdge | undefined = u.up.length === 1 ? u.up[0] : tops.length === 1 && u.up.every((f) => f === tops[0] || bendsAnyway(f, shift)) ? tops[0] : undefined
    u = e && Math.abs(jogOf(e)) < 0.05 ? e.from : undefined
    if (e) link = e
  }
  return above
}

/**
 * `node` moves by `shift` with what it hangs straight from (chainAbove), where
 * each fits its rank; with `keepAbove`, only where every wire into the
 * topmost bends anyway too (else a small jog may move up to it: a side input
 * stays outside). Undone as moveAbove says.
 */
function moveChainAbove(layered: Layered, node: LayerNode, via: LayerEdge, shift: number, keepAbove: boolean): void {
  const above = chainAbove(node, via, shift)
  const top = above[above.length - 1]
  if (top && (!keepAbove || top.up.every((e) => bendsAnyway(e, shift))) && above.every((u) => fits(layered, u, u.x + shift))) moveAbove(above, shift)
}

/** Most a target or an input moves for the input to turn straight into the target's side: a few px, or it was placed there for a reason. */
const ENTRY_NUDGE = PORT_STEP

/**
 * An input that comes down a few px too close to its target's side (where
 * the moves since placement left it) would hook out to a port column and back
 * in, three bends for one: the target steps away from it, with what hangs
 * straight below, where that keeps its other side inputs turning in straight
 * and bends nothing that was straight; else the input steps out with the
 * straight chain it hangs from. A long input is left to slideToPorts.
 * Post: such an input turns straight into its target's side, or nothing moved.
 */
export function clearSideEntries(layered: Layered): void {
  for (const rank of layered.ranks) {
    for (const target of rank) {
      if (!target.node) continue
      for (const e of target.up) {
        const u = e.from
        if (e.side === undefined || !u.node) continue
        const short = entryShortfall(target, e.side, u.x + e.fromOffset)
        if (short <= 0 || short > ENTRY_NUDGE) continue
        // A pixel more, which `snap` cannot take back.
        const away = -e.side * (short + 1)
        const others = target.up.filter((f) => f !== e && f.side !== undefined && entryShortfall(target, f.side, f.from.x + f.fromOffset) <= 0)
        const targetMoves =
          fits(layered, target, target.x + away) &&
          chainFollows(layered, target, away) &&
          others.every((f) => entryShortfall(target, f.side!, f.from.x + f.fromOffset, target.x + away) <= 0) &&
          target.up.every((f) => f.side !== undefined || bendsAnyway(f, away)) &&
          chainBendsNothing(target, away)
        if (targetMoves) {
          moveWithChain(layered, target, away)
          continue
        }
        moveChainAbove(layered, u, e, -away, true)
      }
    }
  }
}

/**
 * Whether every wire down from `node` and the chain hanging straight below
 * it, but the chain's own links, bends anyway when they move by `shift`, or
 * still turns straight into its op's side.
 */
function chainBendsNothing(node: LayerNode, shift: number): boolean {
  const keeps = (at: LayerNode, f: LayerEdge) => f.side !== undefined && f.to.node !== undefined && entryShortfall(f.to, f.side, at.x + f.fromOffset + shift) <= 0
  for (let at: LayerNode | undefined = node; at; ) {
    const next = straightBelow(at, at.x)
    if (!at.down.every((f) => f.to === next || bendsAnyway(f, -shift) || keeps(at!, f))) return false
    at = next
  }
  return true
}

/**
 * Move `above` (a chain, topmost last) by `dx`; the topmost's inputs into its
 * top land again where they now come down (relandTop). Undone where a wire
 * that dropped straight into it would jog: that trades one jog for another.
 * A wire that leaves its source's side (fromOffset) turns down wherever its
 * lower end stands, so it cannot jog.
 */
function moveAbove(above: LayerNode[], dx: number): void {
  const top = above[above.length - 1]!
  const straight = top.up.filter((e) => e.side === undefined && e.fromOffset === 0 && Math.abs(jogOf(e)) < 0.05)
  const offsets = top.up.map((e) => e.toOffset)
  for (const u of above) u.x += dx
  relandTop(top)
  if (straight.every((e) => Math.abs(jogOf(e)) < 0.05)) return
  for (const u of above) u.x -= dx
  top.up.forEach((e, i) => (e.toOffset = offsets[i]!))
}

/**
 * `node`, a few px off its `main` wire with a neighbour in the way, moves
 * under it by `dx` where the neighbours can step aside bending nothing that
 * was straight (pushes in `bent` mode), what hangs straight below it follows
 * and opens no jog (opensNoJog). Undone when that fails.
 */
function pushAside(layered: Layered, node: LayerNode, main: LayerEdge, dx: number): boolean {
  if (!opensNoJog(node, main, dx)) return false
  const moves = pushes(layered, node, node.x + dx, 'bent')
  if (!moves?.length) return false
  const was: [LayerNode, number][] = moves.map(([n]) => [n, n.x])
  for (const [n, shift] of moves) n.x += shift
  if (chainFollows(layered, node, dx)) {
    moveWithChain(layered, node, dx)
    return true
  }
  for (const [n, at] of was) n.x = at
  return false
}

/**
 * `node`, off the chain link `main` with only long wires in the way, moves
 * under it past them (a new place in its rank's order) where that adds no
 * crossing: a wire it meets on the way was crossed anyway, by `main`'s jog,
 * and is now crossed by a wire that runs straight. Undone where it would
 * cross more, where it does not fit between its new neighbours, or where it
 * opens a jog below it (opensNoJog). The crossings are the order phase's
 * count for the two pairs of ranks around the node.
 */
function hopOver(layered: Layered, node: LayerNode, main: LayerEdge, dx: number): boolean {
  const rank = layered.ranks[node.rank]!
  const dir = Math.sign(dx)
  const target = node.x + dx
  let to = node.order
  for (let k = node.order + dir; k >= 0 && k < rank.length && dir * (rank[k]!.x - target) < 0; k += dir) {
    const passed = rank[k]!
    if (passed.node || passed.group !== node.group) return false
    to = k
  }
  if (to === node.order || inBlock(node) || !opensNoJog(node, main, dx)) return false
  const crossed = () => (node.rank > 0 ? crossingsBelow(layered.ranks, node.rank - 1) : 0) + (node.rank + 1 < layered.ranks.length ? crossingsBelow(layered.ranks, node.rank) : 0)
  const before = crossed()
  const from = node.order
  const moveTo = (at: number) => {
    rank.splice(node.order, 1)
    rank.splice(at, 0, node)
    renumber(rank)
  }
  moveTo(to)
  if (crossed() <= before && fits(layered, node, target) && chainFollows(layered, node, dx)) {
    moveWithChain(layered, node, dx)
    return true
  }
  moveTo(from)
  return false
}

/** Most waypoints one shift may move: it is a local repair (the fixtures' largest moves 34), and each try costs what it visits. */
const SHIFT_LIMIT = 64

/**
 * `node`, off the chain link `main` with neighbours in the way that cannot
 * step aside alone, moves under it with everything beyond it: the nodes past
 * it in its rank, what they hang straight from or straight below them, and
 * so on, each with the nodes past it in its own rank. Moving all that lies
 * beyond such a cut by one shift crowds no rank (each moves away from what
 * stays) and changes no wire inside or outside it; the wires across the cut
 * must bend anyway, so only `main` changes: it straightens, and the drawing
 * widens by `dx` at most. None when the cut would take `main`'s upper end,
 * or more than SHIFT_LIMIT waypoints.
 */
function shiftBeyond(layered: Layered, node: LayerNode, main: LayerEdge, dx: number): boolean {
  const dir = Math.sign(dx)
  const moved = new Set<LayerNode>()
  const queue = [node]
  while (queue.length) {
    const u = queue.pop()!
    if (moved.has(u)) continue
    const rank = layered.ranks[u.rank]!
    for (let k = u.order; k >= 0 && k < rank.length && !moved.has(rank[k]!); k += dir) {
      const v = rank[k]!
      if (v === main.from || moved.size === SHIFT_LIMIT) return false
      moved.add(v)
      for (const e of v.up) if (e !== main && !moved.has(e.from) && !bendsAnyway(e, dx)) queue.push(e.from)
      for (const e of v.down) if (!moved.has(e.to) && !bendsAnyway(e, -dx)) queue.push(e.to)
    }
  }
  for (const v of moved) v.x += dx
  return true
}

/**
 * Whether `node` and the chain hanging straight below it can move by `dx`
 * with every wire but `main` and the chain's own links bending anyway: no
 * straight wire breaks and every side input stays outside its op.
 */
function opensNoJog(node: LayerNode, main: LayerEdge, dx: number): boolean {
  // Below the node, the chain's nodes have their link as their one input.
  return node.up.every((e) => e === main || bendsAnyway(e, dx)) && chainBendsNothing(node, dx)
}

/**
 * A long wire that steps sideways more than once between its first and last
 * waypoints (the sweeps place each rank on its own, so a wire squeezed on
 * two ranks steps twice) steps once: its waypoints above the step take the
 * first one's column, those below the last one's, at the split that moves
 * them least among those where every moved waypoint fits its rank. Its ends
 * stay, so its ports and sides do not change; frames' wires are left to
 * separateFrames.
 * Again after separateFrames (`spans`): pushing a wire's waypoints out of a
 * frame steps it round the frame, and the ranks beyond pushed nodes shift;
 * a waypoint may not move into a frame, and the column of all its waypoints
 * that moves them least, where one fits, comes first: the wire then steps at
 * its ends only.
 * Wires inside a frame (a loop's back wire up its side) step once too then,
 * at a split, each waypoint within its own frames' boxes as they stand.
 * Last, the trunks of fan-outs, whose wires block each other's steps, step
 * once together (trunksStepOnce).
 * Post: no long wire has two steps between its first and last waypoints
 * where one split fits (outside frames after the first call).
 */
export function oneJog(layered: Layered, spans?: FrameSpan[]): void {
  const fitsAt = (d: LayerNode, x: number) => fits(layered, d, x) && (!spans || staysInFrames(spans, d, x))
  for (const route of layered.routes) {
    const dummies = route.nodes.slice(1, -1)
    const inFrame = dummies.some((d) => d.group)
    if (dummies.length < 3 || (!spans && inFrame)) continue
    let steps = 0
    for (let i = 1; i < dummies.length; i++) if (Math.abs(dummies[i]!.x - dummies[i - 1]!.x) >= 0.5) steps++
    if (steps < 2) continue
    // A wire inside a frame keeps its first and last columns (its side entry's): it splits below.
    if (spans && !inFrame) {
      const moves = (column: number) => dummies.reduce((sum, d) => sum + Math.abs(d.x - column), 0)
      const column = [...new Set(dummies.map((d) => d.x))].filter((c) => dummies.every((d) => Math.abs(d.x - c) < 0.5 || fitsAt(d, c))).sort((a, b) => moves(a) - moves(b))[0]
      if (column !== undefined) {
        for (const d of dummies) d.x = column
        continue
      }
    }
    stepOnce(dummies.map((d) => [d]), (block, x) => fitsAt(block[0]!, x))
  }
  trunksStepOnce(layered, (block, x) => runFits(layered, block[0]!, block[block.length - 1]!, x) && (!spans || block.every((d) => staysInFrames(spans, d, x))))
}

/**
 * Long wires of one source that run down one column together (a fan-out's
 * trunk: placement lets them share it, spacing 0) step together, once: each
 * blocks the other's waypoints from the column the other would take, so the
 * pass above leaves the trunk stepping at every rank, its wires a px or two
 * apart (a reader sees two parallel wires zigzag). Over the ranks where every
 * wire of the trunk has a waypoint, side by side, short of each one's last
 * (its entry column stays), the waypoints of a rank take one column: the
 * trunk's first column above a split, its last below it, at the split that
 * moves them least where every rank's block fits (stepOnce).
 */
function trunksStepOnce(layered: Layered, blockFits: (block: LayerNode[], x: number) => boolean): void {
  const trunks = new Map<LayerNode, Route[]>()
  for (const route of layered.routes) {
    if (route.reversed || route.nodes.length < 4) continue
    const source = route.nodes[0]!
    const list = trunks.get(source)
    if (list) list.push(route)
    else trunks.set(source, [route])
  }
  for (const members of [...trunks.values()].flatMap(sideBySideRuns)) {
    const first = members[0]!.nodes[1]!.rank
    const blocks: LayerNode[][] = []
    for (let r = first; ; r++) {
      const block = members.map((m) => m.nodes[r - first + 1]).filter((d): d is LayerNode => !!d && !d.node && d.rank === r)
      // Each member's last waypoint is its entry column: the trunk ends above it.
      if (block.length < members.length || members.some((m) => m.nodes[r - first + 2]?.node)) break
      block.sort((a, b) => a.order - b.order)
      const spread = block[block.length - 1]!.x - block[0]!.x
      if (block.some((d, i) => i && d.order !== block[i - 1]!.order + 1) || spread >= JOG) break
      blocks.push(block)
    }
    if (blocks.length < 3) continue
    const column = (block: LayerNode[]) => block[0]!.x
    let uneven = 0
    for (let i = 0; i < blocks.length; i++) {
      if (blocks[i]!.some((d) => Math.abs(d.x - column(blocks[i]!)) >= 0.5)) uneven++
      if (i && Math.abs(column(blocks[i]!) - column(blocks[i - 1]!)) >= 0.5) uneven++
    }
    if (uneven < 2) continue
    stepOnce(blocks, blockFits)
  }
}

/**
 * A wire's waypoints, `blocks` of them per rank top down (one, or a trunk's
 * side by side), take the first block's column above a split and the last
 * one's below it, at the split that moves them least where every block that
 * moves fits there (`fitsAt`); nothing moves where no split fits.
 */
function stepOnce(blocks: LayerNode[][], fitsAt: (block: LayerNode[], x: number) => boolean): void {
  const top = blocks[0]![0]!.x
  const bottom = blocks[blocks.length - 1]![0]!.x
  /** What moving `block` to `x` costs, and whether it can: nothing to pay or check where it stands there. */
  const move = (block: LayerNode[], x: number) => {
    let cost = 0
    for (const d of block) if (Math.abs(d.x - x) >= 0.5) cost += Math.abs(d.x - x)
    return { cost, fit: cost === 0 || fitsAt(block, x) }
  }
  // Prefix and suffix sums, so that every split is weighed in one pass: linear in the waypoints.
  const k = blocks.length
  const upper = { fit: [true], cost: [0] }
  for (let i = 0; i < k; i++) {
    const { cost, fit } = move(blocks[i]!, top)
    upper.fit.push(upper.fit[i]! && fit)
    upper.cost.push(upper.cost[i]! + cost)
  }
  const lower = { fit: new Array<boolean>(k + 1).fill(true), cost: new Array<number>(k + 1).fill(0) }
  for (let i = k - 1; i >= 0; i--) {
    const { cost, fit } = move(blocks[i]!, bottom)
    lower.fit[i] = lower.fit[i + 1]! && fit
    lower.cost[i] = lower.cost[i + 1]! + cost
  }
  let best: number | undefined
  let bestCost = Infinity
  // Split s: blocks before s stand at the top column, from s on at the bottom one.
  for (let split = 1; split < k; split++) {
    const cost = upper.cost[split]! + lower.cost[split]!
    if (upper.fit[split] && lower.fit[split] && cost < bestCost) {
      bestCost = cost
      best = split
    }
  }
  if (best !== undefined) blocks.forEach((block, i) => block.forEach((d) => (d.x = i < best ? top : bottom)))
}

/** The wires of one source that leave at one point and stand side by side, a px or two apart at most, on their first rank below it: runs of two or more. */
function sideBySideRuns(routes: Route[]): Route[][] {
  const sorted = [...routes].sort((a, b) => a.nodes[1]!.order - b.nodes[1]!.order)
  const runs: Route[][] = []
  for (const route of sorted) {
    const run = runs[runs.length - 1]
    const last = run?.[run.length - 1]
    const [d, e] = [route.nodes[1]!, last?.nodes[1]]
    if (run && last && e && d.order === e.order + 1 && Math.abs(d.x - e.x) < JOG && route.edges[0]!.fromOffset === last.edges[0]!.fromOffset) run.push(route)
    else runs.push([route])
  }
  return runs.filter((run) => run.length > 1)
}

/** Whether waypoint `d` at `x` stays inside the frames that hold it, as their boxes stand, and clear of every other frame. */
function staysInFrames(spans: FrameSpan[], d: LayerNode, x: number): boolean {
  const own = (s: FrameSpan) => {
    for (let g = d.group; g; g = g.parent) if (g === s.group) return true
    return false
  }
  return spans.every((s) => (own(s) ? x - d.left >= s.x0 + FRAME_PAD && x + d.right <= s.x1 - FRAME_PAD : clearOfFrames([s], d, x)))
}

/**
 * A node whose wires leave its bottom and all turn in the channel below it
 * must not stand over the column where a sample of another source comes
 * down from its brace or tilde in that channel: the brace sits at the
 * channel's top, above the node's tracks, so the node's drop would run down
 * the sample's for a few px, two wires read as one. It steps a port step
 * clear of that column, to the nearer side where its rank has room and the
 * step straightens and bends nothing (no wire of it was straight).
 * Post: no such node stands within half a port step of such a column, where
 * a step fitted.
 */
export function clearSampleDrops(layered: Layered): void {
  for (let r = 0; r + 1 < layered.ranks.length; r++) {
    const drops: { column: number; source: LayerNode }[] = []
    for (const sample of layered.ranks[r + 1]!) for (const e of sample.up) if (e.sample) drops.push({ column: sample.x + e.toOffset, source: e.from })
    if (!drops.length) continue
    const dropAt = (u: LayerNode, x: number) => drops.find((d) => d.source !== u && Math.abs(d.column - x) < PORT_STEP / 2)
    for (const u of layered.ranks[r]!) {
      const bottom = u.down.filter((e) => e.fromOffset === 0)
      const turns = (shift: number) => bottom.every((e) => Math.abs(jogOf(e) - shift) >= 0.5)
      const drop = u.node && bottom.length ? dropAt(u, u.x) : undefined
      if (!drop || !turns(0)) continue
      const steps = [drop.column - PORT_STEP - u.x, drop.column + PORT_STEP - u.x].sort((a, b) => Math.abs(a) - Math.abs(b))
      const shift = steps.find((dx) => turns(dx) && u.up.every((e) => bendsAnyway(e, dx)) && fits(layered, u, u.x + dx) && !dropAt(u, u.x + dx))
      if (shift !== undefined) u.x += shift
    }
  }
}

/**
 * Two long wires that swap sides in a channel, each jogging towards the
 * other, bend twice each and cross (or, where each jogs over the other's
 * column, run along one track between their jogs): one goes straight through
 * instead (its lower dummy moves under its upper one), and the long wires it
 * meets on the way step on, so that the other jogs across it once.
 * Post: in each channel, no two long wires swap sides with both jogging,
 * where the dummies had room.
 */
function crossStraight(layered: Layered): void {
  for (let r = 0; r + 1 < layered.ranks.length; r++) {
    const jogs: LayerEdge[] = []
    for (const n of layered.ranks[r]!) for (const e of n.down) if (!e.to.node && Math.abs(jogOf(e)) >= 0.5) jogs.push(e)
    for (let i = 0; i < jogs.length; i++) {
      for (let j = i + 1; j < jogs.length; j++) {
        const [p, q] = [jogs[i]!, jogs[j]!]
        // They swap sides in this channel, each jogging over the other's column.
        const [top, bottom] = [p.from.x + p.fromOffset - q.from.x - q.fromOffset, p.to.x - q.to.x]
        if (top * bottom >= 0) continue
        if (!goStraight(layered, p)) goStraight(layered, q)
      }
    }
  }
}

/** How far a wire segment steps sideways from its upper end to its lower end. */
const jogOf = (e: LayerEdge) => e.to.x + e.toOffset - e.from.x - e.fromOffset

/**
 * Move a long wire's lower dummy under its upper end, with what hangs
 * straight below it; only dummies stand in its way, and they step on by as
 * much as the rank's spacing needs. Returns whether it moved.
 */
function goStraight(layered: Layered, edge: LayerEdge): boolean {
  const mover = edge.to
  const shift = -jogOf(edge)
  if (!sideOk(mover, shift)) return false
  const pushed = pushBeyond(layered.ranks[mover.rank]!, mover, mover.x + shift, Math.sign(shift), (next, need) => (next.node || !sideOk(next, need) ? undefined : [[next, need]]))
  if (!pushed) return false
  for (const [node, step] of [[mover, shift] as [LayerNode, number], ...pushed]) moveWithChain(layered, node, step)
  return true
}

/** Whether a dummy moved by `shift` keeps its wire's lower end outside its port column, if it enters a side next. */
function sideOk(dummy: LayerNode, shift: number): boolean {
  const e = dummy.down[0]
  return !e || e.to.node === undefined || e.side === undefined ? true : e.side * (dummy.x + shift - (e.to.x + e.toOffset)) >= 0
}

/**
 * Whole pixels, and straight wires stay straight: top down, a node under a
 * straight wire from above stays exactly under its (snapped) upper end, which
 * a half-pixel port offset can leave half a pixel off the grid; every other
 * node rounds, the way that keeps its side inputs turning straight in.
 * Post: every wire straight before is straight; every other x is an integer.
 */
export function snap(layered: Layered): void {
  const was = new Map<LayerNode, number>()
  for (const rank of layered.ranks) for (const node of rank) was.set(node, node.x)
  for (const rank of layered.ranks) {
    for (const node of rank) {
      const x = was.get(node)!
      const isStraight = (e: LayerEdge) => Math.abs(was.get(e.from)! + e.fromOffset - e.toOffset - x) < 0.05
      const straight = node.up.find(isStraight)
      node.x = straight ? straight.from.x + straight.fromOffset - straight.toOffset : Math.round(x)
      // It rounds the other way where rounding would take a side input, snapped above, out of its straight entry.
      const entered = (e: LayerEdge, inputX: number, at: number) => e.side === undefined || entryShortfall(node, e.side, inputX + e.fromOffset, at) <= 0
      if (!straight && node.up.some((e) => entered(e, was.get(e.from)!, x) && !entered(e, e.from.x, node.x))) {
        const other = node.x < x ? node.x + 1 : node.x - 1
        if (node.up.every((e) => !entered(e, was.get(e.from)!, x) || entered(e, e.from.x, other))) node.x = other
      }
      // Its other straight wires into its top (slots under their inputs) land where they now come down.
      for (const e of node.up) if (e !== straight && e.side === undefined && isStraight(e)) e.toOffset = e.from.x + e.fromOffset - node.x
    }
  }
}

/** The real nodes of the rank just above that feed an op's sides, by side; undefined unless it has both. */
function sideFeeders(op: LayerNode): { left: LayerNode[]; right: LayerNode[] } | undefined {
  if (op.node?.kind !== 'op' || op.up.some((e) => e.side === undefined)) return undefined
  const left: LayerNode[] = []
  const right: LayerNode[] = []
  for (const e of op.up) if (e.from.node) (e.side! < 0 ? left : right).push(e.from)
  return left.length && right.length ? { left, right } : undefined
}

/**
 * Two ops side by side in a rank, each fed from both sides by the same two
 * nodes of the rank just above, cannot both stand between them: the one with
 * fewer inputs (the later on a tie) steps out past the feeder on its own
 * side, so that both enter its side facing them, and the other takes the
 * middle. Returns whether any moved (then the sides are to be drawn again).
 */
function shareFeeders(layered: Layered): boolean {
  let moved = false
  for (const rank of layered.ranks) {
    for (let i = 0, fb = rank.length ? sideFeeders(rank[0]!) : undefined; i + 1 < rank.length; i++) {
      const [a, b] = [rank[i]!, rank[i + 1]!]
      const fa = fb
      fb = sideFeeders(b)
      if (!fa || !fb) continue
      const inner = fa.right.find((u) => fb.right.includes(u))
      const outer = fa.left.find((u) => fb.left.includes(u))
      if (!inner || !outer) continue
      // Only feeders side by side (else stepping out crosses what stands between them), and
      // only where both ops do not fit between them with their inputs turning straight in.
      if (inner.order !== outer.order + 1 || inner.x - outer.x >= clearance(a, -1) + a.right + spacing(a, b) + b.left + clearance(b, 1)) continue
      // b steps right past `inner` unless a has fewer inputs; then a steps left past `outer`.
      if (a.up.length >= b.up.length) b.x = Math.max(b.x, inner.x + clearance(b, -1) + PORT_STEP)
      else a.x = Math.min(a.x, outer.x - clearance(a, 1) - PORT_STEP)
      moved = true
    }
  }
  return moved
}
