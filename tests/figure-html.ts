/**
 * What a page must hold, read from its HTML as a browser would parse it: each
 * figure stands where the code block stood (never inside a `<pre>`), and no
 * `<pre>` wraps an svg.
 */
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toString } from 'hast-util-to-string'
import { visitParents } from 'unist-util-visit-parents'
import { expect } from 'vitest'

export interface FoundFigure {
  element: Element
  /** Tag of the figure's parent element, or `root`. */
  parent: string
  className: string[]
}

/** Parse a page (or fragment) and list its figures; asserts no `<pre>` holds a figure or an svg. */
export function figuresOf(html: string | Root): FoundFigure[] {
  const tree = typeof html === 'string' ? fromHtml(html, { fragment: !/^\s*<!doctype/i.test(html) }) : html
  const figures: FoundFigure[] = []
  visitParents(tree, 'element', (node: Element, ancestors) => {
    const tags = ancestors.filter((a): a is Element => a.type === 'element').map((a) => a.tagName)
    if (node.tagName === 'svg') expect(tags, 'a <pre> wraps an svg').not.toContain('pre')
    if (node.tagName !== 'figure') return
    expect(tags, 'a <pre> wraps a figure').not.toContain('pre')
    figures.push({ element: node, parent: tags.at(-1) ?? 'root', className: ((node.properties.className as string[] | undefined) ?? []).map(String) })
  })
  for (const f of figures) expect(f.parent).not.toBe('pre')
  return figures
}

/** The figure holds a drawing: an svg as its first child, no `<code>` inside. */
export function expectDrawing(figure: FoundFigure): void {
  const children = figure.element.children.filter((c): c is Element => c.type === 'element')
  expect(children[0]?.tagName).toBe('svg')
  expect(children.slice(1).map((c) => c.tagName).every((t) => t === 'figcaption')).toBe(true)
  visitParents(figure.element, 'element', (node: Element) => {
    expect(node.tagName).not.toBe('code')
  })
}

/** The error figure: a visible "Diagram error" and a list of placed messages, then the author's source in its own pre > code. */
export function expectErrorFigure(figure: FoundFigure, source: string, place: RegExp): void {
  expect(figure.className).toContain('dgm-error')
  const children = figure.element.children.filter((c): c is Element => c.type === 'element')
  const [caption, pre] = children
  expect(caption?.tagName).toBe('figcaption')
  const strong = caption!.children.find((c): c is Element => c.type === 'element' && c.tagName === 'strong')
  expect(strong && toString(strong)).toBe('Diagram error')
  const list = caption!.children.find((c): c is Element => c.type === 'element' && c.tagName === 'ul')
  expect(list && toString(list)).toMatch(place)
  expect(pre?.tagName).toBe('pre')
  const code = pre!.children[0] as Element
  expect(code.tagName).toBe('code')
  expect(toString(code)).toBe(source)
}
