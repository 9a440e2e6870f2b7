/**
 * dgm source as highlighted hast, for the error figure: a span per token with
 * the class `dgm-<kind>` (the figure's class name, then the kind) (for a site's own CSS) and an inline style, so that
 * it reads without any site CSS. The colours are mid-tones that keep about
 * 4:1 contrast on white and on a dark page alike; what needs no colour
 * (names, punctuation) stays in the page's text colour.
 */
import type { ElementContent } from 'hast'
import { h } from 'hastscript'
import { kindOf, tokenizeLine, type TokenKind } from './tokenize.js'

const STYLES: Partial<Record<TokenKind, string>> = {
  comment: 'color:#7f7f7f;font-style:italic',
  keyword: 'color:#c0458a;font-weight:bold',
  operator: 'color:#c7662a',
  trainable: 'color:#d0453a;font-weight:bold',
  string: 'color:#2e8b57',
  source: 'color:#2f7dd1;font-weight:bold',
  module: 'color:#8d6cd9',
  op: 'color:#0e8a8a',
  given: 'font-weight:bold',
  binding: 'font-style:italic',
  section: 'font-style:italic',
  tex: 'font-style:italic'
}

/**
 * The source's text, highlighted; the texts concatenate back to `source`
 * exactly (line breaks as written). hast text is escaped when serialised, so
 * the untrusted source stays text.
 * @param prefix the classes' prefix: the figure's class name
 */
export function highlightedSource(source: string, prefix: string): ElementContent[] {
  return source.split(/(\r\n|\r|\n)/).flatMap((part, i): ElementContent[] => {
    // Odd parts are the line breaks the split kept.
    if (i % 2 === 1) return [{ type: 'text', value: part }]
    return tokenizeLine(part).map(({ text, scope }) => {
      const kind = kindOf(scope)
      if (!kind) return { type: 'text', value: text }
      const style = STYLES[kind]
      return h('span', { className: [`${prefix}-${kind}`], ...(style ? { style } : {}) }, text)
    })
  })
}
