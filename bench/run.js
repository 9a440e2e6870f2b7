// npm run bench: remark-dgm against Graphviz (wasm) and build-time Mermaid
// (Chromium), measured side by side in one run. Prints a table and writes
// bench/results.md. Medians; the tools are interleaved per figure so that
// noise on this shared machine hits all of them alike.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { Graphviz } from '@hpcc-js/wasm-graphviz'
import { render } from '../dist/core.js'
import { toDot, toMermaid } from './alternatives.js'
import { openMermaid } from './mermaid.js'
import { METHOD, growthTable, qualityTable } from './quality.js'
import { synthetic } from './synthetic.js'

// The hand-drawn originals' sizes, kept with the fixtures (source named there).
const originals = JSON.parse(readFileSync('fixtures/article/originals.json', 'utf8')).figures

const WARM_RUNS = 101
/** Renders of every graph, by both tools, before any is timed: until the JIT has compiled what a long build runs. */
const WARM_UP_ROUNDS = 200
const COLD_RUNS = 7
const MERMAID_RUNS = 21
const tmp = mkdtempSync(join(tmpdir(), 'dgm-bench-'))

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}
const ms = (f) => {
  const t = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t) / 1e6
}
/**
 * Medians of `ours` and `theirs` timed alternately, one of each per
 * repetition, so that load on this shared machine hits both alike; and the
 * median of their per-repetition ratio.
 */
function interleaved(ours, theirs) {
  const a = []
  const b = []
  const ratios = []
  for (let i = 0; i < WARM_RUNS; i++) {
    a.push(ms(ours))
    b.push(ms(theirs))
    ratios.push(b[i] / a[i])
  }
  return { ours: median(a), theirs: median(b), ratio: median(ratios) }
}
/** Wall time of a fresh process until it has written its first SVG and exited. */
function cold(args) {
  return median(
    Array.from({ length: COLD_RUNS }, () => {
      const t = process.hrtime.bigint()
      const result = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26 })
      if (!result.stdout.includes('<svg')) throw new Error(`no SVG from ${args.join(' ')}: ${result.stderr}`)
      return Number(process.hrtime.bigint() - t) / 1e6
    })
  )
}

/** Bytes after gzip (zlib's default level, as a web server sends it). */
const gzipped = (text) => gzipSync(text).length
const version = (name) => JSON.parse(readFileSync(`node_modules/${name}/package.json`, 'utf8')).version
const figures = readdirSync('fixtures/figures').sort().map((name) => ({ name, source: readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8'), drawio: originals.find((o) => o.name === name).drawioBytes, drawioGzip: originals.find((o) => o.name === name).drawioGzipBytes }))
const sized = [10, 30, 100, 300].map((n) => ({ name: `synthetic-${n}`, source: synthetic(n, 3), drawio: undefined }))

const graphviz = await Graphviz.load()
const graphs = [...figures, ...sized].map((g) => ({ ...g, dot: toDot(render(g.source).diagram) }))
for (let i = 0; i < WARM_UP_ROUNDS; i++) {
  for (const g of graphs.filter((g) => !g.name.startsWith('synthetic'))) {
    render(g.source).svg
    graphviz.dot(g.dot)
  }
}
const rows = []
for (const { name, source, drawio, drawioGzip, dot } of graphs) {
  const ours = render(source)
  const mmd = toMermaid(ours.diagram)
  const row = { name, nodes: ours.diagram.nodes.length, drawio, drawioGzip }
  const timed = interleaved(() => render(source).svg, () => graphviz.dot(dot))
  row.oursWarm = timed.ours
  row.gvWarm = timed.theirs
  row.gvRatio = timed.ratio
  const gvSvg = graphviz.dot(dot)
  row.oursBytes = Buffer.byteLength(ours.svg)
  row.oursGzip = gzipped(ours.svg)
  row.gvBytes = Buffer.byteLength(gvSvg)
  row.gvGzip = gzipped(gvSvg)
  row.mmd = ours.diagram.nodes.length <= 100 ? mmd : undefined
  rows.push(row)
  process.stderr.write(`${name} `)
}
process.stderr.write('\n')
// Mermaid's browser opens only now: on two cores, an idle Chromium beside the
// interleaved timings above would weigh on ours and Graphviz's alike.
const mermaid = await openMermaid()
for (const row of rows) {
  if (row.mmd === undefined) continue
  row.mmWarm = await mermaid.time(row.mmd, MERMAID_RUNS)
  const mmSvg = await mermaid.render(row.mmd)
  row.mmBytes = Buffer.byteLength(mmSvg)
  row.mmGzip = gzipped(mmSvg)
}
await mermaid.close()

// Cold start: a new process to its first SVG, on the simple classification figure.
const first = figures.find((f) => f.name === 'simple-classification')
const dgmFile = join(tmp, 'first.dgm')
writeFileSync(dgmFile, first.source)
const firstDiagram = render(first.source).diagram
writeFileSync(join(tmp, 'first.dot'), toDot(firstDiagram))
writeFileSync(join(tmp, 'first.mmd'), toMermaid(firstDiagram))
const coldRows = {
  ours: cold(['dist/cli.js', 'render', dgmFile]),
  graphviz: cold(['bench/once.js', 'graphviz', join(tmp, 'first.dot')]),
  mermaid: median(Array.from({ length: 3 }, () => cold(['bench/once.js', 'mermaid', join(tmp, 'first.mmd')])))
}

// What the plugin adds to a page's build (bench/plugin.js), in a process of its own.
const plugin = JSON.parse(execFileSync(process.execPath, ['bench/plugin.js', String(WARM_UP_ROUNDS), String(WARM_RUNS)], { encoding: 'utf8' }))
const flagship = plugin.with
const flagshipPlain = plugin.without
const flagshipFigures = plugin.render
// Differences of single runs are noisy; the ratio of the medians is the steadier (and higher) figure.
const pluginCost = (flagship - flagshipPlain) / flagshipFigures

// Layout quality and growth against Graphviz (bench/quality.js).
const quality = qualityTable(graphviz)
const growth = await growthTable(Graphviz)
process.stderr.write('\n')

const memory = JSON.parse(execFileSync(process.execPath, ['bench/memory.js'], { encoding: 'utf8' }))

// Growth from 10 to 300 nodes, as an exponent: 1 is linear, n log n is about 1.2 here.
const small = rows.find((r) => r.name === 'synthetic-10')
const large = rows.find((r) => r.name === 'synthetic-300')
const exponent = Math.log(large.oursWarm / small.oursWarm) / Math.log(large.nodes / small.nodes)
const nlogn = Math.log((large.nodes * Math.log(large.nodes)) / (small.nodes * Math.log(small.nodes))) / Math.log(large.nodes / small.nodes)

const f = (v, d = 2) => (v === undefined ? '–' : v.toFixed(d))
const ratio = (a, b) => (a === undefined || b === undefined ? '–' : `${(b / a).toFixed(1)}×`)
const header = '| diagram | nodes | ours ms | Graphviz ms | Mermaid ms | ours bytes | Graphviz bytes | Mermaid bytes | draw.io bytes | speed vs Graphviz | speed vs Mermaid | size vs Graphviz | size vs draw.io |'
const table = [header, header.replace(/[^|]/g, '-').replace(/\|-/g, '| -').replace(/-\|/g, ' |').replace(/--+/g, '---')]
for (const r of rows) {
  table.push(`| ${r.name} | ${r.nodes} | ${f(r.oursWarm, 3)} | ${f(r.gvWarm, 3)} | ${f(r.mmWarm, 1)} | ${r.oursBytes} | ${r.gvBytes} | ${r.mmBytes ?? '–'} | ${r.drawio ?? '–'} | ${r.gvRatio.toFixed(1)}× | ${ratio(r.oursWarm, r.mmWarm)} | ${ratio(r.oursBytes, r.gvBytes)} | ${ratio(r.oursBytes, r.drawio)} |`)
}
const kb = (raw, gz) => (raw === undefined ? '–' : `${raw} / ${gz ?? '–'}`)
const sizeTable = [
  '| diagram | ours raw / gzip | Graphviz raw / gzip | Mermaid raw / gzip | draw.io raw / gzip | gzip vs Graphviz | gzip vs draw.io |',
  '| --- | --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.name} | ${kb(r.oursBytes, r.oursGzip)} | ${kb(r.gvBytes, r.gvGzip)} | ${kb(r.mmBytes, r.mmGzip)} | ${kb(r.drawio, r.drawioGzip)} | ${ratio(r.oursGzip, r.gvGzip)} | ${ratio(r.oursGzip, r.drawioGzip)} |`)
]
const coldTable = [
  '| cold start (new process → first SVG) | ms | ours is faster by |',
  '| --- | --- | --- |',
  `| remark-dgm (\`dgm render\`) | ${f(coldRows.ours, 0)} | – |`,
  `| Graphviz wasm | ${f(coldRows.graphviz, 0)} | ${ratio(coldRows.ours, coldRows.graphviz)} |`,
  `| Mermaid in Chromium | ${f(coldRows.mermaid, 0)} | ${ratio(coldRows.ours, coldRows.mermaid)} |`
]
const figuresOnly = rows.filter((r) => r.drawio)
const targets = [
  `- Warm, at least 2× faster than Graphviz on every article figure: ${figuresOnly.every((r) => r.gvRatio >= 2) ? 'yes' : 'NO'} (slowest ratio ${Math.min(...figuresOnly.map((r) => r.gvRatio)).toFixed(1)}×)`,
  `- Cold, faster than Graphviz: ${coldRows.ours < coldRows.graphviz ? 'yes' : 'NO'}; at least 10× sooner than Mermaid: ${coldRows.mermaid / coldRows.ours >= 10 ? 'yes' : 'NO'} (${(coldRows.mermaid / coldRows.ours).toFixed(1)}×)`,
  `- Scale: time grows as n^${exponent.toFixed(2)} from 10 to 300 nodes (n log n would be n^${nlogn.toFixed(2)}); 300 nodes in ${f(large.oursWarm, 1)} ms (target < 50 ms)`,
  `- Page weight: every figure at most a third of its draw.io original: ${figuresOnly.every((r) => r.oursBytes * 3 <= r.drawio) ? 'yes' : 'NO'}; smaller than Graphviz's SVG: ${figuresOnly.every((r) => r.oursBytes < r.gvBytes) ? 'yes' : 'NO'}; gzipped, smaller than both: ${figuresOnly.every((r) => r.oursGzip < r.gvGzip && r.oursGzip < r.drawioGzip) ? 'yes' : 'NO'}`,
  `- Memory: 1,000 diagrams in one process peak at ${memory.peakRssMb.toFixed(0)} MB RSS (target < 100 MB)`,
  `- The flagship article (nine figures) through remark → remark-dgm → rehype, warm, in a process of its own (bench/plugin.js): ${f(flagship, 1)} ms (${f(flagshipPlain, 1)} ms without remark-dgm; its nine figures alone render in ${f(flagshipFigures, 1)} ms)`,
  `- The remark plugin's cost per page at most twice the rendering itself: ${pluginCost <= 2 ? 'yes' : 'NO'} (${pluginCost.toFixed(2)}×: median with the plugin, less the median without, over the median of rendering the nine alone)`,
  `- Crossings, corpus and figures: ours ${quality.ours} against dot's ${quality.dot} (target: no more than dot's): ${quality.ours <= quality.dot ? 'yes' : 'NO'}; against dot held to the same rules (sources on top, objectives at the bottom, samples in the order written), ${quality.dotConstrained}: ${quality.ours <= quality.dotConstrained ? 'yes' : 'NO'}; shared tracks ${quality.shared} (target 0): ${quality.shared === 0 ? 'yes' : 'NO'}`,
  `- Growth, time(1,000) / time(100) at most 15 for every shape: ${growth.summary.every((s) => s.ratio <= 15) ? 'yes' : 'NO'} (${growth.summary.map((s) => `${s.shape} ${s.ratio.toFixed(1)}`).join(', ')}); faster than dot at every size: ${growth.summary.every((s) => s.faster) ? 'yes' : `NO (not ${growth.summary.filter((s) => !s.faster).map((s) => s.shape).join(', ')})`}`
]
const cpu = cpus()[0]?.model ?? 'unknown'
const md = `# Benchmark results

Run: ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${cpus().length} × ${cpu}
Versions: remark-dgm ${JSON.parse(readFileSync('package.json', 'utf8')).version}, @hpcc-js/wasm-graphviz ${version('@hpcc-js/wasm-graphviz')}, mermaid ${version('mermaid')} in ${execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim()} via playwright-core ${version('playwright-core')}, unified ${version('unified')}.
Method: warm times are medians of ${WARM_RUNS} renders, ours and Graphviz alternating within each repetition, after ${WARM_UP_ROUNDS} warm-up rounds over every article figure by both; the speed ratio against Graphviz is the median of the per-repetition ratios (Mermaid: ${MERMAID_RUNS}, timed inside the page, one page reused, its browser opened only after ours and Graphviz were timed); cold times are medians of ${COLD_RUNS} new processes (Mermaid: 3 × ${COLD_RUNS}). Each tool draws the same graph (bench/alternatives.js); ours is timed to the SVG text (\`render(source).svg\`), as Graphviz returns text. Ratios: how many times faster or smaller ours is.

${table.join('\n')}

## Sizes, raw and gzipped (bytes)

${sizeTable.join('\n')}

${coldTable.join('\n')}

## Layout quality against Graphviz

${quality.markdown}

## Growth per graph shape

${growth.markdown}

${METHOD}

## Targets

${targets.join('\n')}
`
writeFileSync('bench/results.md', md)
console.log(md)
