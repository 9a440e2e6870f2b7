/**
 * A sentence naming the three elements, for screen readers and `<desc>`:
 * what is sampled from which data, what is trained, what is optimised.
 */
import { plainText, type TextRun } from '../text/label.js'
import type { Diagram, Objective } from './types.js'

function list(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** Describe a diagram in one or a few sentences of plain English. */
export function describe(diagram: Diagram): string {
  const name = new Map(diagram.nodes.map((n) => [n.id, plainText(n.text) || n.label]))
  const sentences: string[] = []
  for (const source of diagram.nodes) {
    if (source.kind !== 'dataset' && source.kind !== 'prior') continue
    const samples = diagram.wires.filter((w) => w.from === source.id).map((w) => name.get(w.to)!)
    sentences.push(`Samples ${list(samples)} from ${source.kind === 'prior' ? 'prior' : 'data set'} ${name.get(source.id)}.`)
  }
  const given = diagram.nodes.filter((n) => n.given).map((n) => name.get(n.id)!)
  if (given.length) sentences.push(`Given ${list(given)}.`)
  const objectives = (os: Objective[]) =>
    (['min', 'max'] as const)
      .map((d) => {
        const names = os.filter((o) => o.direction === d).map((o) => name.get(o.node)!)
        return names.length ? `${d === 'min' ? 'minimises' : 'maximises'} ${list(names)}` : ''
      })
      .filter(Boolean)
      .join(' and ')
  const trains = (ids: string[]) => (ids.length ? `trains ${list(ids.map((id) => name.get(id)!))}` : 'trains nothing')
  if (diagram.phases.length) {
    for (const p of diagram.phases) {
      const o = objectives(p.objectives)
      sentences.push(`Phase (${p.label}) ${trains(p.trainable)}${o ? ` and ${o}` : ''}.`)
    }
  } else {
    const trained = diagram.nodes.filter((n) => n.trainable).map((n) => n.id)
    const o = objectives(diagram.objectives)
    const s = `${trains(trained)}${o ? ` and ${o}` : ''}.`
    sentences.push(s[0]!.toUpperCase() + s.slice(1))
  }
  sentences.push(...scheduleSentences(diagram, name))
  return sentences.join(' ')
}

/** How the phases follow each other, in the words of the schedule lines. */
function scheduleSentences(diagram: Diagram, name: Map<string, string>): string[] {
  const schedule = diagram.schedule
  if (!schedule) return []
  const phase = (i: number, count?: TextRun[]) => `(${diagram.phases[i]!.label})${count ? ` ${plainText(count)}` : ''}`
  return [
    ...schedule.sequences.filter((s) => s.phases.length > 1).map((s) => `Phases ${s.phases.map((p) => phase(p)).join(', then ')} run one after the other.`),
    ...schedule.alternations.map((a) => `Phases ${list(a.phases.map((p) => phase(p.phase, p.count)))} take turns.`),
    ...schedule.nestings.map((n) => `Every step of phase ${phase(n.outer)} first runs phase ${phase(n.inner, n.count)}.`),
    ...schedule.periodic.map((p) => `${p.phase !== undefined ? `Phase ${phase(p.phase)}` : `The update of ${name.get(diagram.wires.find((w) => w.from === p.node)!.to)} (${name.get(p.node!)})`} runs ${plainText(p.period)}.`)
  ]
}
