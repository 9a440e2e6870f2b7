/**
 * Text measurement from shipped font metrics (see metrics-data.ts), so layout
 * needs no DOM, no browser and no font file at run time.
 */
import { BOLD, REGULAR } from './metrics-data.js'
import type { TextRun } from './label.js'

/** Sub- and superscripts are drawn at this fraction of the font size. */
export const SCRIPT_SCALE = 0.7

function decode(data: string): Map<number, number> {
  const table = new Map<number, number>()
  for (const run of data.split(';')) {
    const [start, widths] = run.split(':') as [string, string]
    let cp = parseInt(start, 16)
    for (const w of widths.split(',')) table.set(cp++, Number(w))
  }
  return table
}

const tables = { regular: decode(REGULAR), bold: decode(BOLD) }

/** Width of one code point in thousandths of an em, by table or by script class. */
function advance(cp: number, bold: boolean): number {
  const known = (bold ? tables.bold : tables.regular).get(cp)
  if (known !== undefined) return known
  // Wide characters (CJK, kana, hangul, full-width forms) are one em in every CJK font.
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 1000
  }
  if (cp < 0x20 || (cp >= 0x300 && cp <= 0x36f) || (cp >= 0x20d0 && cp <= 0x20ff) || cp === 0x200b || cp === 0xfe0f) return 0
  // Mathematical alphanumerics (𝒩) and anything else: a generous capital width.
  return 750
}

/** Width in px of plain text at `size` px. */
export function textWidth(text: string, size: number, bold = false): number {
  let total = 0
  for (const char of text) total += advance(char.codePointAt(0)!, bold)
  return (total * size) / 1000
}

/** Width in px of a label's runs at `size` px; scripts are drawn smaller. */
export function runsWidth(runs: readonly TextRun[], size: number): number {
  let total = 0
  for (const run of runs) total += textWidth(run.text, run.shift ? size * SCRIPT_SCALE : size, Boolean(run.bold))
  return total
}
