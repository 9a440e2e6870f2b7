/**
 * Scene → Mermaid `flowchart TB`, for places that render Mermaid but run no
 * remark plugin (a GitHub README). Mermaid lays the graph out itself; what
 * it keeps of the notation: the shapes (data sets boxed and bold, given
 * data bold, priors rounded, ops as circles, sequences as double boxes,
 * variables bare), the stars, ▽/△ on objectives, `~` on sampling wires, no
 * arrowhead into an op, and one subgraph per phase, side by side in order as
 * in our figure (the graph flows top to bottom inside each; no wire crosses
 * a panel).
 */
import type { Scene, SceneNode, SceneSchedule, SceneWire } from '../layout/scene.js'
import { flatLabel } from './label.js'
import { nodeLookup } from './lookup.js'

/** Options of `toMermaid`. */
export interface MermaidOptions {
  /** The diagram's title (front matter), usually the caption. @default undefined (none) */
  title?: string
}

/**
 * Mermaid reads `#…;` as an entity and would take quotes, angle brackets and
 * a leading backtick as syntax or markup: write them all as entities.
 */
function escapeLabel(text: string): string {
  return text.replace(/[#"<>&`]/g, (c) => `#${c.codePointAt(0)};`)
}

const OPEN_CLOSE: Record<SceneNode['shape'], [string, string]> = {
  rect: ['["', '"]'],
  'round-rect': ['("', '")'],
  circle: ['(("', '"))'],
  ellipse: ['(("', '"))'],
  strip: ['[["', '"]]'],
  text: ['["', '"]'],
  tensor: ['["', '"]'],
  deck: ['[["', '"]]']
}

function nodeLine(node: SceneNode, id: string): string {
  let label = flatLabel(node.text)
  if (node.note) label = `${label} ${flatLabel(node.note.text)}`
  if (node.star) label = `★ ${label}`
  if (node.objective) label = `${node.objective.direction === 'min' ? '▽' : '△'} ${label}`
  const [open, close] = OPEN_CLOSE[node.shape]
  return `${id}${open}${escapeLabel(label)}${close}`
}

function wireLine(wire: SceneWire, from: string, to: string): string {
  if (wire.kind === 'sample') return `${from} -->|"~"| ${to}`
  return `${from} ${wire.arrow ? '-->' : '---'} ${to}`
}

/** A panel's title: its label, and from a schedule its count or period (`(a) ×5`). */
function panelTitle(scene: Scene, panel: number): string {
  const extra = [...(scene.schedule?.frames ?? []), ...(scene.schedule?.notes ?? [])].filter((n) => n.panel === panel).map((n) => flatLabel('text' in n ? n.text : n.label))
  return [scene.panelLabels[panel]?.text ?? '', ...extra].join(' ')
}

/** A schedule's arrows as links between the phase subgraphs, a period as the link's label. */
function scheduleLinks(schedule: SceneSchedule): string[] {
  return schedule.arrows.map((a) => `  p${a.from} ${a.label ? `-->|"${escapeLabel(flatLabel(a.label.text))}"|` : '-->'} p${a.to}`)
}

/** The diagram as Mermaid flowchart text. Same scene, same text. */
export function toMermaid(scene: Scene, options: MermaidOptions = {}): string {
  const lookup = nodeLookup(scene)
  const lines: string[] = []
  if (options.title) lines.push('---', `title: ${JSON.stringify(options.title)}`, '---')
  const panels = [...new Set(scene.nodes.map((node) => node.panel))]
  const phased = scene.panelLabels.length > 0
  lines.push(phased ? 'flowchart LR' : 'flowchart TB')
  for (const panel of panels) {
    const indent = phased ? '    ' : '  '
    if (phased) lines.push(`  subgraph p${panel} ["${escapeLabel(panelTitle(scene, panel))}"]`, '    direction TB')
    scene.nodes.forEach((node, i) => {
      if (node.panel === panel) lines.push(`${indent}${nodeLine(node, `n${i}`)}`)
    })
    for (const wire of scene.wires) {
      if (wire.panel === panel) lines.push(`${indent}${wireLine(wire, lookup(wire.from, panel).cell, lookup(wire.to, panel).cell)}`)
    }
    if (phased) lines.push('  end')
  }
  // A schedule's arrows join the panels; without one, an invisible link keeps them in order, (a) left of (b).
  if (scene.schedule?.arrows.length) lines.push(...scheduleLinks(scene.schedule))
  else if (phased) lines.push(`  ${panels.map((panel) => `p${panel}`).join(' ~~~ ')}`)
  // Data sets and given data are bold; variables are bare text, as in our figure.
  const ids = (keep: (node: SceneNode) => boolean) => scene.nodes.flatMap((node, i) => (keep(node) ? [`n${i}`] : []))
  const bold = ids((node) => node.text.some((run) => run.bold))
  const bare = ids((node) => node.shape === 'text')
  lines.push('  classDef bold font-weight:bold', '  classDef bare fill:none,stroke:none')
  if (bold.length) lines.push(`  class ${bold.join(',')} bold`)
  if (bare.length) lines.push(`  class ${bare.join(',')} bare`)
  return `${lines.join('\n')}\n`
}
