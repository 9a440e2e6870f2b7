/**
 * The tie mark (≡) of tied instances and shared stacks is drawn as three
 * strokes, not a font's character: no drawn text holds `≡`, each mark sits
 * right of its label's text inside the room the label measured for it.
 */
import { readFileSync } from 'node:fs'
import { fromHtml } from 'hast-util-from-html'
import type { Element } from 'hast'
import { toString } from 'hast-util-to-string'
import { visit } from 'unist-util-visit'
import { expect, test } from 'vitest'
import { render } from '../src/compile.js'
import { TIE } from '../src/layout/shapes.js'

/** Every path of three equal horizontal strokes: [x start, x end, ys]. */
function tieMarks(svg: string): { x0: number; x1: number; ys: number[] }[] {
  const marks: { x0: number; x1: number; ys: number[] }[] = []
  visit(fromHtml(svg, { fragment: true, space: 'svg' }), 'element', (node: Element) => {
    const d = String(node.properties.d ?? '')
    const strokes = [...d.matchAll(/M([\d.]+) ([\d.]+)h([\d.]+)/g)].map((m) => m.slice(1).map(Number) as [number, number, number])
    if (node.tagName !== 'path' || strokes.length !== 3 || d.replace(/M[\d.]+ [\d.]+h[\d.]+/g, '') !== '') return
    marks.push({ x0: strokes[0]![0], x1: strokes[0]![0] + strokes[0]![2], ys: strokes.map((s) => s[1]) })
  })
  return marks
}

test('tied instances: one mark per instance, in its box, right of its label, in currentColor', () => {
  const { svg, scene } = render(readFileSync('fixtures/notation/siamese/input.dgm', 'utf8'))
  // No text holds the character: the <desc> names the tied set once, in words.
  expect(svg).not.toContain(TIE.mark)
  expect(svg).toMatch(/<desc>[^<]*Trains f \(one set of weights, 2 boxes\) and minimises/)
  const tied = scene.nodes.filter((n) => n.text.at(-1)?.text.endsWith(TIE.mark))
  expect(tied).toHaveLength(2)
  const marks = tieMarks(svg)
  expect(marks).toHaveLength(2)
  for (const [i, node] of tied.entries()) {
    const mark = marks[i]!
    // Inside the box, right of the centre the label was measured around, above the baseline.
    expect(mark.x0).toBeGreaterThan(node.labelAt[0])
    expect(mark.x1).toBeLessThan(node.box.x + node.box.width)
    for (const y of mark.ys) expect(y).toBeLessThan(node.labelAt[1])
    // Evenly spaced.
    expect(mark.ys[1]! - mark.ys[0]!).toBeCloseTo(mark.ys[2]! - mark.ys[1]!, 0)
  }
  expect(svg).toMatch(/<path d="M[^"]*h[^"]*" fill="none" stroke="currentColor"/)
})

test('a shared stack: the frame label `×N` and its mark after it; the text kept is the label without the mark', () => {
  const { svg, scene } = render('X ~ x\nx -> *[g] -> z\nrepeat N shared: [g]\n')
  const frame = scene.frames[0]!
  expect(frame.label.map((r) => r.text).join('')).toBe(`×N ${TIE.mark}`)
  const texts: string[] = []
  visit(fromHtml(svg, { fragment: true, space: 'svg' }), 'element', (node: Element) => {
    if (node.tagName === 'text') texts.push(toString(node))
  })
  expect(texts).toContain('×N')
  const [mark] = tieMarks(svg)
  expect(mark!.x0).toBeGreaterThan(frame.labelAt[0])
  expect(mark!.x1).toBeLessThan(frame.box.x + frame.box.width)
})
