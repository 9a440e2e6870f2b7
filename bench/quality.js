// Layout quality and growth, ours against Graphviz `dot` on the same graphs:
// crossings per panel and bends for every corpus diagram and article figure,
// and render time per graph shape from 10 to 1,000 nodes. `node bench/quality.js`
// prints both tables; bench/run.js puts them in bench/results.md.
import { readFileSync, readdirSync } from 'node:fs'
import { runnerImport } from 'vite'
import { analyze, render } from '../dist/core.js'
import { place } from '../dist/layout/layout.js'
import { crossings } from '../dist/layout/order.js'
import { toDot } from './alternatives.js'
import { SHAPES } from './synthetic.js'

// The geometry checker the tests use, loaded from its TypeScript source, so that
// the table counts exactly what the tests hold the layout to.
const { module: geometry } = await runnerImport('./tests/geometry.ts')
// The exhaustive search the order phase is tested against (tests/crossings-minimum.test.ts).
const { module: exact } = await runnerImport('./tests/exact-order.ts')

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const ms = (f) => {
  const t = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t) / 1e6
}

/** Points along a Graphviz B-spline (cubic pieces sharing end points), 16 per piece. */
function flatten(points) {
  const out = [points[0]]
  for (let i = 0; i + 3 < points.length; i += 3) {
    const [p0, p1, p2, p3] = points.slice(i, i + 4)
    for (let s = 1; s <= 16; s++) {
      const t = s / 16
      const u = 1 - t
      const at = (k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k]
      out.push([at(0), at(1)])
    }
  }
  return out
}

/** Where segments ab and cd cross in both interiors, if they do. */
function intersect(a, b, c, d) {
  const den = (b[0] - a[0]) * (d[1] - c[1]) - (b[1] - a[1]) * (d[0] - c[0])
  if (den === 0) return undefined
  const t = ((c[0] - a[0]) * (d[1] - c[1]) - (c[1] - a[1]) * (d[0] - c[0])) / den
  const u = ((c[0] - a[0]) * (b[1] - a[1]) - (c[1] - a[1]) * (b[0] - a[0])) / den
  const eps = 1e-9
  return t > eps && t < 1 - eps && u > eps && u < 1 - eps ? [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])] : undefined
}

/**
 * Crossings in dot's drawing, counted as ours are: pairs of edges that share
 * neither tail nor head, one per place their curves cross (the béziers of
 * dot's json output flattened to 16 segments per piece; crossings closer than
 * 2 pt merged, as a flattened curve can cross another twice at one place).
 */
export function dotCrossings(graphviz, dot) {
  const layout = JSON.parse(graphviz.layout(dot, 'json', 'dot'))
  // The invisible edges that hold samples in order are not drawn.
  const edges = (layout.edges ?? []).filter((e) => e.style !== 'invis').map((e) => ({
    tail: e.tail,
    head: e.head,
    lines: e._draw_.filter((op) => op.op === 'b' || op.op === 'B').map((op) => flatten(op.points))
  }))
  let count = 0
  for (let i = 0; i < edges.length; i++) {
    for (let j = i + 1; j < edges.length; j++) {
      const [e, f] = [edges[i], edges[j]]
      if (e.tail === f.tail || e.head === f.head) continue
      const found = []
      for (const p of e.lines) {
        for (const q of f.lines) {
          for (let a = 0; a + 1 < p.length; a++) {
            for (let c = 0; c + 1 < q.length; c++) {
              const x = intersect(p[a], p[a + 1], q[c], q[c + 1])
              if (x && !found.some((y) => Math.hypot(x[0] - y[0], x[1] - y[1]) < 2)) found.push(x)
            }
          }
        }
      }
      count += found.length
    }
  }
  return count
}

const diagrams = () =>
  ['fixtures/figures', 'fixtures/corpus'].flatMap((folder) =>
    readdirSync(folder, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => ({ name: `${folder.split('/')[1]}/${d.name}`, source: readFileSync(`${folder}/${d.name}/input.dgm`, 'utf8') }))
  )

/** The fewest crossings any order of our ranks could have under the notation's rules; '–' where the search is too large. */
function minimumFor(diagram) {
  const { layered } = place({ ...diagram, wires: diagram.wires.filter((w) => !w.store) })
  // Bounded from the start by the order our layout found.
  return exact.minimumCrossings(layered.ranks, undefined, crossings(layered.ranks)) ?? '–'
}

/** Crossings per panel (ours: panel 0; every panel draws the same layout) and bends, ours against dot. */
export function qualityTable(graphviz) {
  const rows = diagrams().map(({ name, source }) => {
    const { scene, diagram } = render(source)
    const shared = geometry.sharedTracks(scene).filter((p) => p.detail.endsWith('(panel 0)')).length
    return {
      name,
      nodes: diagram.nodes.length,
      ours: geometry.crossings(scene, 0),
      minimum: minimumFor(diagram),
      dot: dotCrossings(graphviz, toDot(diagram)),
      dotConstrained: dotCrossings(graphviz, toDot(diagram, { constrained: true })),
      bends: geometry.bends(scene, 0),
      shared
    }
  })
  const sum = (key) => rows.reduce((s, r) => s + r[key], 0)
  const lines = [
    '| diagram | nodes | our crossings | fewest possible for our ranks | dot crossings | dot crossings, same rules | our bends | our shared tracks |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${r.nodes} | ${r.ours} | ${r.minimum} | ${r.dot} | ${r.dotConstrained} | ${r.bends} | ${r.shared} |`),
    `| **total** | ${sum('nodes')} | ${sum('ours')} | ${rows.every((r) => typeof r.minimum === 'number') ? sum('minimum') : '–'} | ${sum('dot')} | ${sum('dotConstrained')} | ${sum('bends')} | ${sum('shared')} |`
  ]
  return { rows, markdown: lines.join('\n'), ours: sum('ours'), dot: sum('dot'), dotConstrained: sum('dotConstrained'), shared: sum('shared') }
}

const SIZES = [10, 30, 100, 300, 1000]
/** Repetitions per size: fewer where one render takes seconds. */
const REPS = { 10: 21, 30: 15, 100: 11, 300: 7, 1000: 5 }
/** Renders timed together per repetition, per size (the time reported is per render). */
const BATCH = { 10: 10, 30: 5 }

/**
 * Render time per shape and size, ours against dot (default splines),
 * interleaved per repetition. Graphviz in wasm gives up on some large graphs
 * ("Layout was not done", an empty result) and is unusable afterwards: such a
 * case is marked failed and Graphviz is loaded afresh for the next one.
 */
export async function growthTable(Graphviz) {
  let graphviz = await Graphviz.load()
  const dotWorks = (dot) => {
    try {
      return graphviz.dot(dot).includes('</svg>')
    } catch {
      return false
    }
  }
  const cases = Object.entries(SHAPES).flatMap(([shape, make]) =>
    SIZES.map((size) => {
      const source = make(size, 1)
      return { shape, size, source, dot: toDot(render(source).diagram), ours: [], gv: [] }
    })
  )
  for (const c of cases) {
    render(c.source).svg
    c.dotFailed = !dotWorks(c.dot)
    if (c.dotFailed) {
      Graphviz.unload()
      graphviz = await Graphviz.load()
    }
    // A repetition of a small graph times a batch: one render is a fraction of a millisecond, near the timer's and the GC's noise.
    const batch = BATCH[c.size] ?? 1
    const times = (f) => ms(() => {
      for (let i = 0; i < batch; i++) f()
    }) / batch
    for (let i = 0; i < 3; i++) {
      render(c.source).svg
      if (!c.dotFailed) graphviz.dot(c.dot)
    }
    for (let r = 0; r < REPS[c.size]; r++) {
      c.ours.push(times(() => render(c.source).svg))
      if (!c.dotFailed) c.gv.push(times(() => graphviz.dot(c.dot)))
    }
    process.stderr.write('.')
  }
  const f = (v) => (v === undefined ? 'failed' : v < 10 ? v.toFixed(2) : v.toFixed(0))
  const lines = [
    `| shape | ${SIZES.map((n) => `${n}: ours / dot ms`).join(' | ')} | ours t(1000)/t(100) | dot t(1000)/t(100) | ours faster at every size |`,
    `| --- | ${SIZES.map(() => '---').join(' | ')} | --- | --- | --- |`
  ]
  const summary = []
  for (const shape of Object.keys(SHAPES)) {
    const row = cases.filter((c) => c.shape === shape).map((c) => ({ ...c, ours: median(c.ours), gv: c.dotFailed ? undefined : median(c.gv) }))
    const at = (n) => row.find((c) => c.size === n)
    const ratio = at(1000).ours / at(100).ours
    // Where dot fails, ours (which draws) counts as faster.
    const faster = row.every((c) => c.gv === undefined || c.ours < c.gv)
    summary.push({ shape, ratio, faster })
    const dotRatio = at(1000).gv === undefined ? '–' : (at(1000).gv / at(100).gv).toFixed(1)
    lines.push(`| ${shape} | ${row.map((c) => `${f(c.ours)} / ${f(c.gv)}`).join(' | ')} | ${ratio.toFixed(1)} | ${dotRatio} | ${faster ? 'yes' : 'NO'} |`)
  }
  return { markdown: lines.join('\n'), summary }
}

export const METHOD = `Graphviz: @hpcc-js/wasm-graphviz, engine \`dot\`, default splines (no \`splines\` attribute), rankdir=TB, the same nodes and edges (bench/alternatives.js). Our crossings: proper crossings of wire segments in panel 0 between wires that share neither source nor target (tests/geometry.ts \`crossings\`); a phased diagram draws the same layout in every panel. Dot's crossings: the same pairs of edges, counted on dot's json output, each edge's B-spline (\`_draw_\` op \`b\`) flattened to 16 segments per cubic piece, crossings closer than 2 pt merged. Dot, same rules: the same graph with the notation's rules that DOT can state (data sets and priors on the top rank, objectives on the bottom rank, one source's samples in the order written, chained by invisible flat edges (an invisible cluster would keep them together, but inside one dot does not keep flat edges' order); ops entered from the side cannot be asked of dot without choosing the side for it). Fewest possible for our ranks: exhaustive search over every order of every rank of our layered graph (dummies included) that keeps one source's samples side by side in the order written and each group together (tests/exact-order.ts), the bilayer crossings the order phase minimises (our drawings cross that many times or fewer, as a fan-out drawn as one bus crosses a wire once and pairs of wires that share an end are not counted, except where a back wire runs round the side or a write into a buffer round the drawing, outside the ranks); \`–\` where a rank holds more than 8 nodes or the search passes its budget. Bends: turns of our wires in panel 0. Growth: shapes from bench/synthetic.js at seed 1 (\`failed\`: Graphviz wasm returned no drawing, \"Layout was not done\"); after 3 warm-up renders each, medians of ${Object.values(REPS).join('/')} repetitions at ${SIZES.join('/')} nodes (a repetition at ${Object.keys(BATCH).join(' and ')} nodes times ${Object.values(BATCH).join(' and ')} renders in a row, reported per render), ours and dot alternating within each repetition.`

if (import.meta.url === `file://${process.argv[1]}`) {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz')
  const graphviz = await Graphviz.load()
  const quality = qualityTable(graphviz)
  console.log(quality.markdown)
  console.log(`\nours ${quality.ours}, dot ${quality.dot}, dot under the same rules ${quality.dotConstrained}, shared tracks ${quality.shared}\n`)
  if (!process.argv.includes('--no-growth')) console.log((await growthTable(Graphviz)).markdown)
  console.log(`\n${METHOD}`)
}
