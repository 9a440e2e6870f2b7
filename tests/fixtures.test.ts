import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { codeFrame } from '../src/diagnostics.js'
import { ORIGINALS } from './article.js'
import { golden } from './golden.js'

const FIGURES = 'fixtures/figures'
const DIAGNOSTICS = 'fixtures/diagnostics'

describe('article figures', () => {
  const names = readdirSync(FIGURES)
  test('all nine figures of the article are fixtures', () => {
    expect(names.sort()).toEqual([
      'autoregression', 'autoregression-conditional', 'diffusion', 'diffusion-conditional', 'gan',
      'gen-projector', 'simple-classification', 'transformer-layer', 'vae'
    ])
  })
  for (const name of names) {
    describe(name, () => {
      const source = readFileSync(`${FIGURES}/${name}/input.dgm`, 'utf8')
      test('parses and checks without any finding', () => {
        expect(analyze(source).diagnostics).toEqual([])
      })
      test('IR matches ir.json', () => {
        golden(`${FIGURES}/${name}/ir.json`, `${JSON.stringify(analyze(source).diagram, null, 2)}\n`)
      })
      test('SVG matches output.svg, byte for byte, twice', () => {
        const first = render(source).svg
        expect(render(source).svg).toBe(first)
        golden(`${FIGURES}/${name}/output.svg`, `${first}\n`)
      })
      test('Scene matches scene.json, node by node', () => {
        golden(`${FIGURES}/${name}/scene.json`, `${JSON.stringify(render(source).scene, null, 2)}\n`)
      })
      test('SVG is at most a third of the draw.io original', () => {
        const original = ORIGINALS.find((o) => o.name === name)!.drawioBytes
        expect(Buffer.byteLength(render(source).svg)).toBeLessThanOrEqual(original / 3)
      })
    })
  }
})

describe('diagnostics', () => {
  for (const name of readdirSync(DIAGNOSTICS)) {
    test(name, () => {
      const source = readFileSync(`${DIAGNOSTICS}/${name}/input.dgm`, 'utf8')
      const found = analyze(source).diagnostics.map((d) => ({
        severity: d.severity,
        ruleId: d.ruleId,
        line: d.span.start.line,
        column: d.span.start.column,
        message: d.message,
        frame: d.severity === 'error' ? codeFrame(source, d.span) : undefined
      }))
      golden(`${DIAGNOSTICS}/${name}/messages.json`, `${JSON.stringify(found, null, 2)}\n`)
    })
  }
})
