/**
 * Every number of a shape in one table: its size from its label, where wires
 * meet its outline, where its label, star, triangle and note go, and what it
 * draws. Measuring, routing and the Scene read this table and nothing else.
 */
import type { Box, Point, ScenePrimitive, ShapeKind } from './scene.js'

/** Label sizes in px: labels never shrink, a shape grows to fit its label. */
export const FONT = 16
export const SOURCE_FONT = 18
/** Glyphs beside a shape: the star's span, the objective triangle's side. */
export const STAR = 16
export const TRIANGLE = 14
/** A sequence's strip: six cells, the dropped one blank. */
/** Offset between a bank's cards. */
const DECK = 4

export const STRIP = { cell: 14, cells: 6, height: 16 }
/** An environment's globe: its radius and its gap from the box's left edge. */
const GLOBE = { r: 8, inset: 10 }

export interface Shape {
  /** Width and height for a label `label` px wide drawn at `fontSize`. */
  size(label: number, fontSize: number, small: boolean): { width: number; height: number }
  /**
   * Where a vertical wire `dx` from the centre meets the top of the outline,
   * as an offset from the centre (negative: above it).
   */
  top(dx: number, width: number, height: number): number
  /** Where a horizontal wire `dy` from the centre meets the side, as a distance from the centre. */
  side(dy: number, width: number, height: number): number
  /** Several wires from above land spread across the top (a flat top, slots in order); else all at the centre. */
  slots: boolean
  /** Baseline of the label, from the top of the box. */
  baseline(box: Box, fontSize: number): number
  /** Centre of the trainable star. */
  star(box: Box): Point
  /** What the shape draws; `drop` is the blank cell of a strip (-1: none). */
  draw(box: Box, drop: number): ScenePrimitive[]
}

const centred = (box: Box, fontSize: number) => box.height / 2 + fontSize * 0.35
const beside = (box: Box): Point => [box.x - 6 - STAR / 2, box.y + box.height / 2]
/** A shape whose top is flat: every wire meets it half its height above the centre. */
const flatTop = (_dx: number, _width: number, height: number) => -height / 2

/** A straight side: every wire meets it half the width out. */
const flatSide = (_dy: number, width: number) => width / 2

const ELLIPSE_HEIGHT = 28
/**
 * How far the top of a centred label's capitals stands above the shape's
 * centre, in ems (baseline 0.35 em below it, capitals 0.73 em tall). A long
 * label's ends reach where an ellipse narrows: it grows until they clear it
 * by 6 px, as the shorter ones do at the middle.
 */
const CAP_RISE = 0.38

/** Where a horizontal line meets the side of an ellipse. */
function roundSide(dy: number, width: number, height: number): number {
  const u = Math.min(1, Math.abs(dy) / (height / 2))
  return (width / 2) * Math.sqrt(1 - u * u)
}

/** Where a vertical line meets the top of an ellipse. */
function roundTop(dx: number, width: number, height: number): number {
  const u = Math.min(1, Math.abs(dx) / (width / 2))
  return -(height / 2) * Math.sqrt(1 - u * u)
}

export const SHAPES: Record<ShapeKind, Shape> = {
  /** A module (`[f]`): a tall box, the star at its top-left corner. */
  rect: {
    size: (label, _font, small) => (small ? { width: Math.max(96, label + 40), height: 48 } : { width: Math.max(70, label + 34), height: 84 }),
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: centred,
    star: (box) => [box.x - 8 - STAR / 2, box.y + STAR / 2 + 2],
    draw: (box) => [{ shape: 'rect', box }]
  },
  /** A prior (`N(0, 1)`): a rounded box on the top row. */
  'round-rect': {
    size: (label) => ({ width: Math.max(96, label + 40), height: 48 }),
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: centred,
    star: beside,
    draw: (box) => [{ shape: 'rect', box, rx: 8 }]
  },
  /** A variable: its label alone. */
  text: {
    size: (label, font) => ({ width: Math.max(8, Math.ceil(label) + 2), height: font + 5 }),
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: centred,
    star: beside,
    draw: () => []
  },
  /** An op whose label fits a circle; `small` for an inline op with a side note. */
  circle: {
    size: (label, _font, small) => {
      const d = Math.max(small || label <= 10 ? 18 : 34, Math.ceil(label) + (small ? 6 : 12))
      return { width: d, height: d }
    },
    top: roundTop,
    side: roundSide,
    slots: false,
    baseline: centred,
    star: beside,
    draw: (box) => [{ shape: 'circle', box }]
  },
  /** An op with a longer label, or merging several blocks from above. */
  ellipse: {
    size: (label, font) => ({ width: Math.ceil(Math.max(label + 26, (label + 12) / Math.sqrt(1 - (CAP_RISE * font / (ELLIPSE_HEIGHT / 2)) ** 2))), height: ELLIPSE_HEIGHT }),
    top: roundTop,
    side: roundSide,
    slots: false,
    baseline: centred,
    star: beside,
    draw: (box) => [{ shape: 'ellipse', box }]
  },
  /** A bank of networks, one per index (`bank [D] by t`): a module box with two cards behind it. */
  deck: {
    size: (label, _font, small) => {
      const { width, height } = small ? { width: Math.max(96, label + 40), height: 48 } : { width: Math.max(70, label + 34), height: 84 }
      return { width: width + 2 * DECK, height: height + 2 * DECK }
    },
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: (box, font) => DECK + (box.height - DECK) / 2 + font * 0.35,
    star: (box) => [box.x - 8 - STAR / 2, box.y + STAR / 2 + 2],
    draw: (box) => {
      const front = { x: box.x, y: box.y + 2 * DECK, width: box.width - 2 * DECK, height: box.height - 2 * DECK }
      // Card k is the front box moved k steps up and right; only its top and right edges show.
      const card = (k: number): ScenePrimitive => {
        const x = front.x + k * DECK
        const top = front.y - k * DECK
        const right = x + front.width
        const bottom = top + front.height
        return { shape: 'polyline', points: [[x, top + DECK], [x, top], [right, top], [right, bottom], [right - DECK, bottom]] }
      }
      return [card(2), card(1), { shape: 'rect', box: front }]
    }
  },
  /**
   * An environment (`environment Env: a -> s', r`): a low box like a data
   * set's, as it hands out data, with a small globe before its label, as it
   * answers actions like the world. The label stays centred: the box keeps
   * the globe's room on both sides.
   */
  world: {
    size: (label) => ({ width: Math.max(96, Math.ceil(label) + 2 * (GLOBE.r * 2 + GLOBE.inset + 8)), height: 48 }),
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: centred,
    star: beside,
    draw: (box) => {
      const cx = box.x + GLOBE.inset + GLOBE.r
      const cy = box.y + box.height / 2
      const ball = { x: cx - GLOBE.r, y: cy - GLOBE.r, width: 2 * GLOBE.r, height: 2 * GLOBE.r }
      // The outline, one meridian and the equator: a globe in three strokes.
      return [
        { shape: 'rect', box },
        { shape: 'circle', box: ball },
        { shape: 'ellipse', box: { x: cx - GLOBE.r * 0.45, y: ball.y, width: GLOBE.r * 0.9, height: ball.height } },
        { shape: 'polyline', points: [[ball.x, cy], [ball.x + ball.width, cy]] }
      ]
    }
  },
  /** A tensor held across samples (`learned e`, a state register): its label in a small box. */
  tensor: {
    size: (label, font) => ({ width: Math.ceil(label) + 14, height: font + 12 }),
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: centred,
    star: beside,
    draw: (box) => [{ shape: 'rect', box }]
  },
  /** A sequence: a strip of cells over its label. */
  strip: {
    size: (label, font) => ({ width: Math.max(STRIP.cell * STRIP.cells, label), height: STRIP.height + 4 + font + 2 }),
    top: flatTop,
    side: flatSide,
    slots: true,
    baseline: (box) => box.height - 4,
    star: beside,
    draw: (box, drop) => {
      const left = box.x + box.width / 2 - (STRIP.cell * STRIP.cells) / 2
      return Array.from({ length: STRIP.cells }, (_, i) => ({
        shape: 'rect' as const,
        box: { x: left + i * STRIP.cell, y: box.y, width: STRIP.cell, height: STRIP.height },
        filled: i !== drop
      }))
    }
  }
}

/** How far a stop-gradient's cut (two bars across its wire) reaches either side of the wire. */
export const STOP_HALF = 6

/**
 * The tie mark (`≡`) that ends the label of a tied instance and of a shared
 * stack (`×N ≡`): the label is measured with the character, and the renderer
 * draws three strokes in its room, so the mark does not depend on the
 * reader's fonts. Lengths in em of the label's font: each stroke's length,
 * the distance between strokes, the middle stroke's height over the baseline
 * (the maths axis, where `=` sits).
 */
export const TIE = { mark: '≡', length: 0.5, spacing: 0.19, axis: 0.32 }

/** Widest label, in px, that a circle holds; longer ones make the op an ellipse. */
export const CIRCLE_LABEL = 22

/** Centre of the ▽/△ left of a shape. */
export function triangleAt(box: Box): Point {
  return [box.x - 6 - TRIANGLE / 2, box.y + box.height / 2]
}

/** Right end of the baseline of an objective's weight, left of its triangle (`λ ▽ L1`). */
export function weightAt(box: Box, fontSize: number): Point {
  return [box.x - 10 - TRIANGLE, box.y + box.height / 2 + fontSize * 0.35]
}

/** Font size of a term's subset under its triangle (`min L on m`). */
export const SUBSET_FONT = 11

/** Room a subset under a triangle takes below its node's box. */
export const SUBSET_BELOW = 12

/** Centre of the baseline of a term's subset (`on m`), under its ▽/△. */
export function subsetAt(box: Box): Point {
  return [box.x - 6 - TRIANGLE / 2, box.y + box.height / 2 + TRIANGLE / 2 + SUBSET_FONT + 1]
}

/** Left end of the baseline of an inline op's side note. */
export function noteAt(box: Box, fontSize: number): Point {
  return [box.x + box.width + 6, box.y + box.height / 2 + fontSize * 0.4]
}

/** Left end of the baseline of a side note raised to the shoulder, where a wire meets the side at mid-height. */
export function noteShoulderAt(box: Box): Point {
  return [box.x + box.width + 4, box.y + 1]
}

/** Left end of the baseline of a note `width` wide centred above an op (an update's period, where wires leave both sides). */
export function noteAboveAt(box: Box, width: number): Point {
  return [box.x + box.width / 2 - width / 2, box.y - 5]
}
