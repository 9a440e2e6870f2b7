/** Write-backs into a buffer (writeback.ts), drawn once everything else is placed. */
import { expect, test } from 'vitest'
import { render } from '../src/compile.js'
import { sharedTracks } from './geometry.js'

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
