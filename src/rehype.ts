/**
 * `remark-dgm/rehype`: for pipelines that already hold HTML, turns every
 * `<pre><code class="language-dgm">` into the same `<figure>` as the remark
 * plugin does.
 */
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { figure, parseMeta, validateOptions, type Options } from './figure.js'
import { toHast } from './hast.js'
import { report } from './messages.js'

export type { Options } from './figure.js'

function isDgmCode(node: Element | undefined): node is Element {
  const className = node?.properties?.className
  return node?.tagName === 'code' && Array.isArray(className) && className.includes('language-dgm')
}

/**
 * Render `<pre><code class="language-dgm">` blocks as figures.
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export default function rehypeDgm(options?: Options | null) {
  const settings = validateOptions(options)
  return function transform(tree: Root, file: VFile): void {
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'pre' || index === undefined || !parent) return
      const code = node.children.find((c): c is Element => c.type === 'element')
      if (!isDgmCode(code)) return
      // remark-rehype keeps a fence's meta on `data.meta`; HTML may carry `data-meta`.
      const rawMeta = (code.data as { meta?: string } | undefined)?.meta ?? code.properties.dataMeta
      const meta = parseMeta(typeof rawMeta === 'string' ? rawMeta : undefined)
      const text = code.children[0]
      const start = text?.position?.start ?? code.position?.start
      for (const problem of meta.problems) file.message(problem, { place: code.position?.start, ruleId: 'fence-meta', source: 'remark-dgm' })
      const source = toString(code).replace(/\n$/, '')
      const result = figure(source, meta, settings)
      report(file, result.diagnostics, { line: start?.line ?? 1, column: start?.column ?? 1, firstLineOnly: true }, settings.strict)
      parent.children[index] = toHast(result.html)
    })
  }
}
