import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'

const readme = readFileSync('README.md', 'utf8')
const examples = [...readme.matchAll(/^```dgm\n([\s\S]*?)^```$/gm)].map((m) => m[1]!)

test('the README shows an example of every construct', () => {
  expect(examples.length).toBeGreaterThanOrEqual(12)
})

for (const [i, example] of examples.entries()) {
  test(`README example ${i + 1} parses and renders without errors`, () => {
    expect(analyze(example).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(render(example).svg).toMatch(/^<svg/)
  })
}

test('the README starts with the two commands', () => {
  const head = readme.split('\n').slice(0, 8).join('\n')
  expect(head).toContain('`npm ci && npm run article`')
  expect(head).toContain('`npm ci && npm test`')
})
