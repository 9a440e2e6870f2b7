/**
 * A sentence naming the three elements, for screen readers and `<desc>`:
 * what is sampled from which data, what is trained, what is optimised.
 */
import { plainText, type TextRun } from '../text/label.js'
import { append } from './multimap.js'
import type { Diagram, DiagramNode, Objective } from './types.js'

/** A node as an author writes it in a chain, for messages: `[f]`, `(op)`, a variable, or an environment by its name. */
export function written(node: DiagramNode): string {
  return node.kind === 'module' && !node.environment ? `[${node.label}]` : node.kind === 'op' ? `(${node.label})` : node.label
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join('')
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`
}

/** Describe a diagram in one or a few sentences of plain English. */
export function describe(diagram: Diagram): string {
  // A tied instance is named by its module, without the drawn tie mark: the set is said once, below.
  const tied = new Map((diagram.ties ?? []).flatMap((tie) => tie.nodes.map((id) => [id, tie] as const)))
  const name = new Map(diagram.nodes.map((n) => [n.id, plainText(tied.has(n.id) ? n.text.slice(0, -1) : n.text) || n.label]))
  const sentences: string[] = []
  // Each source's wires, gathered in one pass (a filter per source is quadratic in a wide diagram).
  // A density wire (`density p at z`) is not a sample: it names the op where p is evaluated.
  const out = new Map<string, string[]>()
  const densities = new Map<string, string[]>()
  const inputs = new Map<string, string[]>()
  for (const w of diagram.wires) {
    if (w.density) append(densities, w.from, w.to)
    else {
      append(out, w.from, name.get(w.to)!)
      append(inputs, w.to, w.from)
    }
  }
  for (const source of diagram.nodes) {
    if (source.kind !== 'dataset' && source.kind !== 'prior') continue
    const samples = out.get(source.id) ?? []
    if (samples.length) sentences.push(`Samples ${list(samples)} from ${source.kind === 'prior' ? 'prior' : 'data set'} ${name.get(source.id)}.`)
    const at = (densities.get(source.id) ?? []).flatMap((op) => (inputs.get(op) ?? []).map((from) => name.get(from)!))
    if (at.length) sentences.push(`Evaluates the density of prior ${name.get(source.id)} at ${list(at)}.`)
  }
  sentences.push(...environmentSentences(diagram, name))
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
  // Training one instance of a tied set trains the set: it is named once, with how many boxes share it.
  const trains = (ids: string[]) => {
    const sets = new Set<unknown>()
    const names: string[] = []
    for (const id of ids) {
      const tie = tied.get(id)
      if (sets.has(tie ?? id)) continue
      sets.add(tie ?? id)
      names.push(tie ? `${name.get(id)} (one set of weights, ${tie.nodes.length} boxes)` : name.get(id)!)
    }
    return names.length ? `trains ${list(names)}` : 'trains nothing'
  }
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

/** `environment Env: a -> s, r` and `store s, a in D`, said as what happens: the agent acts, the buffer fills. */
function environmentSentences(diagram: Diagram, name: Map<string, string>): string[] {
  const out: string[] = []
  for (const env of diagram.nodes) {
    if (!env.environment) continue
    const takes = diagram.wires.filter((w) => w.to === env.id).map((w) => name.get(w.from)!)
    const gives = diagram.wires.filter((w) => w.from === env.id).map((w) => name.get(w.to)!)
    out.push(`Environment ${name.get(env.id)} takes ${takes.length ? list(takes) : 'nothing'} and gives back ${gives.length ? list(gives) : 'nothing'}.`)
  }
  for (const buffer of new Set(diagram.wires.filter((w) => w.store).map((w) => w.to))) {
    out.push(`Stores ${list(diagram.wires.filter((w) => w.store && w.to === buffer).map((w) => name.get(w.from)!))} in ${name.get(buffer)}.`)
  }
  return out
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
