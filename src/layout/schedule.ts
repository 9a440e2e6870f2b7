/**
 * Schedules between phases (issue 11): where the panels of a phased diagram
 * go (in schedule order, the gaps wide enough for what is drawn in them) and
 * the marks between them: an arrow from a panel to the one that follows it,
 * a return arrow under it when the phases take turns (⇄), a count beside a
 * panel's label (`×5`), a frame with its count around an inner phase, and
 * `every C steps` on the arrow into a periodic phase (or beside its label).
 */
import type { Diagram } from '../ir/types.js'
import type { TextRun } from '../text/label.js'
import { runsWidth } from '../text/metrics.js'
import type { Point, Scene, SceneSchedule } from './scene.js'
import { STAR, TRIANGLE } from './shapes.js'

/** Room between a nested panel and its frame. */
const FRAME_PAD = 10
/** Height of a nested frame's label row, above the panel. */
const FRAME_TOP = 22
/** Space kept between an arrow's ends and the panels or frames it joins. */
const ARROW_CLEAR = 8
/** Half the distance between the two arrows of a ⇄. */
const TURN = 5
/** Height of one track under the labels, for an arrow between panels that are not neighbours. */
const TRACK = 12
const NOTE_SIZE = 13
/** Space between a panel's label and the note after it. */
const NOTE_GAP = 5
/** Least gap between two panels an arrow joins: room for a ⇄ that reads as arrows. */
const LINKED_GAP = 64

/** An arrow from one panel to another, by drawing position. */
interface Link {
  from: number
  to: number
  label?: TextRun[]
}

/** How the panels are arranged: order, offsets and the room the schedule takes. */
export interface PanelArrangement {
  /** Phase indices (panels of `panels()`) in drawing order. */
  order: number[]
  /** Left edge of each drawn panel's content, from the left margin. */
  offsets: number[]
  /** Width of all panels with the gaps and frames between them. */
  width: number
  /** Room above the panels for the labels of nested frames. */
  top: number
  /** Room under the panel labels for arrows between panels that are not neighbours. */
  below: number
  links: Link[]
  /** Width of each drawn panel's label. */
  labelWidths: number[]
  /** Text beside each drawn panel's label: its count, or its period without an arrow to carry it. */
  notes: (TextRun[] | undefined)[]
  /** The count in the frame's corner, for each drawn panel that is an inner phase. */
  framed: (TextRun[] | undefined)[]
}

/**
 * Phase indices in schedule order: a stable topological order of the
 * schedule's forward arrows (ties and cycles broken by the order of the
 * `phase` lines), so that the panels read left to right as they run.
 */
function scheduleOrder(count: number, arrows: { from: number; to: number }[]): number[] {
  const incoming = new Array<number>(count).fill(0)
  for (const a of arrows) incoming[a.to]!++
  const placed = new Array<boolean>(count).fill(false)
  const order: number[] = []
  while (order.length < count) {
    let next = incoming.findIndex((n, i) => n === 0 && !placed[i])
    if (next < 0) next = placed.indexOf(false)
    placed[next] = true
    order.push(next)
    for (const a of arrows) if (a.from === next && !placed[a.to]) incoming[a.to]!--
  }
  return order
}

/** Add `text` to what `key` holds, after a comma. */
function append(map: Map<number, TextRun[]>, key: number, text: TextRun[]): void {
  const held = map.get(key)
  map.set(key, held ? [...held, { text: ', ' }, ...text] : text)
}

/**
 * Arrange the panels (one per label width, in the order of `panels()`) of
 * `panelWidth` with `gap` between them. Without a
 * schedule, the panels stand in the order of their `phase` lines, `gap`
 * apart, as they always have.
 */
export function arrangePanels(diagram: Diagram, labelWidths: number[], panelWidth: number, gap: number): PanelArrangement {
  const count = labelWidths.length
  const schedule = diagram.schedule
  // A schedule without phases (`every C steps:` on an update) has nothing to draw between panels.
  if (!schedule || diagram.phases.length === 0) {
    const order = [...Array(count).keys()]
    return { order, offsets: order.map((i) => i * (panelWidth + gap)), width: count * panelWidth + Math.max(0, count - 1) * gap, top: 0, below: 0, links: [], labelWidths, notes: order.map(() => undefined), framed: order.map(() => undefined) }
  }
  // Arrows by phase index; `back` arrows close a turn and do not order the panels.
  const arrows: { from: number; to: number; back: boolean }[] = []
  for (const s of schedule.sequences) s.phases.forEach((p, i) => i && arrows.push({ from: s.phases[i - 1]!, to: p, back: false }))
  for (const a of schedule.alternations) {
    a.phases.forEach((p, i) => i && arrows.push({ from: a.phases[i - 1]!.phase, to: p.phase, back: false }))
    arrows.push({ from: a.phases[a.phases.length - 1]!.phase, to: a.phases[0]!.phase, back: true })
  }
  for (const n of schedule.nestings) arrows.push({ from: n.inner, to: n.outer, back: false }, { from: n.outer, to: n.inner, back: true })
  const order = scheduleOrder(count, arrows.filter((a) => !a.back && a.from !== a.to))
  const position = new Map(order.map((phase, i) => [phase, i]))

  // A phase counted by several lines shows every count: nothing written is dropped.
  const counts = new Map<number, TextRun[]>()
  for (const a of schedule.alternations) for (const p of a.phases) if (p.count) append(counts, p.phase, p.count)
  const framed = new Map<number, TextRun[]>()
  for (const n of schedule.nestings) append(framed, n.inner, n.count)

  const links: Link[] = []
  const seen = new Set<string>()
  for (const a of arrows) {
    const key = `${a.from}>${a.to}`
    if (a.from === a.to || seen.has(key)) continue
    seen.add(key)
    links.push({ from: position.get(a.from)!, to: position.get(a.to)! })
  }
  const notes = new Map<number, TextRun[]>()
  for (const p of schedule.periodic) {
    if (p.phase === undefined) continue
    const at = position.get(p.phase)!
    const into = links.find((l) => l.to === at && Math.abs(l.from - l.to) === 1 && !l.label)
    // A periodic phase no arrow enters is entered from the panel before it: it runs between the others' steps.
    if (into) into.label = p.period
    else if (at > 0 && !links.some((l) => l.to === at)) links.push({ from: at - 1, to: at, label: p.period })
    else append(notes, p.phase, p.period)
  }

  const noteOf = (phase: number): TextRun[] | undefined => {
    const parts = [counts.get(phase), notes.get(phase)].filter((t): t is TextRun[] => Boolean(t))
    return parts.length ? parts.reduce((a, b) => [...a, { text: ' ' }, ...b]) : undefined
  }
  const pad = (i: number) => (framed.has(order[i]!) ? FRAME_PAD : 0)
  // How far a panel's label row (label, then its note) reaches past the panel's right edge, and its label past the left.
  const labelWidth = (i: number) => labelWidths[order[i]!]!
  const overhang = (i: number) => {
    const note = noteOf(order[i]!)
    return Math.max(0, (labelWidth(i) - panelWidth) / 2 + (note ? NOTE_GAP + runsWidth(note, NOTE_SIZE) : 0) - pad(i))
  }
  const underhang = (i: number) => Math.max(0, (labelWidth(i) - panelWidth) / 2 - pad(i))
  const offsets: number[] = []
  let x = pad(0) + underhang(0)
  order.forEach((_, i) => {
    offsets.push(x)
    if (i === order.length - 1) return
    const between = links.filter((l) => Math.min(l.from, l.to) === i && Math.max(l.from, l.to) === i + 1)
    const labels = between.map((l) => (l.label ? runsWidth(l.label, NOTE_SIZE) + 2 * ARROW_CLEAR : LINKED_GAP))
    const rows = overhang(i) + underhang(i + 1) + gap / 2
    x += panelWidth + pad(i) + Math.max(gap, rows, ...labels) + pad(i + 1)
  })
  const far = links.filter((l) => Math.abs(l.from - l.to) > 1)
  return {
    order,
    offsets,
    width: x + panelWidth + pad(order.length - 1) + overhang(order.length - 1),
    top: framed.size ? FRAME_TOP : 0,
    below: far.length ? far.length * TRACK + far.filter((l) => l.label).length * NOTE_SIZE + 4 : 0,
    links,
    labelWidths: order.map((phase) => labelWidths[phase]!),
    notes: order.map(noteOf),
    framed: order.map((phase) => framed.get(phase))
  }
}

/** Left and right end of what a panel draws: its nodes with their stars, triangles and weights, and its wires. */
function extent({ nodes, wires }: Pick<Scene, 'nodes' | 'wires'>, panel: number, whole: [number, number]): [number, number] {
  const xs: number[] = []
  for (const n of nodes) {
    if (n.panel !== panel) continue
    xs.push(n.box.x, n.box.x + n.box.width)
    if (n.star) xs.push(n.star[0] - STAR / 2)
    if (n.objective) xs.push(n.objective.weight ? n.objective.weight.at[0] - runsWidth(n.objective.weight.text, n.fontSize) : n.objective.at[0] - TRIANGLE / 2)
    if (n.note) xs.push(n.note.at[0] + runsWidth(n.note.text, n.fontSize + 2))
    if (n.random) xs.push(n.random[0] + 7)
  }
  for (const w of wires) if (w.panel === panel) for (const [x] of w.points) xs.push(x)
  // A panel that leaves every node out draws nothing: its whole width stands for it.
  return xs.length ? [Math.min(...xs), Math.max(...xs)] : whole
}

/**
 * The schedule's marks, in scene coordinates; undefined when there are none.
 * @param left scene x of each drawn panel's left edge (the margin added to its offset)
 * @param top scene y of the panels' top; `bottom` of their content
 * @param labelY baseline y of the panel labels
 * @param drawn the panels' nodes and wires, whose extent the arrows keep clear of
 */
export function drawSchedule(arranged: PanelArrangement, left: number[], panelWidth: number, top: number, bottom: number, labelY: number, drawn: Pick<Scene, 'nodes' | 'wires'>): SceneSchedule | undefined {
  if (!arranged.links.length && !arranged.notes.some(Boolean) && !arranged.framed.some(Boolean)) return undefined
  const round = (n: number) => Math.round(n * 10) / 10
  const pt = (x: number, y: number): Point => [round(x), round(y)]
  const { framed } = arranged
  const centre = (i: number) => left[i]! + panelWidth / 2
  const middle = (top + bottom) / 2
  const labelBottom = labelY + 5
  const out: SceneSchedule = { arrows: [], notes: [], frames: [], fontSize: NOTE_SIZE }
  let track = labelBottom + TRACK
  for (const link of arranged.links) {
    const near = Math.abs(link.from - link.to) === 1
    if (near) {
      const lo = Math.min(link.from, link.to)
      // From what the panel draws (panels keep every node's place, so a panel that leaves nodes out has room beside them), or from its frame.
      const free0 = (framed[lo] ? left[lo]! + panelWidth + FRAME_PAD : extent(drawn, lo, [left[lo]!, left[lo]! + panelWidth])[1]) + ARROW_CLEAR
      const free1 = (framed[lo + 1] ? left[lo + 1]! - FRAME_PAD : extent(drawn, lo + 1, [left[lo + 1]!, left[lo + 1]! + panelWidth])[0]) - ARROW_CLEAR
      // Centred in the free space, half as long as it (at least a ⇄'s length, and its label's), so it belongs to neither panel.
      const length = Math.min(free1 - free0, Math.max(LINKED_GAP - 2 * ARROW_CLEAR, (free1 - free0) / 2, link.label ? runsWidth(link.label, NOTE_SIZE) : 0))
      const x0 = (free0 + free1 - length) / 2
      const x1 = x0 + length
      const turn = arranged.links.some((l) => l.from === link.to && l.to === link.from)
      // A turn's two arrows: forward above, back below (⇄).
      const y = middle + (turn ? (link.from < link.to ? -TURN : TURN) : 0)
      const points = link.from < link.to ? [pt(x0, y), pt(x1, y)] : [pt(x1, y), pt(x0, y)]
      out.arrows.push({ from: link.from, to: link.to, points, ...(link.label ? { label: { text: link.label, at: pt((x0 + x1) / 2, y - 7) } } : {}) })
      continue
    }
    // Panels apart: down from under one label, along a track under the row, up under the other.
    const y = track
    track += TRACK + (link.label ? NOTE_SIZE : 0)
    const x0 = centre(link.from) + (link.from < link.to ? 6 : -6)
    const x1 = centre(link.to) + (link.from < link.to ? -6 : 6)
    const points = [pt(x0, labelBottom), pt(x0, y), pt(x1, y), pt(x1, labelBottom)]
    out.arrows.push({ from: link.from, to: link.to, points, ...(link.label ? { label: { text: link.label, at: pt((x0 + x1) / 2, y + NOTE_SIZE) } } : {}) })
  }
  arranged.notes.forEach((text, i) => {
    if (text) out.notes.push({ panel: i, text, at: pt(centre(i) + arranged.labelWidths[i]! / 2 + NOTE_GAP, labelY) })
  })
  framed.forEach((count, i) => {
    if (!count) return
    const x = left[i]! - FRAME_PAD
    const y = top - FRAME_TOP
    out.frames.push({ panel: i, box: { x: round(x), y: round(y), width: round(panelWidth + 2 * FRAME_PAD), height: round(labelBottom + 4 - y) }, label: count, labelAt: pt(x + 5, y + 15) })
  })
  return out
}
