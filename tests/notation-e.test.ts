/**
 * Issue 11, environments and buffers: `environment Env: a -> s', r` and
 * `store s, a in D` from syntax to drawing, the checker's rules for them,
 * the sampled-wire rule (a node that hangs a tilde sends its value wires from
 * its side), the e-* gallery under the geometry rules, exports, and property
 * tests over the new syntax.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createHighlighter, type BundledLanguage } from 'shiki'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import { toDrawio } from '../src/export/drawio.js'
import { toMermaid } from '../src/export/mermaid.js'
import type { Point, SceneWire } from '../src/layout/scene.js'
import { galleryFigures, galleryIsClean, gallerySource, knownFailures, noCrashOver } from './gallery.js'
import { problems } from './geometry.js'

const REINFORCE = `environment Env: a -> s', r
carry s' -> s from s_0
s -> *[policy] -> \\pi
\\pi ~ a
\\pi, a -> (log) -> log\\pi
log\\pi, r -> (·) -> L
min L`

const BUFFER = `Q_1, Q_2 = *[Q]
environment Env: a -> s', r
carry s' -> s from s_0
s -> Q_1 -> q -> (greedy) -> a
store s, a, r, s' in D
D ~ s_j, a_j, r_j
s_j, a_j -> Q_2 -> q_j
q_j, r_j -> (TD) -> L
min L`

const ids = (wires: { from: string; to: string }[]) => wires.map((w) => `${w.from}>${w.to}`)

describe('environment', () => {
  test('is a node of its own, wired from the action and to what it gives back', () => {
    const { diagram, diagnostics } = analyze(REINFORCE)
    expect(diagnostics).toEqual([])
    const env = diagram.nodes.find((n) => n.id === 'Env')!
    expect(env).toMatchObject({ kind: 'module', environment: true, trainable: false })
    expect(ids(diagram.wires.filter((w) => w.from === 'Env' || w.to === 'Env'))).toEqual(['a>Env', 'Env>s\'', 'Env>r'])
  })
  test('takes and gives back variables only; a malformed line names what was expected', () => {
    expect(analyze('environment Env: [f] -> s').diagnostics).toMatchObject([{ ruleId: 'environment-term', message: 'Expected the action the environment takes (a variable), got `[f]`' }])
    expect(analyze('environment Env a -> s').diagnostics[0]!.message).toMatch(/^Expected `:` after the environment's name/)
    expect(analyze('environment Env: a').diagnostics[0]!.message).toMatch(/^Expected `->` and what the environment gives back/)
  })
  test('near misses name the keyword meant', () => {
    expect(analyze('env Env: a -> s').diagnostics).toMatchObject([{ ruleId: 'unknown-keyword', message: 'Expected a statement, got `env`, which is not a keyword; did you mean `environment`?' }])
    expect(analyze('D ~ x\npush x in D').diagnostics[0]!.message).toContain('did you mean `store`?')
    expect(analyze('env -> [f] -> y').diagnostics).toEqual([])
  })
  test('`environment` and `store` followed by an arrow or a comma are variables', () => {
    const { diagram, diagnostics } = analyze('environment -> [f] -> store\nstore, x -> (g)')
    expect(diagnostics).toEqual([])
    expect(diagram.nodes.map((n) => n.id)).toEqual(['environment', '[f]', 'store', 'x', '(g)'])
  })
  test('no gradient flows back through it: a trainable element behind it alone gets stopped-gradient', () => {
    const found = analyze('environment Env: a -> r\nX ~ x\nx -> *[f] -> a\nr -> (neg) -> L\nmin L').diagnostics
    expect(found.map((d) => d.ruleId)).toEqual(['stopped-gradient', 'untrained-objective'])
    expect(found[0]!.message).toContain('or an environment')
  })
  test('an action nothing produces is unproduced; the environment cannot be trained', () => {
    expect(analyze('environment Env: a -> r\nr, u -> (neg) -> L\n*[f] -> u\nmin L').diagnostics.map((d) => d.ruleId)).toEqual(['unproduced-variable'])
    const trained = analyze(`${REINFORCE}\nphase (a): train policy, Env; min L`).diagnostics
    expect(trained).toMatchObject([{ severity: 'error', ruleId: 'trained-environment' }])
  })
  test('drawn as a low box with a globe before its label, unlike a module or a data set', () => {
    const { scene } = render(REINFORCE)
    const env = scene.nodes.find((n) => n.id === 'Env')!
    const policy = scene.nodes.find((n) => n.id === '[policy]')!
    expect(env.shape).toBe('world')
    expect(env.outline.map((p) => p.shape)).toEqual(['rect', 'circle', 'ellipse', 'polyline'])
    expect(policy.outline.map((p) => p.shape)).toEqual(['rect'])
    expect(env.box.height).toBeLessThan(policy.box.height)
    // The globe sits left of the label, inside the box.
    const globe = env.outline[1]!
    expect('box' in globe && globe.box.x + globe.box.width).toBeLessThan(env.labelAt[0] - 10)
    expect(env.text.every((r) => !r.bold)).toBe(true)
    expect(problems(scene)).toEqual([])
  })
  test('giving back the state its agent reads closes the loop: that wire runs back up, no cycle', () => {
    const { diagram, diagnostics } = analyze('environment Env: a -> s, r\ns -> *[policy] -> a\nr -> (neg) -> L\nmin L')
    expect(diagnostics.map((d) => d.ruleId)).toEqual(['stopped-gradient', 'untrained-objective'])
    expect(diagram.wires.filter((w) => w.back).map((w) => `${w.from}>${w.to}`)).toEqual(['Env>s'])
    const { scene } = render(readFileSync('fixtures/notation/e-reinforce/input.dgm', 'utf8'))
    const back = scene.wires.find((w) => w.from === 'Env' && w.to === 's')!
    expect(back).toMatchObject({ back: true, arrow: true })
  })
  test('closing the loop with carry runs the state back up into the side of the step\'s input', () => {
    const { scene } = render(REINFORCE)
    const back = scene.wires.find((w) => w.from === 's\'' && w.to === 's')!
    expect(back).toMatchObject({ back: true, arrow: true })
    const s = scene.nodes.find((n) => n.id === 's')!
    expect(back.points.at(-1)![1]).toBeCloseTo(s.box.y + s.box.height / 2, 0)
  })
})

describe('store into a buffer', () => {
  test('each value is a back wire into the data set that carries no gradient', () => {
    const { diagram, diagnostics } = analyze(BUFFER)
    expect(diagnostics).toEqual([])
    const stored = diagram.wires.filter((w) => w.store)
    expect(ids(stored)).toEqual(['s>source:D', 'a>source:D', 'r>source:D', 's\'>source:D'])
    expect(stored.every((w) => w.back)).toBe(true)
    // f's only path to L is through the buffer: values flow, gradients do not.
    const through = analyze('X ~ x\nx -> *[f] -> y\nstore y in D\nD ~ y_j\ny_j -> (neg) -> L\nmin L').diagnostics
    expect(through.map((d) => d.ruleId)).toEqual(['stopped-gradient', 'untrained-objective'])
  })
  test('the figure\'s description says what the agent does and what the buffer holds', () => {
    const { svg } = render(BUFFER)
    expect(svg).toContain('Environment Env takes a and gives back s&#39; and r.')
    expect(svg).toContain('Stores s, a, r and s&#39; in D.')
  })
  test('the target must be a data set; the values variables', () => {
    expect(analyze('x -> [f] -> y\nstore y in M').diagnostics).toMatchObject([{ ruleId: 'store-target', message: 'Expected a data set after `in` (a buffer the diagram samples from, `M ~ s, a`), got `M`, which names no data set' }])
    expect(analyze('N(0, 1) ~ z\np = N(0, 1)\np ~ e\nz -> [f] -> y\nstore y in p').diagnostics[0]!.message).toContain('got prior `N(0, 1)`')
    expect(analyze('D ~ x\nstore [f] in D').diagnostics).toMatchObject([{ ruleId: 'environment-term' }])
    expect(analyze('D ~ x\nstore x D').diagnostics[0]!.message).toMatch(/^Expected `in` and the data set written into/)
  })
  test('a stored value nothing produces is unproduced', () => {
    expect(analyze('D ~ x\nx -> *[f] -> L\nmin L\nstore v in D').diagnostics.map((d) => d.ruleId)).toEqual(['unproduced-variable'])
  })
  const end = (w: SceneWire): Point => w.points.at(-1)!
  test('drawn as one trunk outside the drawing into the buffer\'s side, each value joining it on its own branch', () => {
    const { scene } = render(BUFFER)
    const buffer = scene.nodes.find((n) => n.id === 'source:D')!
    const writes = scene.wires.filter((w) => w.store)
    expect(writes).toHaveLength(4)
    for (const w of writes) {
      expect(w).toMatchObject({ arrow: true, back: true })
      expect([buffer.box.x, buffer.box.x + buffer.box.width]).toContain(end(w)[0])
      expect(end(w)[1]).toBeGreaterThan(buffer.box.y)
      expect(end(w)[1]).toBeLessThan(buffer.box.y + buffer.box.height)
    }
    // One entry, one last column, clear of every other node.
    expect(new Set(writes.map((w) => `${end(w)}`)).size).toBe(1)
    const column = writes[0]!.points.at(-2)![0]
    for (const w of writes) expect(w.points.at(-2)![0]).toBe(column)
    for (const n of scene.nodes.filter((n) => n.id !== 'source:D')) expect(column < n.box.x || column > n.box.x + n.box.width).toBe(true)
    // Each value on its own branch: no two writes start together, and none crosses another.
    expect(new Set(writes.map((w) => `${w.points[0]}`)).size).toBe(4)
    const segs = writes.map((w) => w.points.slice(1).map((p, i): [Point, Point] => [w.points[i]!, p]))
    for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) for (const p of segs[i]!) for (const q of segs[j]!) expect(cross(p, q)).toBe(false)
    expect(problems(scene).filter((p) => p.kind !== 'top-row')).toEqual([])
  })
})

/** Whether two axis-parallel segments cross at a point inside both (not at an end). */
function cross([a, b]: [Point, Point], [c, d]: [Point, Point]): boolean {
  const [h, v] = a[1] === b[1] && c[0] === d[0] ? [[a, b], [c, d]] : c[1] === d[1] && a[0] === b[0] ? [[c, d], [a, b]] : [undefined, undefined]
  if (!h || !v) return false
  const y = h[0]![1]
  const x = v[0]![0]
  return Math.min(h[0]![0], h[1]![0]) < x && x < Math.max(h[0]![0], h[1]![0]) && Math.min(v[0]![1], v[1]![1]) < y && y < Math.max(v[0]![1], v[1]![1])
}

test('property: writes into a buffer never run through a node and never cross each other', () => {
  const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
  const diagram = fc.record({
    chains: fc.array(fc.tuple(fc.constantFrom(...names), fc.constantFrom('[f]', '[g]', '(h)', '(k)'), fc.constantFrom(...names)), { minLength: 1, maxLength: 9 }),
    stored: fc.uniqueArray(fc.constantFrom(...names), { minLength: 1, maxLength: 8 })
  })
  fc.assert(
    fc.property(diagram, ({ chains, stored }) => {
      const source = ['D ~ x', 'x -> [e] -> a', ...chains.map(([from, op, to]) => `${from} -> ${op} -> ${to}`), `store ${stored.join(', ')} in D`].join('\n')
      let scene
      try {
        scene = render(source).scene
      } catch (error) {
        expect(error).toBeInstanceOf(DgmError)
        return
      }
      const writes = scene.wires.filter((w) => w.store)
      const through = problems(scene).filter((p) => p.kind === 'through' && writes.some((w) => p.detail.startsWith(`${w.from} -> ${w.to} `)))
      expect(through).toEqual([])
      const segs = writes.map((w) => w.points.slice(1).map((p, i): [Point, Point] => [w.points[i]!, p]))
      for (let i = 0; i < segs.length; i++) for (let j = i + 1; j < segs.length; j++) for (const p of segs[i]!) for (const q of segs[j]!) expect(cross(p, q)).toBe(false)
    }),
    { numRuns: 300 }
  )
})

describe('sampled wires', () => {
  for (const name of ['g-rlhf', 'g-reinforce']) {
    test(`${name}: the distribution's value wires leave its side, the tilde and the sample stay alone under it`, () => {
      const { scene } = render(readFileSync(`fixtures/notation/${name}/input.dgm`, 'utf8'))
      const pi = scene.nodes.find((n) => n.id === '\\pi')!
      const cy = pi.box.y + pi.box.height / 2
      const tilde = scene.marks.find((m) => m.kind === 'tilde' && Math.abs(m.at[0] - (pi.box.x + pi.box.width / 2)) < 1)!
      expect(tilde).toBeDefined()
      const flows = scene.wires.filter((w) => w.from === '\\pi' && w.kind === 'flow')
      expect(flows.length).toBeGreaterThan(0)
      for (const w of flows) {
        expect(w.points[0]![1]).toBe(cy)
        // Nothing of the wire within the tilde's box (9 px either side, 18 px down).
        for (let i = 1; i < w.points.length; i++) {
          const [a, b] = [w.points[i - 1]!, w.points[i]!]
          const inX = Math.max(a[0], b[0]) > tilde.at[0] - 9 && Math.min(a[0], b[0]) < tilde.at[0] + 9
          const inY = Math.max(a[1], b[1]) > tilde.at[1] && Math.min(a[1], b[1]) < tilde.at[1] + 18
          expect(inX && inY).toBe(false)
        }
      }
      const sample = scene.wires.find((w) => w.from === '\\pi' && w.kind === 'sample')!
      expect(sample.underTilde).toBe(true)
    })
  }
})

const gallery = galleryFigures('e-')

describe('gallery', () => {
  galleryIsClean(gallery, 5)
  for (const name of gallery) {
    test(`${name}: exports keep the environment and the writes, and do not crash`, () => {
      const { scene } = render(gallerySource(name))
      expect(toMermaid(scene)).toMatch(/\{\{"Env"\}\}/)
      expect(toDrawio(scene)).toContain('shape=cloud')
    })
  }
  test('geometry rules: failures are exactly the known ones', () => knownFailures(gallery, 'known-failures-e.json'))
})

describe('property tests over the new syntax', () => {
  test('no crash, no foreign exception, no hang', () => noCrashOver(['environment', 'Env', 'E2', ':', 'store', 'in', 'D', 'D ~', 'a', "s'", 'r', '*[f]', '(g)', ',', '->', 'carry', 'from', 'min', 'L', 'phase (a):', 'train', 'without']))
})

test('the shipped grammar scopes the keywords, the environment\'s name and `in`', async () => {
  const grammar = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('remark-dgm/dgm.tmLanguage.json'), 'utf8'))
  const shiki = await createHighlighter({ themes: ['github-light'], langs: [grammar] })
  const scopes = (line: string) =>
    shiki
      .codeToTokensBase(line, { lang: 'dgm' as BundledLanguage, theme: 'github-light', includeExplanation: true })
      .flat()
      .flatMap((t) => t.explanation!.map((e): [string, string] => [e.content.trim(), e.scopes.at(-1)!.scopeName]))
      .filter(([text]) => text !== '')
  expect(scopes("environment Env: a -> s', r").slice(0, 3)).toEqual([
    ['environment', 'keyword.control.environment.dgm'],
    ['Env', 'entity.name.class.environment.dgm'],
    [':', 'punctuation.separator.key-value.dgm']
  ])
  expect(scopes('store s, a in D')).toEqual([
    ['store', 'keyword.control.environment.dgm'],
    ['s', 'variable.other.dgm'],
    [',', 'punctuation.separator.comma.dgm'],
    ['a', 'variable.other.dgm'],
    ['in', 'keyword.control.from.dgm'],
    ['D', 'variable.other.dgm']
  ])
})
