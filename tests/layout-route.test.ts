/** Phase `route`: where side inputs come down and the heights they enter at. */
import { describe, expect, test } from 'vitest'
import { render } from '../src/compile.js'
import type { Point } from '../src/layout/scene.js'
import { problems } from './geometry.js'

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
