/**
 * Labels for formats that draw text in one style (Mermaid, draw.io without
 * HTML labels): sub- and superscripts become Unicode where every character
 * has a Unicode form, else `_{…}` and `^{…}` as the author would write them.
 */
import type { TextRun } from '../text/label.js'

const SUB: Record<string, string> = {
  '0': '₀', '1': '₁', '2': '₂', '3': '₃', '4': '₄', '5': '₅', '6': '₆', '7': '₇', '8': '₈', '9': '₉',
  '+': '₊', '-': '₋', '=': '₌', '(': '₍', ')': '₎', '.': '.', a: 'ₐ', e: 'ₑ', h: 'ₕ', i: 'ᵢ', j: 'ⱼ', k: 'ₖ',
  l: 'ₗ', m: 'ₘ', n: 'ₙ', o: 'ₒ', p: 'ₚ', r: 'ᵣ', s: 'ₛ', t: 'ₜ', u: 'ᵤ', v: 'ᵥ', x: 'ₓ'
}
const SUP: Record<string, string> = {
  '0': '⁰', '1': '¹', '2': '²', '3': '³', '4': '⁴', '5': '⁵', '6': '⁶', '7': '⁷', '8': '⁸', '9': '⁹',
  '+': '⁺', '-': '⁻', '=': '⁼', '(': '⁽', ')': '⁾', i: 'ⁱ', n: 'ⁿ', T: 'ᵀ'
}

function shifted(text: string, table: Record<string, string>, mark: string): string {
  const chars = [...text]
  if (chars.every((c) => c in table)) return chars.map((c) => table[c]).join('')
  return chars.length === 1 ? `${mark}${text}` : `${mark}{${text}}`
}

/** One line of text for a label drawn in a single font size. */
export function flatLabel(runs: readonly TextRun[]): string {
  return runs
    .map((run) => (run.shift === 'sub' ? shifted(run.text, SUB, '_') : run.shift === 'sup' ? shifted(run.text, SUP, '^') : run.text))
    .join('')
}
