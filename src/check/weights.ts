/**
 * Checker rules for shared weights (issue 10): a tied set is one set of
 * weights, so a gradient that reaches any of its instances trains all of them.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram, DiagramNode } from '../ir/types.js'
import { append } from '../ir/multimap.js'

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
