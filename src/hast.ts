/**
 * The figure as a hast element, for the unified adapters: built from the same
 * HTML the other hosts get, so every host shows the same figure.
 */
import type { Element } from 'hast'
import { fromHtml } from 'hast-util-from-html'

/** Parse one `<figure>…</figure>` into a hast element. */
export function toHast(html: string): Element {
  return fromHtml(html, { fragment: true }).children.find((c): c is Element => c.type === 'element')!
}
