/**
 * Checker rules for shared weights (issue 10): a tied set is one set of
 * weights, so a gradient that reaches any of its instances trains all of them.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram, DiagramNode, Wire } from '../ir/types.js'
import { append } from '../ir/multimap.js'
import { written } from '../ir/describe.js'

/** `reached` plus every instance of a tied set one of whose instances it holds. */
export function throughTies(reached: Set<string>, diagram: Diagram): Set<string> {
  for (const tie of diagram.ties ?? []) {
    if (tie.nodes.some((id) => reached.has(id))) for (const id of tie.nodes) reached.add(id)
  }
  return reached
}

/**
 * Each node's successors over the wires that flow down: a `carry` wire runs
 * back up on purpose (read one step later), so it closes no cycle.
 */
export function forwardOnly(diagram: Diagram): Map<string, string[]> {
  const children = new Map<string, string[]>()
  for (const w of diagram.wires) {
    if (w.back) continue
    append(children, w.from, w.to)
  }
  return children
}

/** Ids of the nodes trained anywhere: starred, or in some phase's `train` list. */
export function trainedAnywhere(diagram: Diagram): Set<string> {
  return new Set([...diagram.nodes.filter((n) => n.trainable).map((n) => n.id), ...diagram.phases.flatMap((p) => p.trainable)])
}

/**
 * An error on every node of a kind that cannot have weights but is marked
 * trainable (starred, or in a phase's `train` list).
 */
export function trainedButWeightless(diagram: Diagram, weightless: (node: DiagramNode) => boolean, ruleId: string, message: (node: DiagramNode) => string): Diagnostic[] {
  const trained = trainedAnywhere(diagram)
  return diagram.nodes.filter((n) => weightless(n) && trained.has(n.id)).map((n) => ({ severity: 'error' as const, ruleId, message: message(n), span: n.span }))
}

/** State moved by an `update` rule takes no gradient: marking it trainable says two things at once. */
export function trainedState(diagram: Diagram): Diagnostic[] {
  return trainedButWeightless(
    diagram,
    (n) => Boolean(n.state),
    'trained-state',
    (n) => `Expected \`${n.label}\`, moved by its update rule, to take no gradient, got it marked trainable: drop the \`*\` (or the \`update\` line)`
  )
}

/** A module or op written twice as one node: the finding, and the advice a cycle through it repeats. */
export interface AppliedTwice {
  node: string
  advice: string
  diagnostic: Diagnostic
}

/**
 * A module or op written on two lines, each with inputs and outputs of its
 * own, is one node: the figure shows one box taking every input and giving
 * every output, which is not what two applications compute. The author most
 * likely meant tied instances (a module) or two ops named apart. Only the
 * wires that carry values count; a recurrence's back wire or an update does
 * not make a second application.
 */
export function appliedTwice(diagram: Diagram, byId: Map<string, DiagramNode>): AppliedTwice[] {
  /** Per module or op, per line it is written on: the nodes wired in and out on that line. */
  const uses = new Map<string, { line: number; inputs: string[]; outputs: string[]; span: Wire['span'] }[]>()
  const use = (node: string, wire: Wire) => {
    const kind = byId.get(node)?.kind
    if (kind !== 'module' && kind !== 'op') return undefined
    let lines = uses.get(node)
    if (!lines) uses.set(node, (lines = []))
    const line = wire.span.start.line
    let at = lines.find((u) => u.line === line)
    if (!at) lines.push((at = { line, inputs: [], outputs: [], span: wire.span }))
    return at
  }
  for (const w of diagram.wires) {
    if (w.kind !== 'flow' || w.back || w.update || w.store || w.tap || w.derivative || w.density) continue
    use(w.to, w)?.inputs.push(w.from)
    use(w.from, w)?.outputs.push(w.to)
  }
  const out: AppliedTwice[] = []
  for (const [id, lines] of uses) {
    const node = byId.get(id)!
    if (lines.length < 2 || node.environment) continue
    const applications = lines.filter((u) => u.inputs.length > 0 && u.outputs.length > 0)
    const [first, second] = applications.flatMap((a, i) => applications.slice(i + 1).filter((b) => disjoint(a.inputs, b.inputs) && disjoint(a.outputs, b.outputs)).map((b) => [a, b] as const))[0] ?? []
    if (!first || !second) continue
    const name = /^[A-Za-z]\w*$/.test(node.label) ? node.label : node.kind === 'module' ? 'f' : 'op'
    const names = `${name}_1, ${name}_2 = ${node.trainable ? '*' : ''}${written(node)}`
    const advice = node.kind === 'module' ? `write \`${names}\` for the same weights applied twice` : `write \`${names}\` for two ops`
    out.push({
      node: id,
      advice,
      diagnostic: {
        severity: 'warning',
        ruleId: 'applied-twice',
        message: `Expected \`${written(node)}\` to be applied once, got it on line ${first.span.start.line} and again on line ${second.span.start.line} with other inputs and outputs: it is drawn as one box taking all of them; ${advice}`,
        span: second.span
      }
    })
  }
  return out
}

/**
 * A module written in brackets, `[Q]`, beside a tied set of that label,
 * `q_1, q_2 = *[Q]`, is a new module with weights of its own (drawn without
 * the `≡`), not the set: `update [T] from [Q]` or `x -> [Q]` then names a box
 * nobody trains or reads. The author most likely meant one of the instances.
 */
export function untiedNamesakes(diagram: Diagram): Diagnostic[] {
  const tied = new Set((diagram.ties ?? []).flatMap((t) => t.nodes))
  const out: Diagnostic[] = []
  for (const node of diagram.nodes) {
    if (node.kind !== 'module' || tied.has(node.id)) continue
    const tie = diagram.ties?.find((t) => t.label === node.label)
    if (!tie) continue
    const instances = tie.nodes.map((id) => `\`${id}\``).join(', ')
    out.push({
      severity: 'warning',
      ruleId: 'untied-namesake',
      message: `Expected \`[${node.label}]\` to be one of the tied instances ${instances}, got a new module with weights of its own: name an instance (\`${tie.nodes[tie.nodes.length - 1]}\`) to use the set's weights, or give this module another label`,
      span: node.span
    })
  }
  return out
}

function disjoint<T>(a: T[], b: T[]): boolean {
  return !a.some((x) => b.includes(x))
}
