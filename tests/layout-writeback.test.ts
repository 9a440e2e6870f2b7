/** Write-backs into a buffer (writeback.ts), drawn once everything else is placed. */
import { expect, test } from 'vitest'
import { render } from '../src/compile.js'
import { crossings, problems, sharedTracks } from './geometry.js'

test('a value beside its buffer writes straight across, clear of the back wire into the same side', () => {
  // s stands on the buffer's row; the environment's back wire enters s's side facing D.
  const source = ['environment Env: a -> s, r', 's -> *[policy] -> \\pi', '\\pi ~ a', 'store s, a, r in D', 'D ~ s_j, a_j, r_j', 's_j, a_j -> *[Q] -> q', 'q, r_j -> (TD) -> L', 'min L'].join('\n')
  const { scene } = render(source)
  const write = scene.wires.find((w) => w.store && w.from === 's')!
  const back = scene.wires.find((w) => w.from === 'Env' && w.to === 's')!
  expect(write.points).toHaveLength(2)
  expect(back.points.at(-1)![0]).toBe(write.points[0]![0])
  expect(Math.abs(back.points.at(-1)![1] - write.points[0]![1])).toBeGreaterThan(4)
  expect(sharedTracks(scene)).toEqual([])
})

test("a value that drops under its rank runs out under its own row's labels, not along the next row's tops", () => {
  // DAgger: a* stands in a rank with a tall box (the replayed policy'); π beside it hangs a tilde
  // to a. Under the rank's tallest box the branch would run out where π's drop ends in a's
  // arrowhead, reading as a* → a; under the labels it passes it crosses the drop halfway.
  const source = ['environment Env: a -> s, r', 's -> *[policy] -> \\pi', '\\pi ~ a', 's -> [expert] -> a^*', 'store s, a^* in D', 'D ~ s_j, a^*_j', "s_j -> [policy'] -> \\pi_j", '\\pi_j, a^*_j -> (ce) -> L', 'min L'].join('\n')
  const { scene } = render(source)
  const write = scene.wires.find((w) => w.store && w.from === 'a^*')!
  const a = scene.nodes.find((n) => n.id === 'a')!
  const pi = scene.nodes.find((n) => n.id === '\\pi')!
  // The branch's first run out: the horizontal that leaves the value's drop.
  const y = write.points[1]![1]
  expect(a.box.y - y).toBeGreaterThan(12)
  expect(y).toBeGreaterThan(pi.box.y + pi.box.height)
  expect(sharedTracks(scene)).toEqual([])
})

test("writes enter the buffer's other side when a node of its row covers the whole of one side", () => {
  // A tall box right of the buffer on its row (here the stray [Q] that untied-namesake warns of):
  // entering the right side, the trunk ran through it.
  const source = ['q_1, q_2 = *[Q]', 'environment Env: a -> s, r', 's, **g** -> q_1 -> (greedy) -> a', 'store s, a, g in D', "D ~ s_j, a_j, g_j, s'_j", 's_j, a_j, g_j -> q_2 -> q', "s'_j, g_j -> [Q target] -> q'", "q, q' -> (TD) -> L", 'update [Q target] from [Q]: EMA', 'min L'].join('\n')
  const { scene, diagnostics } = render(source)
  expect(diagnostics.map((d) => d.ruleId)).toContain('untied-namesake')
  const buffer = scene.nodes.find((n) => n.id === 'source:D')!
  const stray = scene.nodes.find((n) => n.id === '[Q]')!
  expect(stray.box.x).toBeGreaterThan(buffer.box.x + buffer.box.width)
  expect(problems(scene)).toEqual([])
  for (const w of scene.wires.filter((w) => w.store && w.to === 'source:D')) expect(w.points.at(-1)![0], w.from).toBeLessThan(buffer.box.x + buffer.box.width / 2)
})

test('a value free on both sides writes round the far side where leaving towards the buffer would cross a wire', () => {
  // Active learning: the picked query q and the oracle's label stand left of the loss's long drop; straight
  // out to the buffer's side each crossed it, round the far side and under the drawing neither crosses anything.
  const source = ['P ~ u', 'environment Oracle: q -> y_q', 'm_1, m_2 = *[model]', 'u -> m_1 -> p_u', 'p_u, u -> (most uncertain) -> q', 'store q, y_q in L', 'L ~ x, y', 'x -> m_2 -> \\hat{y}', '\\hat{y}, y -> (ce) -> loss', 'min loss'].join('\n')
  const { scene } = render(source)
  expect(crossings(scene)).toBe(0)
  const write = scene.wires.find((w) => w.store && w.from === 'q')!
  const q = scene.nodes.find((n) => n.id === 'q')!
  // It leaves q's side away from the buffer.
  expect(write.points[0]![0]).toBeLessThan(q.box.x + q.box.width / 2)
  expect(problems(scene)).toEqual([])
})
