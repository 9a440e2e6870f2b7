import { readFileSync } from 'node:fs'
import { test } from 'vitest'
import { render } from '../src/compile.js'
import { problems, quality } from './geometry.js'
test('show', () => {
  for (const name of (process.env.NAMES ?? '').split(',')) {
    try { const { scene } = render(readFileSync(name, 'utf8'))
    console.log(name, [...problems(scene), ...quality(scene)].map((p) => `${p.kind}: ${p.detail}`).join('\n')) } catch (e) { console.log(name, String(e).slice(0, 200)) }
  }
})
