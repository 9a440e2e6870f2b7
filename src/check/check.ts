/**
 * The three-element analysis of the article, as a linter: information flows
 * from the data into the trainable weights through the objective, so every
 * trainable element needs a path to an objective, every objective needs
 * something trainable behind it, and every data source must feed one.
 *
 * Diagrams without any objective draw a module, not a training setup (the
 * article's transformer layer): only the structural rules apply to them.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram, DiagramNode, Objective } from '../ir/types.js'

function reach(start: Iterable<string>, next: Map<string, string[]>): Set<string> {
  const seen = new Set<string>()
  const stack = [...start]
  while (stack.length) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    for (const n of next.get(id) ?? []) stack.push(n)
  }
  return seen
}

/** The three-element and structural findings for a diagram. */
export function check(diagram: Diagram): Diagnostic[] {
  const out: Diagnostic[] = []
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]))
  const children = new Map<string, string[]>()
  const parents = new Map<string, string[]>()
  const add = (map: Map<string, string[]>, key: string, value: string) => {
    const list = map.get(key)
    if (list) list.push(value)
    else map.set(key, [value])
  }
  for (const w of diagram.wires) {
    add(children, w.from, w.to)
    add(parents, w.to, w.from)
  }
  const warn = (ruleId: string, message: string, node: DiagramNode) =>
    out.push({ severity: 'warning', ruleId, message, span: node.span })

  for (const node of diagram.nodes) {
    const marked = node.trainable || diagram.phases.some((p) => p.trainable.includes(node.id))
    if (node.kind === 'op' && marked) {
      out.push({
        severity: 'error',
        ruleId: 'trainable-op',
        message: `Expected \`(${node.label})\` to have no weights: an analytic op cannot be trained; write \`*[${node.label}]\` for a module`,
        span: node.span
      })
    }
  }

  // Cycles: iterative DFS with colours; one error per back wire.
  const colour = new Map<string, 1 | 2>()
  for (const root of diagram.nodes) {
    if (colour.has(root.id)) continue
    const stack: [string, number][] = [[root.id, 0]]
    colour.set(root.id, 1)
    while (stack.length) {
      const top = stack[stack.length - 1]!
      const next = children.get(top[0]) ?? []
      if (top[1] >= next.length) {
        colour.set(top[0], 2)
        stack.pop()
        continue
      }
      const child = next[top[1]++]!
      if (colour.get(child) === 1) {
        const wire = diagram.wires.find((w) => w.from === top[0] && w.to === child)!
        out.push({
          severity: 'error',
          ruleId: 'cycle',
          message: `Expected the wires to flow one way, got a cycle through \`${byId.get(child)!.label}\` (a state carried between steps needs two nodes, e.g. \`h_t\` and \`h_{t+1}\`)`,
          span: wire.span
        })
      } else if (!colour.has(child)) {
        colour.set(child, 1)
        stack.push([child, 0])
      }
    }
  }

  const panels: { name: string; trainable: Set<string>; objectives: Objective[] }[] = diagram.phases.length
    ? diagram.phases.map((p) => ({ name: ` in phase (${p.label})`, trainable: new Set(p.trainable), objectives: p.objectives }))
    : [{ name: '', trainable: new Set(diagram.nodes.filter((n) => n.trainable).map((n) => n.id)), objectives: diagram.objectives }]
  if (panels.every((p) => p.objectives.length === 0)) return out

  for (const panel of panels) {
    const feedsObjective = reach(panel.objectives.map((o) => o.node), parents)
    for (const id of panel.trainable) {
      const node = byId.get(id)!
      if (node.kind !== 'op' && !feedsObjective.has(id)) {
        warn('no-gradient', `Expected trainable \`${node.label}\` to feed an objective${panel.name}, got no path to one: it gets no gradient`, node)
      }
    }
    for (const objective of panel.objectives) {
      const behind = reach([objective.node], parents)
      if (![...panel.trainable].some((id) => behind.has(id))) {
        const node = byId.get(objective.node)!
        out.push({
          severity: 'warning',
          ruleId: 'untrained-objective',
          message: `Expected something trainable behind objective \`${node.label}\`${panel.name}, got none: optimising it changes nothing`,
          span: objective.span
        })
      }
    }
  }

  const allObjectives = new Set(panels.flatMap((p) => p.objectives.map((o) => o.node)))
  const feedsAny = reach(allObjectives, parents)
  for (const node of diagram.nodes) {
    if ((node.kind === 'dataset' || node.kind === 'prior') && !feedsAny.has(node.id)) {
      warn('unused-source', `Expected ${node.kind === 'prior' ? 'prior' : 'data set'} \`${node.label}\` to feed an objective, got no path to one`, node)
    }
    const produced = (parents.get(node.id) ?? []).length > 0
    const consumed = (children.get(node.id) ?? []).length > 0
    const slice = node.sequence?.of !== undefined
    if (node.kind === 'variable' && consumed && !produced && !node.given && !node.trainable && !slice) {
      warn(
        'unproduced-variable',
        `Expected \`${node.label}\` to be sampled, computed or given, got a value from nowhere (write \`X ~ ${node.label}\`, or \`**${node.label}**\` for a given datum)`,
        node
      )
    }
  }
  return out
}
