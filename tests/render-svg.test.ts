// The SVG's hast tree is built directly (no hastscript per element): it must be
// the tree hastscript would build from the attributes, and its attribute names
// the ones property-information gives.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import type { Element } from 'hast'
import { s } from 'hastscript'
import { find, svg } from 'property-information'
import { describe, expect, test } from 'vitest'
import { render } from '../src/compile.js'
import { attributeName } from '../src/render/svg.js'
import { textWidth } from '../src/text/metrics.js'

const sources = ['figures', 'corpus', 'notation'].flatMap((dir) =>
  readdirSync(`fixtures/${dir}`)
    .filter((name) => existsSync(`fixtures/${dir}/${name}/input.dgm`))
    .map((name): [string, string] => [`${dir}/${name}`, readFileSync(`fixtures/${dir}/${name}/input.dgm`, 'utf8')])
)

function* elements(node: Element): Generator<Element> {
  yield node
  for (const child of node.children) if (child.type === 'element') yield* elements(child)
}

describe('the SVG tree', () => {
  test.each(sources)('%s: every element is what hastscript builds from its attributes, in both themes', (_, source) => {
    for (const options of [{}, { theme: 'color' as const, background: '#fff' }]) {
      const { tree } = render(source, options)
      let count = 0
      for (const element of elements(tree)) {
        const attributes = Object.fromEntries(Object.entries(element.properties).map(([name, value]) => [attributeName(name), Array.isArray(value) ? value.join(' ') : String(value)]))
        for (const name of Object.keys(element.properties)) expect(find(svg, name).attribute).toBe(attributeName(name))
        expect(element.properties).toEqual(s(element.tagName, attributes).properties)
        count++
      }
      expect(count).toBeGreaterThan(5)
    }
  })

  test('a property without an attribute name is a bug, not a broken attribute', () => {
    expect(() => attributeName('strokeDashOffset')).toThrow(/ATTRIBUTES/)
  })
})

describe('accents', () => {
  /** The drawn label of `D ~ label`. */
  const textOf = (label: string) => {
    const { svg } = render(`D ~ ${label}`)
    return svg.match(/<text[^>]*>(?:(?!<\/text>).)*<\/text>/g)!.find((t) => !/>D</.test(t))!
  }
  test('an accent Unicode has no letter for is its spacing glyph, centred over the letter by the metrics; the text keeps its width', () => {
    // ε̂: the common sans fonts draw a combining hat beside a Greek letter.
    const text = textOf('\\hat\\epsilon')
    const dx = [...text.matchAll(/dx="(-?[\d.]+)"/g)].map((m) => Number(m[1]))
    expect(text).toContain('ε<tspan')
    expect(text).toContain('>ˆ</tspan>')
    expect(text).not.toContain('\u0302')
    expect(dx).toHaveLength(2)
    // Back by half the letter and half the hat, then on by the rest: the hat's own advance cancels out.
    const [hat, letter] = [textWidth('ˆ', 16), textWidth('ε', 16)]
    expect(dx[0]).toBeCloseTo(-(letter + hat) / 2, 0)
    expect(dx[0]! + hat + dx[1]!).toBeCloseTo(0, 0)
  })
  test('over a capital the accent rises; a letter Unicode composes (ŷ) stays one character', () => {
    expect(textOf('\\hat{X}')).toMatch(/dy="-/)
    expect(textOf('\\hat{x}')).not.toMatch(/dy="/)
    const composed = textOf('\\hat{y}')
    expect(composed).toContain('ŷ')
    expect(composed).not.toContain('tspan')
  })
})
