/**
 * Gradient rules beyond the three-element basics: stop-gradients, and how a
 * phase's triangles add up. The reading rule (README, "Gradients, objectives
 * and phases"): a phase minimises one scalar, the sum of its ▽ terms minus the
 * sum of its △ terms, each times its weight; a trainable element gets the
 * gradient of the terms it feeds through wires that carry gradients.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram, DiagramNode, Objective } from '../ir/types.js'
import { plainText } from '../text/label.js'
import { environments, noGradient } from './environments.js'
import { append } from '../ir/multimap.js'

/**
 * Parents along wires that carry a gradient back: every wire but a
 * stop-gradient and a sample (`\pi ~ a` has no gradient to `\pi`; the score
 * function's path is an explicit op on the log-probability, `\pi, a -> (log)`).
 * A derivative's link (`grad [D] wrt x`) carries one: a gradient into the `∇`
 * op trains the module it differentiates (double backprop, as in R1).
 */
export function gradientParents(diagram: Diagram): Map<string, string[]> {
  const parents = new Map<string, string[]>()
  const worlds = environments(diagram)
  for (const w of diagram.wires) {
    // A state update (`update … from …`) moves weights without a gradient, like a stop-gradient; a sample carries none back.
    if (w.stopGradient || w.update || w.kind === 'sample' || noGradient(w, worlds)) continue
    append(parents, w.to, w.from)
  }
  return parents
}

function symbol(o: Objective): string {
  return o.direction === 'min' ? '▽' : '△'
}

/**
 * A phase with ▽ and △ terms behind the same trainable element, where a △
 * term is another player's (something trainable behind it, in any phase, is
 * behind none of the phase's ▽ terms: the domain classifier behind L_d): one
 * warning per term, saying which way it pushes that element, so an author who
 * meant two players (a GAN) splits the phase, and one who meant a reversed
 * gradient (domain-adversarial training) sees it spelled out. A bonus that the
 * same players raise while they lower their loss (an entropy bonus, a reward
 * less a KL penalty) is one player's objective: no finding.
 */
export function mixedDirections(
  panel: { name: string; trainable: Set<string>; objectives: Objective[] },
  behind: (objective: Objective) => Set<string>,
  byId: Map<string, DiagramNode>,
  everyTrainable: ReadonlySet<string>
): Diagnostic[] {
  if (new Set(panel.objectives.map((o) => o.direction)).size < 2) return []
  const feeders = new Map(panel.objectives.map((o) => [o, behind(o)]))
  const lowered = new Set(panel.objectives.filter((o) => o.direction === 'min').flatMap((o) => [...feeders.get(o)!]))
  const anotherPlayers = (o: Objective) => o.direction === 'max' && [...feeders.get(o)!].some((id) => everyTrainable.has(id) && !lowered.has(id))
  if (!panel.objectives.some(anotherPlayers)) return []
  const shared = [...panel.trainable].filter((id) => {
    const directions = new Set(panel.objectives.filter((o) => feeders.get(o)!.has(id)).map((o) => o.direction))
    return directions.size === 2
  })
  if (!shared.length) return []
  // Tied instances share a label and one set of weights: named once.
  const names = [...new Set(shared.map((id) => byId.get(id)!.label))].map((label) => `\`${label}\``).join(', ')
  const sum = panel.objectives
    .map((o, i) => `${o.direction === 'max' ? '−' : i ? '+' : ''} ${o.weight ? `${plainText(o.weight)}·` : ''}${byId.get(o.node)!.label}`)
    .join(' ')
    .trim()
  return panel.objectives
    .filter((o) => shared.some((id) => feeders.get(o)!.has(id)))
    .map((o) => ({
      severity: 'warning' as const,
      ruleId: 'mixed-direction',
      message: `Expected one direction per trainable element${panel.name}, got ${symbol(o)} \`${byId.get(o.node)!.label}\` pushing ${names} to ${o.direction === 'min' ? 'lower' : 'raise'} it, while the phase minimises ${sum}: split the phase if two players take turns`,
      span: o.span
    }))
}

/** `parents` with the nodes a panel leaves out removed, as parents and as children. */
export function visibleParents(parents: Map<string, string[]>, hidden: ReadonlySet<string>): Map<string, string[]> {
  if (!hidden.size) return parents
  const out = new Map<string, string[]>()
  for (const [id, list] of parents) if (!hidden.has(id)) out.set(id, list.filter((p) => !hidden.has(p)))
  return out
}

/**
 * A panel that leaves nodes out (`without …`) or optimises nothing (sampling,
 * inference) is checked structurally: a variable it still consumes must
 * still be sampled, computed or given in it.
 */
export function panelInputs(diagram: Diagram, panel: { name: string; hidden: ReadonlySet<string> }, byId: Map<string, DiagramNode>): Diagnostic[] {
  if (!panel.hidden.size) return []
  const produced = new Set<string>()
  const consumed = new Set<string>()
  for (const w of diagram.wires) {
    if (panel.hidden.has(w.from) || panel.hidden.has(w.to)) continue
    produced.add(w.to)
    consumed.add(w.from)
  }
  const out: Diagnostic[] = []
  for (const w of diagram.wires) {
    // Reported once per variable: where its lost producer was cut away.
    if (!panel.hidden.has(w.from) || panel.hidden.has(w.to)) continue
    const node = byId.get(w.to)!
    if (node.kind !== 'variable' || produced.has(node.id) || !consumed.has(node.id) || node.given || node.trainable) continue
    produced.add(node.id)
    out.push({
      severity: 'warning',
      ruleId: 'unproduced-variable',
      message: `Expected \`${node.label}\` to be sampled, computed or given${panel.name}, got its only source \`${byId.get(w.from)!.label}\` left out of the panel (write \`N(0, 1) ~ ${node.label}\` for a sample, or keep its source)`,
      span: node.span
    })
  }
  return out
}
