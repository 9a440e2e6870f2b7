/**
 * Scene → an uncompressed draw.io file (mxfile → diagram → mxGraphModel),
 * so the author can go on by hand from our layout. Every node keeps its box,
 * every wire its polyline (an orthogonal edge pinned to the same ports, with
 * our corners as waypoints). Shapes are plain draw.io styles and labels plain
 * text (`html=0`), so viewers without a browser show them too.
 */
import { STAR, STRIP, TRIANGLE } from '../layout/shapes.js'
import type { Box, Point, Scene, SceneMark, SceneNode, SceneSchedule, SceneWire } from '../layout/scene.js'
import { escapeXml } from '../render/svg.js'
import { runsWidth } from '../text/metrics.js'
import { flatLabel } from './label.js'
import { nodeLookup } from './lookup.js'

/** Options of `toDrawio`. */
export interface DrawioOptions {
  /** The page's name in draw.io, usually the caption. @default 'dgm' */
  title?: string
}

const n = (v: number) => String(Math.round(v * 10) / 10)
const INK = 'strokeColor=#000000;fontColor=#000000;fontFamily=Helvetica;html=0;'

const SHAPE: Record<SceneNode['shape'], string> = {
  rect: 'rounded=0;fillColor=none;',
  'round-rect': 'rounded=1;arcSize=20;fillColor=none;',
  circle: 'ellipse;aspect=fixed;fillColor=none;',
  ellipse: 'ellipse;fillColor=none;',
  strip: 'text;strokeColor=none;fillColor=none;container=1;collapsible=0;',
  text: 'text;strokeColor=none;fillColor=none;',
  tensor: 'rounded=0;fillColor=none;',
  deck: 'shape=cube;size=8;flipH=1;fillColor=none;'
}

function geometry(box: Box): string {
  return `<mxGeometry x="${n(box.x)}" y="${n(box.y)}" width="${n(box.width)}" height="${n(box.height)}" as="geometry"/>`
}

function vertex(id: string, value: string, style: string, box: Box, parent = '1'): string {
  return `<mxCell id="${id}" value="${escapeXml(value)}" style="${style}" vertex="1" parent="${parent}">${geometry(box)}</mxCell>`
}

const around = ([x, y]: Point, size: number): Box => ({ x: x - size / 2, y: y - size / 2, width: size, height: size })

/** Where the label sits in its box: centred, or at the bottom (sequences draw their cells above it). */
function labelStyle(node: SceneNode): string {
  const middle = node.box.y + node.box.height / 2
  const textMiddle = node.labelAt[1] - node.fontSize * 0.35
  const align = Math.abs(textMiddle - middle) < 3 ? 'middle' : textMiddle > middle ? 'bottom' : 'top'
  const bold = node.text.some((run) => run.bold) ? 'fontStyle=1;' : ''
  return `align=center;verticalAlign=${align};fontSize=${n(node.fontSize)};${bold}`
}

function nodeCells(node: SceneNode, id: string): string[] {
  const cells = [vertex(id, flatLabel(node.text), `${SHAPE[node.shape]}${labelStyle(node)}${INK}`, node.box)]
  if (node.shape === 'strip') {
    // The strip's cells, relative to the strip so that they move with it.
    const left = node.box.width / 2 - (STRIP.cell * STRIP.cells) / 2
    const blank = node.sequence?.drop === 'first' ? 0 : node.sequence?.drop === 'last' ? STRIP.cells - 1 : -1
    for (let i = 0; i < STRIP.cells; i++) {
      const fill = i === blank ? 'fillColor=none;' : 'fillColor=#b3b3b3;'
      cells.push(vertex(`${id}-cell${i}`, '', `rounded=0;${fill}${INK}`, { x: left + i * STRIP.cell, y: 0, width: STRIP.cell, height: STRIP.height }, id))
    }
  }
  if (node.note) {
    const size = node.fontSize + 2
    const box = { x: node.note.at[0], y: node.note.at[1] - size, width: runsWidth(node.note.text, size), height: size * 1.3 }
    cells.push(vertex(`${id}-note`, flatLabel(node.note.text), `text;strokeColor=none;fillColor=none;align=left;verticalAlign=middle;fontSize=${n(size)};${INK}`, box))
  }
  if (node.star) cells.push(vertex(`${id}-star`, '✱', `text;strokeColor=none;fillColor=none;align=center;verticalAlign=middle;fontSize=${STAR};fontStyle=1;${INK}`, around(node.star, STAR)))
  if (node.objective) {
    const direction = node.objective.direction === 'min' ? 'south' : 'north'
    cells.push(vertex(`${id}-objective`, '', `triangle;direction=${direction};fillColor=none;strokeWidth=1.8;${INK}`, around(node.objective.at, TRIANGLE)))
  }
  return cells
}

/** A port as draw.io's relative exit/entry point on the box. */
function port(prefix: 'exit' | 'entry', [x, y]: Point, box: Box): string {
  const rx = box.width ? (x - box.x) / box.width : 0.5
  const ry = box.height ? (y - box.y) / box.height : 0.5
  return `${prefix}X=${Math.round(rx * 1000) / 1000};${prefix}Y=${Math.round(ry * 1000) / 1000};${prefix}Dx=0;${prefix}Dy=0;${prefix}Perimeter=0;`
}

const point = ([x, y]: Point, as?: string) => `<mxPoint x="${n(x)}" y="${n(y)}"${as ? ` as="${as}"` : ''}/>`

type Placed = { node: SceneNode; cell: string }

function edge(wire: SceneWire, id: string, source: Placed, target: Placed): string {
  const first = wire.points[0]!
  const last = wire.points[wire.points.length - 1]!
  const arrow = wire.arrow ? 'endArrow=block;endFill=1;endSize=6;' : 'endArrow=none;'
  const style = `edgeStyle=orthogonalEdgeStyle;rounded=1;${arrow}${port('exit', first, source.node.box)}${port('entry', last, target.node.box)}${INK}`
  const corners = wire.points.slice(1, -1)
  const waypoints = corners.length ? `<Array as="points">${corners.map((p) => point(p)).join('')}</Array>` : ''
  return `<mxCell id="${id}" style="${style}" edge="1" parent="1" source="${source.cell}" target="${target.cell}"><mxGeometry relative="1" as="geometry">${point(first, 'sourcePoint')}${point(last, 'targetPoint')}${waypoints}</mxGeometry></mxCell>`
}

function markCell(mark: SceneMark, id: string): string {
  const style = `text;strokeColor=none;fillColor=none;${INK}`
  // The tilde hangs 17 px under its point; drawn as a `~` turned upright.
  if (mark.kind === 'tilde') return vertex(id, '~', `${style}rotation=90;fontSize=20;align=center;verticalAlign=middle;`, around([mark.at[0], mark.at[1] + 8.5], 17))
  // The cusp of the brace where a joint sample splits: a curly bracket turned to point up.
  return vertex(id, '', `shape=curlyBracket;rounded=1;rotation=90;fillColor=none;${INK}`, { x: mark.at[0] - 3, y: mark.at[1] - 12, width: 6, height: 18 })
}

/**
 * A schedule between the panels: its arrows as free edges (they join panels,
 * not nodes), periods, counts and nested frames as plain text and rectangles.
 */
function scheduleCells(schedule: SceneSchedule): string[] {
  const size = schedule.fontSize
  const textStyle = (align: string) => `text;strokeColor=none;fillColor=none;align=${align};verticalAlign=middle;fontSize=${n(size)};${INK}`
  const textBox = (runs: Parameters<typeof flatLabel>[0], [x, y]: Point, anchor: 'start' | 'middle'): Box => {
    const width = runsWidth(runs, size) + 4
    return { x: anchor === 'start' ? x - 2 : x - width / 2, y: y - size, width, height: size * 1.3 }
  }
  const cells: string[] = []
  schedule.frames.forEach((f, i) => {
    cells.push(vertex(`s-frame${i}`, '', `rounded=1;arcSize=2;fillColor=none;strokeWidth=0.8;${INK}`, f.box))
    cells.push(vertex(`s-count${i}`, flatLabel(f.label), textStyle('left'), textBox(f.label, f.labelAt, 'start')))
  })
  schedule.arrows.forEach((a, i) => {
    const corners = a.points.slice(1, -1)
    const waypoints = corners.length ? `<Array as="points">${corners.map((p) => point(p)).join('')}</Array>` : ''
    cells.push(`<mxCell id="s${i}" style="edgeStyle=orthogonalEdgeStyle;rounded=1;endArrow=block;endFill=1;endSize=6;${INK}" edge="1" parent="1"><mxGeometry relative="1" as="geometry">${point(a.points[0]!, 'sourcePoint')}${point(a.points[a.points.length - 1]!, 'targetPoint')}${waypoints}</mxGeometry></mxCell>`)
    if (a.label) cells.push(vertex(`s-period${i}`, flatLabel(a.label.text), textStyle('center'), textBox(a.label.text, a.label.at, 'middle')))
  })
  schedule.notes.forEach((note, i) => cells.push(vertex(`s-note${i}`, flatLabel(note.text), textStyle('left'), textBox(note.text, note.at, 'start'))))
  return cells
}

/** The diagram as draw.io XML. Same scene, same text. */
export function toDrawio(scene: Scene, options: DrawioOptions = {}): string {
  const lookup = nodeLookup(scene)
  const cells = ['<mxCell id="0"/>', '<mxCell id="1" parent="0"/>']
  scene.nodes.forEach((node, i) => cells.push(...nodeCells(node, `n${i}`)))
  scene.wires.forEach((wire, i) => cells.push(edge(wire, `w${i}`, lookup(wire.from, wire.panel), lookup(wire.to, wire.panel))))
  scene.marks.forEach((mark, i) => cells.push(markCell(mark, `m${i}`)))
  scene.panelLabels.forEach((label, i) => {
    cells.push(vertex(`p${i}`, label.text, `text;strokeColor=none;fillColor=none;align=center;verticalAlign=middle;fontSize=15;${INK}`, { x: label.at[0] - 20, y: label.at[1] - 15, width: 40, height: 20 }))
  })
  if (scene.schedule) cells.push(...scheduleCells(scene.schedule))
  const name = escapeXml(options.title ?? 'dgm')
  const model = `<mxGraphModel dx="0" dy="0" grid="0" gridSize="10" guides="1" tooltips="1" connect="1" arrows="1" fold="1" page="0" pageScale="1" pageWidth="${n(scene.width)}" pageHeight="${n(scene.height)}" math="0" shadow="0">`
  return `<mxfile host="remark-dgm" type="device">\n<diagram id="dgm" name="${name}">\n${model}\n<root>\n${cells.join('\n')}\n</root>\n</mxGraphModel>\n</diagram>\n</mxfile>\n`
}
