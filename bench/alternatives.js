// The same graphs for the alternatives a user would pick instead: Graphviz
// (dot) and Mermaid (flowchart), drawn as faithfully as each allows: sources
// as boxes, modules as boxes, ops as circles/ellipses, variables as plain text.

/** @param {string} text */
const quote = (text) => JSON.stringify(text)

/** @param {import('../dist/core.js').DiagramNode} node */
function plain(node) {
  return node.text.map((run) => run.text).join('')
}

/**
 * A Graphviz DOT source for a diagram.
 * @param {import('../dist/core.js').Diagram} diagram
 * Dot's default edge router (splines, no `splines` attribute): its faster
 * one, against which every comparison here is made.
 * @param {{ constrained?: boolean }} [options] `constrained`: hold dot to
 *   the notation's own rules as far as DOT can say them, to compare layouts
 *   under the same rules: data sets and priors on the top rank (`rank=min`),
 *   the objectives on the bottom rank (`rank=max`), and the samples of one
 *   source in the order written (chained by invisible flat edges, which also
 *   keep them close). Ops entered from their sides
 *   has no DOT equivalent that leaves the side to dot, so it is not asked for.
 */
export function toDot(diagram, { constrained = false } = {}) {
  const lines = ['digraph G {', 'rankdir=TB; node [fontname="Helvetica"]; edge [arrowsize=0.6];']
  diagram.nodes.forEach((node, i) => {
    const shape = { dataset: 'box', prior: 'box', module: 'box', op: 'ellipse', variable: 'plaintext' }[node.kind]
    const style = node.kind === 'prior' ? ' style=rounded' : ''
    lines.push(`n${i} [label=${quote(plain(node))} shape=${shape}${style}${node.trainable ? ' xlabel="*"' : ''}];`)
  })
  const index = new Map(diagram.nodes.map((n, i) => [n.id, i]))
  const name = (/** @type {string} */ id) => `n${index.get(id)}`
  for (const w of diagram.wires) lines.push(`${name(w.from)} -> ${name(w.to)}${w.kind === 'sample' ? ' [arrowhead=none style=dashed]' : ''};`)
  if (constrained) {
    const sources = diagram.nodes.filter((n) => n.kind === 'dataset' || n.kind === 'prior').map((n) => name(n.id))
    const objectives = new Set([...diagram.objectives, ...diagram.phases.flatMap((p) => p.objectives)].map((o) => name(o.node)))
    lines.push(`{rank=min; ${sources.join('; ')}}`, `{rank=max; ${[...objectives].join('; ')}}`)
    /** @type {Map<string, string[]>} */
    const samples = new Map()
    for (const w of diagram.wires) if (w.kind === 'sample') samples.set(w.from, [...(samples.get(w.from) ?? []), name(w.to)])
    // In the written order: invisible flat edges, which dot keeps left to right
    // and short. Not in a cluster as well: inside one, dot lets them turn round.
    for (const vars of samples.values()) if (vars.length > 1) lines.push(`{rank=same; ${vars.join(' -> ')} [style=invis]}`)
  }
  lines.push('}')
  return lines.join('\n')
}

/**
 * A Mermaid flowchart for a diagram.
 * @param {import('../dist/core.js').Diagram} diagram
 */
export function toMermaid(diagram) {
  const lines = ['flowchart TB', 'classDef v fill:none,stroke:none']
  diagram.nodes.forEach((node, i) => {
    const label = quote(plain(node).replace(/"/g, "'"))
    const shape = { dataset: `[${label}]`, prior: `(${label})`, module: `[${label}]`, op: `((${label}))`, variable: `[${label}]:::v` }[node.kind]
    lines.push(`  n${i}${shape}`)
  })
  const index = new Map(diagram.nodes.map((n, i) => [n.id, i]))
  for (const w of diagram.wires) lines.push(`  n${index.get(w.from)} ${w.kind === 'sample' ? '-.-' : '-->'} n${index.get(w.to)}`)
  return lines.join('\n')
}
