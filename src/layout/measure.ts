/**
 * Phase `measure`: sizes every node from its label's real text width (the
 * shape table says how a shape grows around its label), and the room its
 * decorations (star, triangle, side note) take beside it.
 */
import type { DiagramNode } from '../ir/types.js'
import { runsWidth } from '../text/metrics.js'
import type { ShapeKind } from './scene.js'
import { CIRCLE_LABEL, FONT, SHAPES, SOURCE_FONT, STAR, TRIANGLE } from './shapes.js'

export { STAR, STRIP, TRIANGLE } from './shapes.js'

export interface Measured {
  shape: ShapeKind
  width: number
  height: number
  fontSize: number
  /** Room left of the shape (star, objective triangle). */
  padLeft: number
  /** Room right of the shape (an inline op's note). */
  padRight: number
  /** Room above the shape: an update's rule across its rank carries its note there (see layered.ts, `Flat`). */
  padTop?: number
}

/** Which shape draws a node of this kind. */
function shapeOf(node: DiagramNode, label: number): ShapeKind {
  switch (node.kind) {
    case 'dataset':
      return 'rect'
    case 'module':
      return node.environment ? 'world' : node.bank ? 'deck' : 'rect'
    case 'prior':
      return 'round-rect'
    case 'op':
      return label <= CIRCLE_LABEL || node.inline ? 'circle' : 'ellipse'
    case 'variable':
      return node.sequence ? 'strip' : node.learned || node.state ? 'tensor' : 'text'
  }
}

/**
 * Measure a node.
 * Pre: `node.text` is final. Post: the size holds the label at its full font size.
 * @param starred whether any panel draws a star on it (its room is kept in all panels)
 * @param objective whether it carries a ▽/△
 * @param weight room for the widest weight written beside its triangle (`λ`), in px
 */
export function measure(node: DiagramNode, starred: boolean, objective: boolean, weight = 0): Measured {
  const source = node.kind === 'dataset' || node.kind === 'prior'
  // An inline op's symbol (`×` in `(× σ)`) is set a little smaller than its note beside it.
  const fontSize = source ? SOURCE_FONT : node.inline ? FONT * 0.9 : FONT
  const label = runsWidth(node.text, fontSize)
  const shape = shapeOf(node, label)
  const { width, height } = SHAPES[shape].size(label, fontSize, source || Boolean(node.inline))
  const starRoom = starred ? STAR + 10 : 0
  const padLeft = node.kind === 'variable' ? Math.max(starRoom, objective ? TRIANGLE + 8 + weight : 0) : node.kind === 'module' ? starRoom : 0
  // A random op's `~` sits off its right shoulder.
  const padRight = node.note ? runsWidth(node.note, fontSize + 2) + 8 : node.random ? 14 : 0
  return { shape, width, height, fontSize, padLeft, padRight }
}
