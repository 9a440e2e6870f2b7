/**
 * `remark-dgm/rehype`: for pipelines that already hold HTML, replaces every
 * `<pre><code class="language-dgm">` by the same `<figure>` as the remark
 * plugin does.
 */
import type { Element, Root } from 'hast'
import { toString } from 'hast-util-to-string'
import type { VFile } from 'vfile'
import { visit } from 'unist-util-visit'
import { placeBlock, renderBlock, UNPLACED, type BlockPlace } from './adapters/block.js'
import { report } from './messages.js'
import { validateOptions, type Options } from './options.js'

export type { Options } from './options.js'

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
    const text = String(file)
    visit(tree, 'element', (node: Element, index, parent) => {
      if (node.tagName !== 'pre' || index === undefined || !parent) return
      const code = node.children.find((c): c is Element => c.type === 'element')
      if (!isDgmCode(code)) return
      // remark-rehype keeps a fence's meta on `data.meta`; HTML may carry `data-meta`.
      const rawMeta = (code.data as { meta?: string } | undefined)?.meta ?? code.properties.dataMeta
      const meta = typeof rawMeta === 'string' ? rawMeta : undefined
      const value = toString(code).replace(/\n$/, '')
      const textStart = code.children[0]?.position?.start
      const fenceStart = code.position?.start
      let place: BlockPlace = UNPLACED
      // Parsed HTML places the text itself, starting mid-line after `<code>`;
      // remark-rehype places only the whole fence, whose block starts a line below.
      if (textStart) place = placeBlock(text, textStart.line, value, { meta, start: textStart.column })
      else if (fenceStart) place = placeBlock(text, fenceStart.line + 1, value, { meta })
      const figure = renderBlock({ value, meta, place }, settings, { value: text, path: file.path })
      report(file, figure.diagnostics)
      parent.children[index] = { ...figure.element, position: node.position }
    })
  }
}
