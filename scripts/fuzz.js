// npm run fuzz [-- --count N] [--seed S]: renders N fuzzed inputs (default
// 10⁶) and fails on anything but an SVG that parses as XML or a DgmError.
// Most inputs are cheap strings (random text, token soup, mutated figures);
// a share are graph shapes (8 %), small ones often and ones at and just over
// the limits rarely (1 in 1000), so that a full run takes minutes, not hours.
//
// npm run fuzz -- --limits: times the worst-case shapes at each limit (the
// README's "Limits" table).
import { parseArgs } from 'node:util'
import fc from 'fast-check'
import { render } from '../dist/compile.js'
import { DgmError } from '../dist/diagnostics.js'
import * as limits from '../dist/limits.js'
import { parseXml } from '../tests/safety.js'
import { graphShapes, mutatedFigures, randomDag, tokenSoup } from '../tests/shapes.js'

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '12' },
    limits: { type: 'boolean', default: false }
  }
})

/**
 * Render `source`: how long it took (ms), whether it drew, and the SVG's size. Throws on
 * anything but an SVG that parses as XML or a DgmError.
 */
function renderChecked(source) {
  const start = performance.now()
  let svg
  let refused
  try {
    svg = render(source).svg
  } catch (error) {
    if (!(error instanceof DgmError)) throw error
    refused = [...new Set(error.diagnostics.filter((d) => d.severity === 'error').map((d) => d.ruleId))].join(', ')
  }
  const ms = performance.now() - start
  if (svg !== undefined) parseXml(svg)
  return { ms, drawn: svg !== undefined, bytes: svg?.length ?? 0, refused }
}

function fuzz(count, seed) {
  const inputs = fc.oneof(
    { weight: 300, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
    { weight: 300, arbitrary: tokenSoup() },
    { weight: 300, arbitrary: mutatedFigures() },
    { weight: 60, arbitrary: graphShapes(0.05, limits) },
    { weight: 20, arbitrary: graphShapes(0.2, limits) },
    { weight: 1, arbitrary: graphShapes(1, limits) }
  )
  let done = 0
  let dgmErrors = 0
  let slowest = { ms: 0, source: '' }
  const start = performance.now()
  fc.assert(
    fc.property(inputs, (source) => {
      const { ms, drawn } = renderChecked(source)
      if (!drawn) dgmErrors++
      if (ms > slowest.ms) slowest = { ms, source }
      if (++done % 100_000 === 0) console.error(`${done} inputs, ${((performance.now() - start) / 1000).toFixed(0)} s`)
    }),
    { seed, numRuns: count }
  )
  const seconds = (performance.now() - start) / 1000
  console.log(`inputs: ${done} (seed ${seed})`)
  console.log(`time: ${seconds.toFixed(0)} s (${(done / seconds).toFixed(0)} inputs/s)`)
  console.log(`rendered: ${done - dgmErrors}, every SVG parsed as XML; DgmError: ${dgmErrors}; anything else: 0`)
  console.log(`slowest call: ${slowest.ms.toFixed(0)} ms, ${slowest.source.length} characters, ${slowest.source.split('\n').length} lines: ${JSON.stringify(slowest.source.slice(0, 80))}…`)
}

const names = (n, name) => Array.from({ length: n }, (_, i) => name(i))

/** The shapes measured at each limit: the slowest of each row is the worst case. */
function worstCases() {
  const { MAX_NODES, MAX_WIRES, MAX_LAYOUT_CELLS, MAX_PHASE_ELEMENTS, MAX_LABEL_CHARS, MAX_CAPTION_CHARS, MAX_HINT_CHARS, MAX_HINTS } = limits
  const side = Math.floor(Math.sqrt(MAX_WIRES))
  const hint = (i) => `n_${String(i).padStart(MAX_HINT_CHARS - 3, '0')}`
  return [
    ['MAX_WIRES', MAX_WIRES, [
      [`random DAG, 150 nodes, ${MAX_WIRES} wires`, randomDag(150, MAX_WIRES).join('\n')],
      [`random DAG, 90 nodes, ${MAX_WIRES} wires`, randomDag(90, MAX_WIRES).join('\n')],
      [`random DAG, 60 nodes, ${MAX_WIRES} wires`, randomDag(60, MAX_WIRES).join('\n')],
      [`random DAG, 300 nodes, ${MAX_WIRES} wires`, randomDag(300, MAX_WIRES).join('\n')],
      [`random DAG, 1000 nodes, ${MAX_WIRES} wires`, randomDag(1000, MAX_WIRES).join('\n')],
      [`bipartite ${side} × ${side}`, `${names(side, (i) => `a${i}`).join(', ')} -> ${names(side, (i) => `b${i}`).join(', ')}`],
      [`chain of ${MAX_WIRES / 2} with a wire from the first node to each`, `${names(MAX_WIRES / 2, (i) => `v${i}`).join(' -> ')}\n${names(MAX_WIRES / 2 - 1, (i) => `v0 -> v${i + 1}`).join('\n')}`],
      [`chain of ${MAX_WIRES / 2} with wires v_i -> v_(n-1-i)`, `${names(MAX_WIRES / 2 + 1, (i) => `v${i}`).join(' -> ')}\n${names(MAX_WIRES / 4, (i) => `v${i} -> v${MAX_WIRES / 2 - i}`).join('\n')}`],
      [`${MAX_WIRES} wires, all in cycles`, `${names(side, (i) => `a${i}`).join(', ')} -> ${names(side, (i) => `b${i}`).join(', ')}\n${names(MAX_WIRES - side * side, (i) => `b${i} -> a${i}`).join('\n')}`]
    ]],
    ['MAX_LAYOUT_CELLS', MAX_LAYOUT_CELLS, [
      [`random DAG, 600 nodes, ${MAX_WIRES} wires`, randomDag(600, MAX_WIRES).join('\n')],
      [`random DAG, 400 nodes, 1500 wires`, randomDag(400, 1500).join('\n')],
      ...[0.95, 1.05].map((f) => {
        const n = Math.floor(Math.sqrt(2 * MAX_LAYOUT_CELLS * f))
        return [`chain of ${n} with a wire from the first node to each`, `${names(n + 1, (i) => `v${i}`).join(' -> ')}\n${names(n, (i) => `v0 -> v${i + 1}`).join('\n')}`]
      })
    ]],
    ['MAX_NODES', MAX_NODES, [
      [`${MAX_NODES} nodes, one group`, names(MAX_NODES, (i) => `n${i}`).join(', ')],
      [`${MAX_NODES} nodes, random DAG of ${MAX_WIRES} wires`, randomDag(MAX_NODES, MAX_WIRES).join('\n')],
      [`${MAX_NODES} nodes of ${MAX_LABEL_CHARS}-character labels`, names(MAX_NODES, (i) => `${i}`.padEnd(MAX_LABEL_CHARS, 'x')).join(', ')]
    ]],
    ['MAX_PHASE_ELEMENTS', MAX_PHASE_ELEMENTS, [
      [`61 nodes + 60 wires × ${Math.floor(MAX_PHASE_ELEMENTS / 121)} phases`, `${names(61, (i) => `v${i}`).join(' -> ')}\n${names(Math.floor(MAX_PHASE_ELEMENTS / 121), () => 'phase: min v60').join('\n')}`],
      [`4 nodes + 3 wires × ${Math.floor(MAX_PHASE_ELEMENTS / 7)} phases`, `X ~ x\nx -> *[f] -> (loss)\n${names(Math.floor(MAX_PHASE_ELEMENTS / 7), (i) => `phase (${i}): train f; min loss`).join('\n')}`],
      [`${side} × ${side} bipartite × ${Math.floor(MAX_PHASE_ELEMENTS / (side * side + 2 * side))} phases`, `${names(side, (i) => `a${i}`).join(', ')} -> ${names(side, (i) => `b${i}`).join(', ')}\n${names(Math.floor(MAX_PHASE_ELEMENTS / (side * side + 2 * side)), () => 'phase: min b0').join('\n')}`]
    ]],
    ['MAX_LABEL_CHARS', MAX_LABEL_CHARS, [
      [`${MAX_LABEL_CHARS}-character labels of \\mathcal and spaces, sub- and superscripts`, names(100, (i) => `"${`${i}\\mathcal${' '.repeat(MAX_LABEL_CHARS - 20)}x_{a}^b`.slice(0, MAX_LABEL_CHARS)}"`).join(' -> ')]
    ]],
    ['MAX_CAPTION_CHARS', MAX_CAPTION_CHARS, [[`caption of ${MAX_CAPTION_CHARS} characters`, `caption: ${'c'.repeat(MAX_CAPTION_CHARS)}\nx -> y`]]],
    ['MAX_HINT_CHARS, MAX_HINTS', `${MAX_HINT_CHARS}, ${MAX_HINTS}`, [
      [`${MAX_NODES} names of ${MAX_HINT_CHARS - 1} characters, 5000 unknown names one edit away`, `${names(MAX_NODES, hint).join(', ')}\n${names(5000, (i) => `min ${hint(i % MAX_NODES)}x`).join('\n')}`]
    ]]
  ]
}

function measureLimits() {
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  console.log('| limit | value | worst input measured | bytes | outcome | time (median of 3) |')
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const [limit, value, shapes] of worstCases()) {
    for (const [shape, source] of shapes) {
      const runs = [0, 1, 2].map(() => renderChecked(source))
      const times = runs.map((r) => r.ms)
      const outcome = runs[0].drawn ? `drawn, ${Math.round(runs[0].bytes / 1024)} KB of SVG` : `refused (${runs[0].refused})`
      console.log(`| \`${limit}\` | ${value} | ${shape} | ${source.length} | ${outcome} | ${median(times).toFixed(0)} ms |`)
    }
  }
}

if (values.limits) measureLimits()
else fuzz(Number(values.count), Number(values.seed))
