import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { render } from '../src/compile.js'
import type { Scene } from '../src/layout/scene.js'
import { crossings, problems } from './geometry.js'
import { synthetic } from '../bench/synthetic.js'

/** Crossings of each hand-drawn original: ours may not have more. */
const CEILING: Record<string, number> = { vae: 3 }

describe('article figures', () => {
  for (const name of readdirSync('fixtures/figures')) {
    const { scene, diagram } = render(readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8'))
    test(`${name}: no overlap, no wire through a box or label, wires end on their nodes, rows kept`, () => {
      expect(problems(scene)).toEqual([])
    })
    test(`${name}: at most ${CEILING[name] ?? 0} crossings, as the original`, () => {
      const panels = new Set(scene.nodes.map((n) => n.panel))
      for (const panel of panels) expect(crossings(scene, panel)).toBeLessThanOrEqual(CEILING[name] ?? 0)
    })
    test(`${name}: every node and wire is drawn once per panel`, () => {
      const panels = Math.max(1, diagram.phases.length)
      expect(scene.nodes.length).toBe(diagram.nodes.length * panels)
      expect(scene.wires.length).toBe(diagram.wires.length * panels)
    })
  }
})

describe('notation placement', () => {
  const scene = (name: string) => render(readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8')).scene
  const node = (s: Scene, id: string, panel = 0) => s.nodes.find((n) => n.id === id && n.panel === panel)!
  const wire = (s: Scene, from: string, to: string) => s.wires.find((w) => w.from === from && w.to === to && w.panel === 0)!
  test('inputs of an analytic op come in from both sides, without arrowheads', () => {
    const s = scene('simple-classification')
    const ce = node(s, '(ce)')
    const left = wire(s, "y'", '(ce)').points.at(-1)!
    const right = wire(s, 'y', '(ce)').points.at(-1)!
    expect(left[0]).toBeCloseTo(ce.box.x, 0)
    expect(right[0]).toBeCloseTo(ce.box.x + ce.box.width, 0)
    expect(wire(s, "y'", '(ce)').arrow).toBe(false)
    expect(wire(s, '(ce)', 'loss').arrow).toBe(true)
  })
  test("a module's extra input (the condition c) enters from the side", () => {
    const s = scene('diffusion-conditional')
    const f = node(s, '[f]')
    const end = wire(s, 'c', '[f]').points.at(-1)!
    expect(end[0]).toBeCloseTo(f.box.x, 0)
    expect(end[1]).toBeGreaterThan(f.box.y)
    const main = wire(s, 'x_t', '[f]').points.at(-1)!
    expect(main[1]).toBeCloseTo(f.box.y, 0)
  })
  test('the residual wire runs around the side of the blocks', () => {
    const s = scene('transformer-layer')
    const residual = wire(s, 'x_i', 'add1')
    const rightmost = Math.max(...['[W_v]', '(MHA)'].map((id) => node(s, id).box.x + node(s, id).box.width))
    expect(Math.max(...residual.points.map((p) => p[0]))).toBeGreaterThan(rightmost)
  })
  test('phases draw the same graph; stars and triangles move', () => {
    const s = scene('gan')
    expect(node(s, '[d]', 0).star).toBeDefined()
    expect(node(s, '[g]', 0).star).toBeUndefined()
    expect(node(s, '[g]', 1).star).toBeDefined()
    expect(node(s, 'loss', 0).objective?.direction).toBe('min')
    expect(node(s, 'loss', 1).objective?.direction).toBe('max')
    expect(s.panelLabels.map((l) => l.text)).toEqual(['(a)', '(b)'])
    const dx = node(s, '[d]', 1).box.x - node(s, '[d]', 0).box.x
    expect(node(s, '[g]', 1).box.x - node(s, '[g]', 0).box.x).toBe(dx)
  })
  test('a lone sample hangs straight under its source', () => {
    const s = scene('gan')
    expect(node(s, 'z').box.x + node(s, 'z').box.width / 2).toBe(node(s, 'source:N(0, 1)').box.x + node(s, 'source:N(0, 1)').box.width / 2)
  })
  test('sequences are strips; slices are strips too', () => {
    const s = scene('autoregression')
    expect(node(s, 'x').shape).toBe('strip')
    expect(node(s, 'x[:-1]').shape).toBe('strip')
    expect(node(s, "x'[1:]").shape).toBe('text')
  })
})

describe('synthetic diagrams', () => {
  for (const size of [10, 30, 60, 100]) {
    for (const seed of [1, 2]) {
      test(`${size} nodes (seed ${seed}): no overlap, no wire through a box, wires end on their nodes`, () => {
        const { scene, diagram } = render(synthetic(size, seed))
        expect(diagram.nodes.length).toBeGreaterThanOrEqual(size - 2)
        expect(problems(scene)).toEqual([])
      })
    }
  }
})

describe('the geometry checks themselves', () => {
  const { scene } = render(readFileSync('fixtures/figures/simple-classification/input.dgm', 'utf8'))
  test('find two boxes moved onto each other', () => {
    const broken = structuredClone(scene)
    const f = broken.nodes.find((n) => n.id === '[f]')!
    const x = broken.nodes.find((n) => n.id === 'x')!
    f.box.y = x.box.y
    expect(problems(broken).some((p) => p.kind === 'overlap')).toBe(true)
  })
  test('find a wire through a box and a wire that ends nowhere', () => {
    const broken = structuredClone(scene)
    const w = broken.wires.find((w) => w.from === 'y')!
    const f = broken.nodes.find((n) => n.id === '[f]')!
    w.points = [w.points[0]!, [w.points[0]![0], f.box.y + 10], [f.box.x - 30, f.box.y + 10]]
    const kinds = problems(broken).map((p) => p.kind)
    expect(kinds).toContain('through')
    expect(kinds).toContain('end')
  })
  test('count a crossing', () => {
    const broken = structuredClone(scene)
    broken.wires.push({ from: 'a', to: 'b', panel: 0, kind: 'flow', arrow: true, points: [[0, 100], [1000, 100]] })
    expect(crossings(broken)).toBeGreaterThan(0)
  })
})
