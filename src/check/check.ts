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
import { written } from '../ir/describe.js'
import { append } from '../ir/multimap.js'
import type { Diagram, DiagramNode, Objective, Wire } from '../ir/types.js'
import { trainedEnvironments } from './environments.js'
import { appliedTwice, forwardOnly, throughTies, trainedState, untiedNamesakes, type AppliedTwice } from './weights.js'
import { derivativeRules } from './derivatives.js'
import { gradientParents, mixedDirections, panelInputs, visibleParents } from './gradients.js'
import { scheduleFindings } from './schedules.js'

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

/** At most this many names of a cycle are spelled out in its message. */
const CYCLE_NAMES_SHOWN = 8

/**
 * One error per cycle, in linear time: Tarjan's strongly connected components
 * find the node sets that wires go around in, then one depth-first search
 * reports, for each such set, the first wire that closes a loop in it, with
 * the loop's path (the search stack from the wire's head to its tail).
 */
function cycles(diagram: Diagram, children: Map<string, string[]>, byId: Map<string, DiagramNode>, twice: AppliedTwice[]): Diagnostic[] {
  // Tarjan, iterative so that a long chain cannot overflow the call stack.
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const component = new Map<string, number>()
  const open: string[] = []
  let counter = 0
  let components = 0
  for (const root of diagram.nodes) {
    if (index.has(root.id)) continue
    const stack: [string, number][] = [[root.id, 0]]
    index.set(root.id, counter)
    low.set(root.id, counter++)
    open.push(root.id)
    while (stack.length) {
      const top = stack[stack.length - 1]!
      const next = children.get(top[0]) ?? []
      if (top[1] < next.length) {
        const child = next[top[1]++]!
        if (!index.has(child)) {
          index.set(child, counter)
          low.set(child, counter++)
          open.push(child)
          stack.push([child, 0])
        } else if (!component.has(child)) {
          low.set(top[0], Math.min(low.get(top[0])!, index.get(child)!))
        }
        continue
      }
      stack.pop()
      const parent = stack[stack.length - 1]
      if (parent) low.set(parent[0], Math.min(low.get(parent[0])!, low.get(top[0])!))
      if (low.get(top[0]) === index.get(top[0])) {
        let id: string
        do {
          id = open.pop()!
          component.set(id, components)
        } while (id !== top[0])
        components++
      }
    }
  }

  // Every component a single node without a wire into itself: no cycle, and nothing to report.
  if (components === diagram.nodes.length && !diagram.nodes.some((n) => children.get(n.id)?.includes(n.id))) return []
  const wireAt = new Map(diagram.wires.map((w) => [`${w.from}\u0000${w.to}`, w]))
  const reported = new Set<number>()
  const out: Diagnostic[] = []
  // Where each node on the search stack sits in it; finished nodes are `done`.
  const depth = new Map<string, number>()
  const done = new Set<string>()
  for (const root of diagram.nodes) {
    if (done.has(root.id)) continue
    const stack: [string, number][] = [[root.id, 0]]
    depth.set(root.id, 0)
    while (stack.length) {
      const top = stack[stack.length - 1]!
      const next = children.get(top[0]) ?? []
      if (top[1] >= next.length) {
        depth.delete(top[0])
        done.add(top[0])
        stack.pop()
        continue
      }
      const child = next[top[1]++]!
      const from = depth.get(child)
      if (from !== undefined && !reported.has(component.get(child)!)) {
        reported.add(component.get(child)!)
        // Reported once per component, and the path lies in it: the paths add up to at most the node count.
        const ids = stack.slice(from).map(([id]) => id)
        const path = ids.map((id) => `\`${byId.get(id)!.label}\``)
        const shown = path.length > CYCLE_NAMES_SHOWN ? [...path.slice(0, CYCLE_NAMES_SHOWN), `… (${path.length - CYCLE_NAMES_SHOWN} more)`] : path
        // A box written on two lines joins them into one node, which closes the loop: its fix is the likelier one.
        const merged = twice.find((t) => ids.includes(t.node))
        const hint = merged ? `it runs through one node written on two lines: ${merged.advice}` : 'a state carried to the next step is written `carry h_t -> [cell]`, drawn as a wire back up, or unrolled into two nodes, e.g. `h_t` and `h_{t+1}`'
        out.push({
          severity: 'error',
          ruleId: 'cycle',
          message: `Expected the wires to flow one way, got a cycle ${[...shown, path[0]].join(' → ')} (${hint})`,
          span: wireAt.get(`${top[0]}\u0000${child}`)!.span
        })
      } else if (from === undefined && !done.has(child)) {
        depth.set(child, stack.length)
        stack.push([child, 0])
      }
    }
  }
  return out
}

/**
 * A variable that comes from two places: sampled from a buffer under the
 * name the environment or the policy already gives it (`B ~ s, a, r` beside
 * `environment Env: a -> s', r`), or computed by two boxes. One name is one
 * value, so the figure would draw one node fed twice, and the buffer's
 * samples would stand among the live loop's values. Producers: every wire in
 * but a write into a buffer, an update, and a value handed on (a carry's
 * initial value, a slice); a carry counts once, as what the step passes on.
 */
function producedTwice(diagram: Diagram, byId: Map<string, DiagramNode>): Diagnostic[] {
  const producers = new Map<string, Wire[]>()
  for (const w of diagram.wires) {
    const from = byId.get(w.from)!
    if (w.store || w.update || byId.get(w.to)!.kind !== 'variable') continue
    if (from.kind === 'variable' && w.kind !== 'sample' && !w.back) continue
    append(producers, w.to, w)
  }
  const how = (w: Wire) => `${w.back ? 'carried from' : w.kind === 'sample' ? 'sampled from' : 'computed by'} \`${written(byId.get(w.from)!)}\` (line ${w.span.start.line})`
  const out: Diagnostic[] = []
  for (const [id, wires] of producers) {
    if (wires.length < 2) continue
    const label = byId.get(id)!.label
    out.push({
      severity: 'warning',
      ruleId: 'produced-twice',
      message: `Expected \`${label}\` to come from one place, got it ${wires.map(how).join(' and ')}: one name is one value, drawn once; give one of them a name of its own (\`${label}_j\`)`,
      span: wires[1]!.span
    })
  }
  return out
}

/**
 * A module, op or variable with no wire at all, in a diagram that has wires:
 * a box standing apart from the figure, most often a tied instance declared
 * and never used (`q_1, q_2, q_3 = *[Q]` with `q_3` nowhere in a chain) or a
 * name mistyped on a line of its own. Tied instances count as reaching the
 * objectives through their set, so no other rule sees it.
 */
function unconnected(diagram: Diagram, children: Map<string, string[]>, parents: Map<string, string[]>): Diagnostic[] {
  if (!diagram.wires.length) return []
  return diagram.nodes
    .filter((n) => n.kind !== 'dataset' && n.kind !== 'prior' && !children.has(n.id) && !parents.has(n.id))
    .map((n) => {
      const drawn = written(n)
      const name = n.id === drawn || n.kind === 'variable' ? `\`${drawn}\`` : `\`${n.id}\` (\`${drawn}\`)`
      return {
        severity: 'warning' as const,
        ruleId: 'unconnected',
        message: `Expected ${name} to be wired to the figure, got ${n.kind === 'variable' ? 'a value' : 'a box'} connected to nothing: use it in a chain or drop it`,
        span: n.span
      }
    })
}

/** The three-element and structural findings for a diagram. */
export function check(diagram: Diagram): Diagnostic[] {
  const out: Diagnostic[] = []
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]))
  const children = new Map<string, string[]>()
  const parents = new Map<string, string[]>()
  // An `update` wire produces state but feeds no value forward to an objective: weights reached only through it get no gradient (not a stopped one).
  const flowParents = new Map<string, string[]>()
  for (const w of diagram.wires) {
    append(children, w.from, w.to)
    append(parents, w.to, w.from)
    if (!w.update) append(flowParents, w.to, w.from)
  }
  const warn = (ruleId: string, message: string, node: DiagramNode) =>
    out.push({ severity: 'warning', ruleId, message, span: node.span })

  const trainedInAPhase = new Set(diagram.phases.flatMap((p) => p.trainable))
  for (const node of diagram.nodes) {
    if (node.kind === 'op' && (node.trainable || trainedInAPhase.has(node.id))) {
      out.push({
        severity: 'error',
        ruleId: 'trainable-op',
        message: `Expected \`(${node.label})\` to have no weights: an analytic op cannot be trained; write \`*[${node.label}]\` for a module`,
        span: node.span
      })
    }
  }

  const twice = appliedTwice(diagram, byId)
  out.push(...cycles(diagram, forwardOnly(diagram), byId, twice), ...trainedState(diagram), ...trainedEnvironments(diagram), ...scheduleFindings(diagram), ...derivativeRules(diagram, byId), ...twice.map((t) => t.diagnostic), ...untiedNamesakes(diagram))

  out.push(...unconnected(diagram, children, parents), ...producedTwice(diagram, byId))

  const panels: { name: string; trainable: Set<string>; objectives: Objective[]; hidden: Set<string> }[] = diagram.phases.length
    ? diagram.phases.map((p) => ({ name: ` in phase (${p.label})`, trainable: new Set(p.trainable), objectives: p.objectives, hidden: new Set(p.hidden) }))
    : [{ name: '', trainable: new Set(diagram.nodes.filter((n) => n.trainable).map((n) => n.id)), objectives: diagram.objectives, hidden: new Set<string>() }]
  for (const panel of panels) out.push(...panelInputs(diagram, panel, byId))
  const everyTrainable = new Set(panels.flatMap((p) => [...p.trainable]))
  if (panels.every((p) => p.objectives.length === 0)) return out

  // Gradients run back along every wire but a stop-gradient; values run along all of them.
  const gradient = gradientParents(diagram)
  for (const panel of panels) {
    const panelGradient = visibleParents(gradient, panel.hidden)
    const feedsObjective = throughTies(reach(panel.objectives.map((o) => o.node), panelGradient), diagram)
    const valueFeeds = reach(panel.objectives.map((o) => o.node), visibleParents(flowParents, panel.hidden))
    for (const id of panel.trainable) {
      const node = byId.get(id)!
      if (node.kind === 'op' || feedsObjective.has(id)) continue
      if (valueFeeds.has(id)) {
        warn('stopped-gradient', `Expected trainable \`${node.label}\` to get a gradient from an objective${panel.name}, got every path to one cut by a stop-gradient, a sample (\`~\`) or an environment`, node)
      } else {
        warn('no-gradient', `Expected trainable \`${node.label}\` to feed an objective${panel.name}, got no path to one: it gets no gradient`, node)
      }
    }
    // What lies behind each objective, found once for both rules below.
    const behindOf = new Map<string, Set<string>>()
    const behindObjective = (o: Objective) => {
      let behind = behindOf.get(o.node)
      // A gradient into any instance of a tied set reaches the set's one set of weights.
      if (!behind) behindOf.set(o.node, (behind = throughTies(reach([o.node], panelGradient), diagram)))
      return behind
    }
    out.push(...mixedDirections(panel, behindObjective, byId, everyTrainable))
    for (const objective of panel.objectives) {
      const behind = behindObjective(objective)
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

  const datasetLabels = new Set(diagram.nodes.filter((n) => n.kind === 'dataset').map((n) => n.label))
  const allObjectives = new Set(panels.flatMap((p) => p.objectives.map((o) => o.node)))
  const feedsAny = reach(allObjectives, parents)
  for (const node of diagram.nodes) {
    if ((node.kind === 'dataset' || node.kind === 'prior') && !feedsAny.has(node.id)) {
      warn('unused-source', `Expected ${node.kind === 'prior' ? 'prior' : 'data set'} \`${node.label}\` to feed an objective, got no path to one`, node)
    }
    const produced = (parents.get(node.id) ?? []).length > 0
    const consumed = (children.get(node.id) ?? []).length > 0
    const slice = node.sequence?.of !== undefined
    // A data set's name used as a variable has its own finding (`source-as-variable`); a variable trained in
    // some phase (`train z`) is its own source there, like `*z`.
    if (node.kind === 'variable' && consumed && !produced && !node.given && !node.trainable && !trainedInAPhase.has(node.id) && !slice && !datasetLabels.has(node.label)) {
      warn(
        'unproduced-variable',
        `Expected \`${node.label}\` to be sampled, computed or given, got a value from nowhere (write \`X ~ ${node.label}\`, or \`**${node.label}**\` for a given datum)`,
        node
      )
    }
  }
  return out
}
