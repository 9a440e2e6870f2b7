/**
 * Sizes every node from its label's real text width: the shape, and the
 * room its decorations (star, triangle, side note) take beside it.
 */
import type { DiagramNode } from '../ir/types.js'
import { runsWidth } from '../text/metrics.js'
import type { ShapeKind } from './scene.js'

/** Spacing constants of the notation, in px. */
const FONT = 16
const SOURCE_FONT = 18
export const STAR = 16
export const TRIANGLE = 14
/** A sequence's strip: six cells, the dropped one blank. */
export const STRIP = { cell: 14, cells: 6, height: 16 }

export interface Measured {
  shape: ShapeKind
  width: number
  height: number
  fontSize: number
  /** Room left of the shape (star, objective triangle). */
  padLeft: number
  /** Room right of the shape (an inline op's note). */
  padRight: number
  noteWidth: number
}

/**
 * Measure a node.
 * @param starred whether any panel draws a star on it (its room is kept in all panels)
 * @param objective whether it carries a ▽/△
 */
export function measure(node: DiagramNode, starred: boolean, objective: boolean): Measured {
  const starRoom = starred ? STAR + 10 : 0
  switch (node.kind) {
    case 'dataset':
    case 'prior': {
      const w = runsWidth(node.text, SOURCE_FONT)
      return { shape: node.kind === 'prior' ? 'round-rect' : 'rect', width: Math.max(96, w + 40), height: 48, fontSize: SOURCE_FONT, padLeft: 0, padRight: 0, noteWidth: 0 }
    }
    case 'module': {
      const w = runsWidth(node.text, FONT)
      return { shape: 'rect', width: Math.max(70, w + 34), height: 84, fontSize: FONT, padLeft: starRoom, padRight: 0, noteWidth: 0 }
    }
    case 'op': {
      const w = runsWidth(node.text, node.note ? FONT * 0.9 : FONT * 0.85)
      const noteWidth = node.note ? runsWidth(node.note, FONT) + 8 : 0
      const round = w <= 22
      const size = node.note || (round && w <= 10) ? 18 : 34
      return {
        shape: round ? 'circle' : 'ellipse',
        width: round ? size : Math.ceil(w + 26),
        height: round ? size : 28,
        fontSize: node.note ? FONT * 0.9 : FONT * 0.85,
        padLeft: 0,
        padRight: noteWidth,
        noteWidth
      }
    }
    case 'variable': {
      const w = runsWidth(node.text, FONT)
      const triangle = objective ? TRIANGLE + 8 : 0
      if (node.sequence) {
        return { shape: 'strip', width: Math.max(STRIP.cell * STRIP.cells, w), height: STRIP.height + 4 + FONT + 2, fontSize: FONT, padLeft: Math.max(starRoom, triangle), padRight: 0, noteWidth: 0 }
      }
      return { shape: 'text', width: Math.max(8, Math.ceil(w) + 2), height: FONT + 5, fontSize: FONT, padLeft: Math.max(starRoom, triangle), padRight: 0, noteWidth: 0 }
    }
  }
}

