/**
 * Checker rules for derivatives and subsets (issue 11): a `∇` op
 * differentiates with respect to something its module (or value) actually
 * reads, and a term restricted to a named subset has that subset's mask
 * produced in its panel. The gradient a `∇` op passes back into its module
 * (double backprop) needs no rule of its own: its link is a wire that carries
 * gradients, so `gradientParents` follows it.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram, DiagramNode } from '../ir/types.js'

/** Every finding of the rules below. */
export function derivativeRules(diagram: Diagram, byId: Map<string, DiagramNode>): Diagnostic[] {
  return [...derivativeInputs(diagram, byId), ...unproducedSubsets(diagram, byId)]
}

/**
 * `grad [D] wrt u`: `u` must be an input of module `D` (a wire from `u` into
 * that box), or, for a computed value, feed it along the wires.
 */
function derivativeInputs(diagram: Diagram, byId: Map<string, DiagramNode>): Diagnostic[] {
  const out: Diagnostic[] = []
  if (!diagram.nodes.some((n) => n.derivative)) return out
  const parents = new Map<string, string[]>()
  for (const w of diagram.wires) {
    if (w.derivative || w.back || w.update) continue
    const list = parents.get(w.to)
    if (list) list.push(w.from)
    else parents.set(w.to, [w.from])
  }
  for (const op of diagram.nodes) {
    if (!op.derivative) continue
    const { of, wrt } = op.derivative
    const target = byId.get(of)!
    const module = target.kind === 'module'
    const inputs = parents.get(of) ?? []
    if (module ? inputs.includes(wrt) : upstream(of, parents).has(wrt)) continue
    const name = byId.get(wrt)!.label
    const wire = diagram.wires.find((w) => w.from === wrt && w.to === op.id)!
    const meant = module ? inputs.map((id) => byId.get(id)!).filter((n) => n.kind === 'variable') : []
    out.push({
      severity: 'warning',
      ruleId: 'derivative-input',
      message: module
        ? `Expected \`${name}\` to be an input of \`${target.label}\`, which \`grad\` differentiates with respect to it, got no wire from \`${name}\` into that box${meant.length ? `; did you mean ${meant.map((n) => `\`wrt ${n.label}\``).join(' or ')}?` : ''}`
        : `Expected \`${name}\` to feed \`${target.label}\`, which \`grad\` differentiates with respect to it, got no path from \`${name}\` to it: the derivative is zero`,
      span: wire.span
    })
  }
  return out
}

/** Every node a value is computed from. */
function upstream(id: string, parents: Map<string, string[]>): Set<string> {
  const seen = new Set<string>()
  const stack = [id]
  while (stack.length) {
    for (const p of parents.get(stack.pop()!) ?? []) {
      if (seen.has(p)) continue
      seen.add(p)
      stack.push(p)
    }
  }
  return seen
}

/**
 * `min L on m` where `m` names a variable: the mask must be produced in every
 * panel whose objectives use it. A mask produced nowhere is already an
 * `unproduced-variable`; this finds the panel that leaves its producer out
 * (`without (random mask)`) while a term is still taken over it.
 */
function unproducedSubsets(diagram: Diagram, byId: Map<string, DiagramNode>): Diagnostic[] {
  const out: Diagnostic[] = []
  for (const phase of diagram.phases) {
    const hidden = new Set(phase.hidden)
    for (const o of phase.objectives) {
      const id = o.subset?.node
      if (id === undefined) continue
      const node = byId.get(id)!
      const producers = diagram.wires.filter((w) => w.to === id)
      if (!producers.length || node.given || node.trainable || producers.some((w) => !hidden.has(w.from))) continue
      out.push({
        severity: 'warning',
        ruleId: 'unproduced-subset',
        message: `Expected the subset \`${node.label}\` of \`${byId.get(o.node)!.label}\` to be produced in phase (${phase.label}), got its only source \`${byId.get(producers[0]!.from)!.label}\` left out of the panel: keep its source, or drop \`on ${node.label}\` there`,
        span: o.subset!.span
      })
    }
  }
  return out
}
