import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import * as limits from '../src/limits.js'
import { problems } from './geometry.js'
import { parseXml, withinHangBound } from './safety.js'
import { graphShapes, mutatedFigures, tokenSoup } from './shapes.js'


/** Rendering may only succeed with an SVG that parses as XML or throw a DgmError, within the hang bound; anything else is a bug. */
function renderSafely(source: string): void {
  let svg: string | undefined
  let error: unknown
  try {
    svg = withinHangBound(() => render(source)).svg
  } catch (thrown) {
    error = thrown
  }
  if (svg !== undefined) {
    expect(svg.startsWith('<svg')).toBe(true)
    expect(svg).not.toMatch(/NaN|Infinity|undefined/)
    parseXml(svg)
  } else {
    expect(error).toBeInstanceOf(DgmError)
    const diagnostics = (error as DgmError).diagnostics
    expect(diagnostics.length).toBeGreaterThan(0)
    for (const d of diagnostics) {
      expect(d.span.start.line).toBeGreaterThanOrEqual(1)
      expect(d.span.start.column).toBeGreaterThanOrEqual(1)
    }
  }
}

describe('no input crashes, hangs or throws a foreign error', () => {
  test('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => renderSafely(s)), { numRuns: 300 })
  })
  test('random token soup', () => {
    fc.assert(fc.property(tokenSoup(), (s) => renderSafely(s)), { numRuns: 500 })
  })
  test('the article figures with characters deleted, inserted or swapped', () => {
    fc.assert(fc.property(mutatedFigures(), (s) => renderSafely(s)), { numRuns: 400 })
  })
  test('empty input, a 1 MB line, 10,000 lines, unbalanced brackets and quotes', () => {
    renderSafely('')
    renderSafely('x'.repeat(1_000_000))
    renderSafely(`x -> ${'[f'.repeat(100_000)}`)
    renderSafely('a -> b\n'.repeat(10_000))
    renderSafely(Array.from({ length: 10_000 }, (_, i) => `v${i} -> v${i + 1}`).join('\n'))
    renderSafely('(((((\n"""""\n]]]]]\n**x')
    // Wide and long-skipping graphs: bounded work, and a drawing.
    expect(render(`x -> ${Array.from({ length: 500 }, (_, i) => `a${i}`).join(', ')}`).scene.nodes).toHaveLength(501)
    expect(render(Array.from({ length: 130 }, (_, i) => `v${i} -> v${i + 1}\nv0 -> v${i + 1}`).join('\n')).scene.wires).toHaveLength(259)
    expect(analyze('x -> y\n'.repeat(5000)).diagnostics).toEqual([])
  }, 60_000)
})

describe('graph shapes at and just over the limits', () => {
  test('dense DAGs, bipartite blocks, long skips, cycles, many nodes, many phases, long labels and control characters render or throw DgmError, as XML, within the hang bound', () => {
    fc.assert(fc.property(graphShapes(1, limits), (s) => renderSafely(s)), { numRuns: 40 })
  }, 300_000)
})

describe('every valid graph renders', () => {
  test('random DAGs of variables, modules and ops, with long and converging wires', () => {
    const kinds = (i: number, k: number) => [`v${i}`, `[m${i}]`, `(o${i})`, `*[t${i}]`][k]!
    const dag = fc.integer({ min: 2, max: 14 }).chain((n) =>
      fc.tuple(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
        fc.uniqueArray(fc.tuple(fc.nat(n - 2), fc.nat(n - 1)).filter(([a, b]) => a < b), { minLength: 1, maxLength: 30, selector: ([a, b]) => `${a}-${b}` })
      )
    )
    fc.assert(
      fc.property(dag, ([k, edges]) => {
        const last = Math.max(...edges.map(([, b]) => b))
        const lines = edges.map(([a, b]) => `${kinds(a, k[a]!)} -> ${kinds(b, k[b]!)}`)
        const source = `${lines.join('\n')}\n${kinds(last, k[last]!)} -> objective\nX ~ v0\nmin objective`
        const { svg, scene } = render(source)
        expect(svg).not.toMatch(/NaN|Infinity|undefined/)
        expect(scene.wires.every((w) => w.points.length >= 2)).toBe(true)
        expect(problems(scene)).toEqual([])
      }),
      { numRuns: 300 }
    )
  })
})

describe('labels are escaped', () => {
  test('markup in labels, captions and sources stays text', () => {
    const { svg } = render('caption: <script>alert(1)</script>\n"<img onerror=x>" ~ a\na -> *[<b>&amp;</b>] -> "</svg><script>"\nmin "</svg><script>"')
    expect(svg).not.toMatch(/<script|<img|<b>|<\/svg><script/)
    expect(svg).toContain('&lt;script&gt;')
  })
})
