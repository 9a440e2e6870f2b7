/**
 * Every corpus diagram, the nine article figures and 300 generated diagrams
 * per run must analyse without errors and pass every geometry rule. What
 * today's layout still breaks is written down, diagram → rule → count, in
 * fixtures/corpus/known-failures.json and compared exactly: a layout that
 * fixes something shows as a readable diff of that file (rewrite it with
 * UPDATE=1 after reading the diff), one that breaks something fails.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { SHAPES } from '../bench/synthetic.js'
import { failureCounts } from './geometry.js'
import { golden } from './golden.js'

const dgm = (folder: string) =>
  readdirSync(folder, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => ({ name: `${folder.split('/').pop()}/${d.name}`, source: readFileSync(`${folder}/${d.name}/input.dgm`, 'utf8') }))

const corpus = dgm('fixtures/corpus')
const figures = dgm('fixtures/figures')

/** 300 generated diagrams, every shape at sizes from 3 to 50 nodes; fixed seeds, so the counts are exact. */
const shapes = Object.entries(SHAPES)
const generated = Array.from({ length: 300 }, (_, i) => {
  const [shape, make] = shapes[i % shapes.length]!
  return { name: `random/${shape}`, source: make(3 + ((i * 37) % 48), i + 1) }
})

test('the corpus has at least 40 diagrams, each with a caption', () => {
  expect(corpus.length).toBeGreaterThanOrEqual(40)
  for (const { name, source } of corpus) expect(source, name).toMatch(/^caption: \S/m)
})

describe('every diagram analyses without errors', () => {
  for (const { name, source } of [...corpus, ...figures]) {
    test(name, () => {
      expect(analyze(source).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    })
  }
  test('300 generated diagrams', () => {
    for (const { name, source } of generated) expect(analyze(source).diagnostics.filter((d) => d.severity === 'error'), `${name}\n${source}`).toEqual([])
  })
})

test('geometry rules: failures are exactly the known ones', () => {
  const failures: Record<string, Record<string, number>> = {}
  for (const { name, source } of [...figures, ...corpus, ...generated]) {
    const found = failureCounts(render(source).scene)
    // Generated diagrams are summed per shape: the file says which shapes fail which rule and how often.
    const into = (failures[name] ??= {})
    for (const [kind, n] of Object.entries(found)) into[kind] = (into[kind] ?? 0) + n
  }
  const sorted = Object.fromEntries(
    Object.entries(failures)
      .filter(([, rules]) => Object.keys(rules).length)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, rules]) => [name, Object.fromEntries(Object.entries(rules).sort(([a], [b]) => (a < b ? -1 : 1)))])
  )
  golden('fixtures/corpus/known-failures.json', `${JSON.stringify(sorted, null, 2)}\n`)
})
