/**
 * `remark-dgm`: replaces every ```` ```dgm ```` code block by a `<figure>`
 * with an inline SVG and a `<figcaption>`. The figure is a node that
 * mdast-util-to-hast turns into exactly that element (no `<pre>` around it,
 * no raw HTML), so it survives MDX and needs no `allowDangerousHtml`.
 */
import type { Root } from 'mdast'
import type { VFile } from 'vfile'
import { SKIP, visit } from 'unist-util-visit'
import { placeBlock, renderBlock, UNPLACED } from './adapters/block.js'
import { report } from './messages.js'
import { validateOptions, type Options } from './options.js'

export type { Options } from './options.js'

/**
 * Render `dgm` code blocks as figures.
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export default function remarkDgm(options?: Options | null) {
  const settings = validateOptions(options)
  return function transform(tree: Root, file: VFile): void {
    const text = String(file)
    visit(tree, 'code', (node, index, parent) => {
      if (node.lang !== 'dgm' || !parent || index === undefined) return
      const start = node.position?.start
      // The block's first line is the line after the opening fence.
      const place = start ? placeBlock(text, start.line + 1, node.value, { meta: node.meta }) : UNPLACED
      const figure = renderBlock({ value: node.value, meta: node.meta, place }, settings, { value: text, path: file.path })
      report(file, figure.diagnostics)
      const { properties, children } = figure.element
      // Not a `code` node any more: to-hast would wrap it in `<pre>`. An unknown type with `hName` becomes exactly this element.
      parent.children[index] = { type: 'dgmFigure', position: node.position, data: { hName: 'figure', hProperties: properties, hChildren: children } } as never
      return SKIP
    })
  }
}
