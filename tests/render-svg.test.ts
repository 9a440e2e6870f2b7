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
