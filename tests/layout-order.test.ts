/** Phase `order`: crossings counted right, reduced, groups kept contiguous. */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import type { Scene } from '../src/layout/scene.js'
import { layer, type GroupNode, type LayerNode } from '../src/layout/layered.js'
import { measure } from '../src/layout/measure.js'
import { crossings, order } from '../src/layout/order.js'
import { synthetic } from '../bench/synthetic.js'

/** Two ranks with random segments between them, counted pair by pair as well. */
function bipartite(seed: number): { ranks: LayerNode[][]; brute: number } {
  let state = seed
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const make = (rank: number, n: number) => Array.from({ length: n }, (_, order): LayerNode => ({ key: `${rank}:${order}`, rank, order, x: 0, left: 0, right: 0, up: [], down: [] }))
  const [top, bottom] = [make(0, 3 + Math.floor(next() * 8)), make(1, 3 + Math.floor(next() * 8))]
  const pairs: [number, number][] = []
  for (let i = 0; i < 20; i++) {
    const a = top[Math.floor(next() * top.length)]!
    const b = bottom[Math.floor(next() * bottom.length)]!
    if (a.down.some((e) => e.to === b)) continue
    const e = { from: a, to: b, wire: i, weight: 1, toOffset: 0, fromOffset: 0 }
    a.down.push(e)
    b.up.push(e)
    pairs.push([a.order, b.order])
  }
  let brute = 0
  for (let i = 0; i < pairs.length; i++) for (let j = i + 1; j < pairs.length; j++) if ((pairs[i]![0] - pairs[j]![0]) * (pairs[i]![1] - pairs[j]![1]) < 0) brute++
  return { ranks: [top, bottom], brute }
}

function layered(source: string, groups?: { id: string; nodes: string[]; parent?: string }[]) {
  const { diagram } = analyze(source)
  const d = { ...diagram, groups: groups?.map((g) => ({ ...g, label: [] })) }
  const objectives = new Set(d.objectives.map((o) => o.node))
  return layer(d, new Map(d.nodes.map((n) => [n.id, measure(n, n.trainable, objectives.has(n.id))])), objectives)
}

describe('crossings', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    test(`counted as pair by pair (seed ${seed})`, () => {
      const { ranks, brute } = bipartite(seed)
      expect(crossings(ranks)).toBe(brute)
    })
  }
  test('ordering never ends with more crossings than it started with', () => {
    for (const seed of [1, 2, 3]) {
      const l = layered(synthetic(60, seed))
      const before = crossings(l.ranks)
      order(l.ranks)
      expect(crossings(l.ranks)).toBeLessThanOrEqual(before)
      for (const rank of l.ranks) rank.forEach((n, i) => expect(n.order).toBe(i))
    }
  })
  test('a crossing that only another start avoids is avoided (shuffled starts on small graphs)', () => {
    // MAML's inner step: sweeps from the input order alone leave two crossings here.
    const l = layered(readFileSync('fixtures/corpus/maml/input.dgm', 'utf8'))
    order(l.ranks)
    expect(crossings(l.ranks)).toBe(0)
  })
  test("one source's samples stand side by side even where interleaving them would cross less", () => {
    // Mean Teacher: x between the two noise samples η, η' would save a crossing, but split two braces.
    for (const file of ['fixtures/corpus/mean-teacher/input.dgm', 'fixtures/corpus/actor-critic/input.dgm']) {
      const l = layered(readFileSync(file, 'utf8'))
      order(l.ranks)
      for (const rank of l.ranks) {
        const sources = rank.map((n) => n.up.find((e) => e.sample === 'joint')?.from.key ?? '')
        for (const source of new Set(sources.filter(Boolean))) {
          const at = sources.flatMap((s, i) => (s === source ? [i] : []))
          expect(at.at(-1)! - at[0]!, `${file}: ${source}`).toBe(at.length - 1)
        }
      }
    }
  })
  test("one source's samples stand in the order they were written, even where another order crosses less", () => {
    // (S, A, R, S') names its parts in order: drawn s', r, s, a, the brace would pair s' with S.
    // x_1, x_2, x_3 read as time: the unrolled chain would as soon run right to left.
    const cases = [
      ['fixtures/corpus/actor-critic/input.dgm', ['s', 'a', 'r', "s'"]],
      ['fixtures/corpus/triplet/input.dgm', ['a', 'p', 'n']]
    ] as const
    for (const [file, written] of cases) {
      const l = layered(readFileSync(file, 'utf8'))
      order(l.ranks)
      const row = l.ranks.find((rank) => rank.some((n) => n.key === written[0]))!
      expect(row.map((n) => n.key).filter((k) => (written as readonly string[]).includes(k)), file).toEqual(written)
    }
    const unrolled = layered('X ~ x_1, x_2, x_3\nc_1, c_2, c_3 = *[RNN]\nx_1 -> c_1 -> h_1\nh_1, x_2 -> c_2 -> h_2\nh_2, x_3 -> c_3 -> h_3\nh_3 -> (ce) -> loss\nmin loss')
    order(unrolled.ranks)
    expect(unrolled.ranks[1]!.filter((n) => n.node).map((n) => n.key)).toEqual(['x_1', 'x_2', 'x_3'])
  })
  test('a long wire that every rank alone would keep inside runs down the outside', () => {
    // Multi-task: y_1 from the sample row to the first loss crosses the heads' column wherever
    // one rank at a time puts it; down the left edge it crosses the trunk's wire once.
    const l = layered(readFileSync('fixtures/corpus/multi-task/input.dgm', 'utf8'))
    order(l.ranks)
    expect(crossings(l.ranks)).toBe(2)
    const dummies = l.ranks.flat().filter((n) => !n.node && n.route!.wire.from === 'y_1')
    expect(dummies.length).toBeGreaterThan(1)
    for (const d of dummies) expect(d.order, d.key).toBe(0)
  })
  test('a wire that ties with a block of samples moves past it, with the node it feeds below (ties swapped on alternate sweeps)', () => {
    // GRPO: π's wire to log π ties with π's samples o_1, o_2, o_G, and stays right of them in
    // sweeps that keep ties; log π then stands right of the reward model, and o_1's wire to it
    // crosses o_2's and o_G's. Left of the block, with log π left of the reward model, nothing crosses.
    const l = layered(readFileSync('fixtures/corpus/grpo/input.dgm', 'utf8'))
    order(l.ranks)
    expect(crossings(l.ranks)).toBe(0)
  })
  test('a node moves with the outputs only it feeds, past a long wire, where every sweep pulls it back under its input', () => {
    // MuZero: the sweeps stand the prediction head under the state it reads, left of the dynamics,
    // and its outputs' wires cross the reward targets' (5); the minimum (3) stands it, p_k and v_k
    // right of u's long wire, and their losses after the reward's.
    const l = layered(readFileSync('fixtures/corpus/muzero/input.dgm', 'utf8'))
    order(l.ranks)
    expect(crossings(l.ranks)).toBe(3)
    const rank = l.ranks.find((r) => r.some((n) => n.key === '[prediction]'))!
    const at = (key: string) => rank.findIndex((n) => n.key === key)
    expect(at('[prediction]')).toBeGreaterThan(at('[dynamics]'))
  })
  test('the same graph gets the same order every time', () => {
    const keys = () => {
      const l = layered(readFileSync('fixtures/corpus/pix2pix/input.dgm', 'utf8'))
      order(l.ranks)
      return l.ranks.map((rank) => rank.map((n) => n.key))
    }
    expect(keys()).toEqual(keys())
  })
  test('a crossing that one swap removes is removed', () => {
    const l = layered('X ~ a, b\na -> [f] -> u\nb -> [g] -> v\nv -> (p)\nu -> (q)')
    order(l.ranks)
    expect(crossings(l.ranks)).toBe(0)
  })
})

describe('groups', () => {
  test('every group is contiguous in every rank, sibling groups in one order', () => {
    const l = layered('X ~ a, b, c\na -> [f1] -> u\nb -> [g1] -> v\nc -> [h1] -> w\nu, w -> (p) -> r\nv -> (q) -> s', [
      { id: 'F', nodes: ['[f1]', 'u'] },
      { id: 'H', nodes: ['[h1]', 'w'] }
    ])
    order(l.ranks)
    const sides = new Set<string>()
    for (const rank of l.ranks) {
      const at = (g: GroupNode) => rank.flatMap((n, i) => (n.group === g ? [i] : []))
      for (const g of l.groups) {
        const places = at(g)
        if (places.length) expect(places.at(-1)! - places[0]!).toBe(places.length - 1)
      }
      const [f, h] = l.groups.map(at)
      if (f!.length && h!.length) sides.add(f![0]! < h![0]! ? 'F<H' : 'H<F')
    }
    expect(sides.size).toBeLessThanOrEqual(1)
  })
})

test('outputs of one node whose wires cross nothing either way stand in the order they were written', () => {
  const centre = (scene: Scene, id: string) => {
    const n = scene.nodes.find((n) => n.id === id)!
    return n.box.x + n.box.width / 2
  }
  // NeRF: `[MLP] -> \sigma, rgb`; SAC: `[\pi] -> \mu, \sigma`.
  const nerf = render(readFileSync('fixtures/corpus/nerf/input.dgm', 'utf8')).scene
  expect(centre(nerf, '\\sigma')).toBeLessThan(centre(nerf, 'rgb'))
  const sac = render(readFileSync('fixtures/corpus/sac-policy/input.dgm', 'utf8')).scene
  expect(centre(sac, '\\mu')).toBeLessThan(centre(sac, '\\sigma'))
})
