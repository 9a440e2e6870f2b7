/**
 * `remark-dgm`: replaces every ```` ```dgm ```` code block by a `<figure>`
 * with an inline SVG and a `<figcaption>`. The figure is a node that
 * mdast-util-to-hast turns into exactly that element (no `<pre>` around it,
 * no raw HTML), so it survives MDX and needs no `allowDangerousHtml`.
 */
import type { Code, Nodes, Parents, Root } from 'mdast'
import type { VFile } from 'vfile'
import { SKIP, visit } from 'unist-util-visit'
import { emittedFiles, placeBlock, renderBlock, UNPLACED } from './adapters/block.js'
import { report } from './messages.js'
import { validateOptions, type Options } from './options.js'

export type { Options } from './options.js'

/** The node a `dgm` code block becomes; it keeps the fence's lang, meta and text to be written back as Markdown. */
interface DgmFigure extends Pick<Code, 'lang' | 'meta' | 'value' | 'position'> {
  type: 'dgmFigure'
}

/**
 * The part of mdast-util-to-markdown's handler API used here, typed locally
 * so the published types need neither it nor remark-stringify.
 */
type ToMarkdownHandle = (node: Nodes, parent: Parents | undefined, state: { handle: ToMarkdownHandle }, info: unknown) => string

/**
 * remark-stringify (and the remark CLI) writes a figure back as the fence it
 * came from: the `code` node handed to the standard handler, so the fence
 * comes out as remark writes any code block.
 */
const toMarkdown = {
  handlers: {
    dgmFigure: ((node, parent, state, info) => {
      const { lang, meta, value } = node as unknown as DgmFigure
      return state.handle({ type: 'code', lang, meta, value }, parent, state, info)
    }) satisfies ToMarkdownHandle
  }
}

/**
 * Render `dgm` code blocks as figures.
 * @param options plugin options; checked now, a bad one throws a TypeError
 */
export default function remarkDgm(this: unknown, options?: Options | null) {
  const settings = validateOptions(options)
  // Registered the way remark-gfm does; `this` is the processor when unified calls the plugin.
  const data = (this as { data?: () => { toMarkdownExtensions?: unknown[] } } | undefined)?.data?.()
  if (data) (data.toMarkdownExtensions ??= []).push(toMarkdown)
  return function transform(tree: Root, file: VFile): void {
    const text = String(file)
    visit(tree, 'code', (node, index, parent) => {
      if (node.lang !== 'dgm' || !parent || index === undefined) return
      const start = node.position?.start
      // The block's first line is the line after the opening fence.
      const place = start ? placeBlock(text, start.line + 1, node.value, { meta: node.meta }) : UNPLACED
      const figure = renderBlock({ value: node.value, meta: node.meta, place }, settings, { value: text, path: file.path, files: emittedFiles(file.data) })
      report(file, figure.diagnostics)
      const { properties, children } = figure.element
      // Not a `code` node any more: to-hast would wrap it in `<pre>`. An unknown type with `hName` becomes exactly this element.
      const figureNode: DgmFigure & { data: object } = {
        type: 'dgmFigure',
        lang: node.lang,
        meta: node.meta,
        value: node.value,
        position: node.position,
        data: { hName: 'figure', hProperties: properties, hChildren: children }
      }
      parent.children[index] = figureNode as never
      return SKIP
    })
  }
}
