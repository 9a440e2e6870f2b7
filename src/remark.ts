/**
 * `remark-dgm`: turns every ```` ```dgm ```` fence into a `<figure>` with an
 * inline SVG and a `<figcaption>`, built as hast on the mdast node (no raw
 * HTML, so it survives MDX and needs no `allowDangerousHtml`).
 */
import type { Code, Root } from 'mdast'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { figure, parseMeta, validateOptions, type Options } from './figure.js'
import { toHast } from './hast.js'
import { report } from './messages.js'

export type { Options } from './figure.js'

/**
 * Render `dgm` code blocks as figures.
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export default function remarkDgm(options?: Options | null) {
  const settings = validateOptions(options)
  return function transform(tree: Root, file: VFile): void {
    visit(tree, 'code', (node: Code) => {
      if (node.lang !== 'dgm') return
      const meta = parseMeta(node.meta)
      const start = node.position?.start
      // The block's first line is the line after the opening fence.
      const origin = { line: (start?.line ?? 0) + 1, column: start?.column ?? 1 }
      for (const problem of meta.problems) file.message(problem, { place: start, ruleId: 'fence-meta', source: 'remark-dgm' })
      const result = figure(node.value, meta, settings)
      report(file, result.diagnostics, origin, settings.strict)
      const element = toHast(result.html)
      node.data = { ...node.data, hName: 'figure', hProperties: element.properties, hChildren: element.children }
    })
  }
}
