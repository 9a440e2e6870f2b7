/** Phase `route`: where side inputs come down and the heights they enter at. */
import { describe, expect, test } from 'vitest'
import { render } from '../src/compile.js'
import type { Point } from '../src/layout/scene.js'
import { readFileSync } from 'node:fs'
import { SHAPES } from '../bench/synthetic.js'
import { closeRuns, mergedEntries, problems, sharedTracks, tinyJogs } from './geometry.js'

/** Whether the last vertical of `a` (its drop to the entry height) crosses the last horizontal of `b` (its turn into the side). */
function turnCrossesDrop(a: Point[], b: Point[]): boolean {
  const [p, q] = [a.at(-3)!, a.at(-2)!]
  const [r, s] = [b.at(-2)!, b.at(-1)!]
  const inside = (v: number, lo: number, hi: number) => v > Math.min(lo, hi) + 0.5 && v < Math.max(lo, hi) - 0.5
  return inside(p[0], r[0], s[0]) && inside(r[1], p[1], q[1])
}

describe('side entries', () => {
  // The VAE's core: KL takes μ and σ from its left; μ must come over rp (its port
  // column), while σ comes down its own column, farther out.
  const source = ['N(0, 1) ~ e', 'X ~ x', 'x -> *[enc] -> m, s', 'm, s, e -> (rp) -> z', 'm, s -> (KL) -> kl', 'z -> *[dec] -> y', 'y, x -> (mse) -> rec', 'min rec, kl', ''].join('\n')
  const { scene } = render(source)
  const into = scene.wires.filter((w) => w.to === '(KL)')

  test('two inputs into one side: neither turns in across the other', () => {
    expect(into).toHaveLength(2)
    const [a, b] = into as [(typeof into)[0], (typeof into)[0]]
    for (const w of into) expect(w.points.at(-3)![0]).toBe(w.points.at(-2)![0])
    expect(turnCrossesDrop(a.points, b.points)).toBe(false)
    expect(turnCrossesDrop(b.points, a.points)).toBe(false)
  })

  test('the wire that comes down farther out enters lower', () => {
    const kl = scene.nodes.find((n) => n.id === '(KL)')!
    const centre = kl.box.x + kl.box.width / 2
    const [outer, inner] = [...into].sort((a, b) => Math.abs(b.points.at(-2)![0] - centre) - Math.abs(a.points.at(-2)![0] - centre))
    expect(outer!.points.at(-1)![1]).toBeGreaterThan(inner!.points.at(-1)![1])
  })
})

describe('side exits', () => {
  // PPO with its lines in another order: settling carries the column of the
  // carry s' -> s past s, so the back wire's exit, chosen before, would face
  // away from it and its last run would cross s from side to side.
  const source = [
    's_b -> *[policy] -> \\pi',
    'log\\pi, log\\pi_b -> (ratio) -> \\rho',
    'update \\pi_{old} from policy: copy after each round',
    'V, R -> (MSE) -> L_V',
    "environment Env: a -> s', r",
    'B ~ s_b, a_b, r_b, log\\pi_b',
    's_b -> *[value] -> V',
    "carry s' -> s from s_0",
    'r_b -> (GAE)',
    's -> [\\pi_{old}] -> p',
    '\\pi, a_b -> (log \\pi) -> log\\pi',
    'stop V -> (GAE) -> A, R',
    'p ~ a',
    '\\rho, A -> (clip) -> L_{clip}'
  ].join('\n')
  const { scene } = render(source)

  test('a back wire enters its target from the side its column stands on', () => {
    const back = scene.wires.find((w) => w.from === "s'" && w.to === 's')!
    const [turn, end] = [back.points.at(-2)!, back.points.at(-1)!]
    const s = scene.nodes.find((n) => n.id === 's')!
    const centre = s.box.x + s.box.width / 2
    expect(Math.sign(turn[0] - centre)).toBe(Math.sign(end[0] - centre))
    expect(problems(scene).filter((p) => p.kind === 'through')).toEqual([])
  })
})

test("of two runs that cross either way, the one whose trunk comes down beside the other's drop takes the upper track", () => {
  // DPO: p feeds all four boxes, y_w the first two; the reference's right slot stands 2 px off p's column.
  const { scene } = render(readFileSync('fixtures/corpus/dpo/input.dgm', 'utf8'))
  expect(closeRuns(scene)).toEqual([])
  const track = (from: string) => Math.min(...scene.wires.filter((w) => w.from === from && w.points.length > 2).map((w) => w.points[1]![1]))
  expect(track('p')).toBeLessThan(track('y_w'))
})

test('a box fed by more inputs than its top holds a port step apart grows to hold them', () => {
  const inputs = Array.from({ length: 14 }, (_, i) => `x_${i}`)
  const { scene } = render(`D ~ ${inputs.join(', ')}\n${inputs.join(', ')} -> *[f] -> loss\nmin loss\n`)
  const f = scene.nodes.find((n) => n.id === '[f]')!
  expect(f.box.width).toBeGreaterThanOrEqual(14 * 12)
  const ends = scene.wires.filter((w) => w.to === '[f]').map((w) => w.points[w.points.length - 1]![0]).sort((a, b) => a - b)
  for (let i = 1; i < ends.length; i++) expect(ends[i]! - ends[i - 1]!).toBeGreaterThanOrEqual(6)
  expect(closeRuns(scene)).toEqual([])
})

test("a side input into an update's target enters above the dashed arrow, not on its line", () => {
  // Hindsight replay: [Q] and [Q target] stand on one row with the EMA's rule between them; s'_j
  // comes down left of [Q target], whose left side the dashed arrow enters at mid-height.
  const source = ['environment Env: a -> s, r', 's, **g** -> *[policy] -> a', 'store s, a, g in D', "D ~ s_j, a_j, g_j, s'_j", "s'_j, g_j -> (relabel) -> g'_j, r'_j", "s_j, a_j, g'_j -> *[Q] -> q", "s'_j, g'_j -> [Q target] -> q'", "q, r'_j, q' -> (TD) -> L", 'update [Q target] from [Q]: EMA', 'min L'].join('\n')
  const { scene } = render(source)
  const target = scene.nodes.find((n) => n.id === '[Q target]')!
  const arrow = scene.wires.find((w) => w.update && w.to === '[Q target]')!.points.at(-1)!
  const left = scene.wires.filter((w) => !w.update && w.to === '[Q target]' && w.points.at(-1)![0] < target.box.x + 1)
  expect(left.length).toBeGreaterThan(0)
  for (const w of left) expect(arrow[1] - w.points.at(-1)![1], w.from).toBeGreaterThanOrEqual(8)
  expect(mergedEntries(scene)).toEqual([])
  expect(sharedTracks(scene)).toEqual([])
})

describe('closeTinyJogs', () => {
  test('a long wire kept a few px off its source by a back wire beside it drops straight', () => {
    // A deep equilibrium model: z's long wire into f's side runs beside the back wire into z; placement
    // keeps the two columns apart and leaves z's stem 2 px off its wire's column.
    const deq = '(X, Y) ~ x, y\nx -> *[inject] -> u\nu, z -> *[f] -> out\ncarry out -> z from 0\nloop k = 1 -> K: z, [f], out\nout -> *[head] -> p\np, y -> (ce) -> L\nmin L'
    const { scene } = render(deq)
    expect(tinyJogs(scene)).toEqual([])
    const wire = scene.wires.find((w) => w.from === 'z')!
    expect(wire.points).toHaveLength(3)
    expect(problems(scene)).toEqual([])
  })
})

describe('facing sides', () => {
  test('two values between two ops, each feeding both, turn in at different heights: no shared track', () => {
    // A generated graph (the random DAG of 46 nodes, seed 80) where two ops of one rank face each
    // other with two values between them; each value's turn into the far op once ran along the
    // other's turn into the near one, on one track.
    const { scene } = render(SHAPES.dag!(46, 80))
    expect(sharedTracks(scene)).toEqual([])
  })
})
