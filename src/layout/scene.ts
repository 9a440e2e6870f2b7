/**
 * The Scene: a positioned, serialisable drawing, complete on its own. It is
 * the boundary between layout and rendering (the renderer reads nothing
 * else); geometry tests read it directly. All numbers are in px, rounded to
 * one decimal, y grows downwards.
 */
import type { NodeKind, Sequence } from '../ir/types.js'
import type { TextRun } from '../text/label.js'

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

export type Point = [x: number, y: number]

/** How a node is drawn. */
export type ShapeKind = 'rect' | 'round-rect' | 'text' | 'circle' | 'ellipse' | 'strip' | 'tensor' | 'deck' | 'world'

/** One primitive of a node's outline, in scene coordinates. */
export type ScenePrimitive =
  | { shape: 'rect'; box: Box; rx?: number; filled?: boolean }
  | { shape: 'circle'; box: Box }
  | { shape: 'ellipse'; box: Box }
  /** An open outline, the cards behind a bank's front box. */
  | { shape: 'polyline'; points: Point[] }

export interface SceneNode {
  /** Id of the diagram node. */
  id: string
  kind: NodeKind
  shape: ShapeKind
  /** Which panel (phase) this copy belongs to; 0 for a single panel. */
  panel: number
  /** The shape itself: where wires start and end. */
  box: Box
  /** Where the label is drawn: the centre of its baseline. */
  labelAt: Point
  text: TextRun[]
  /** Font size of the label in px. */
  fontSize: number
  note?: { text: TextRun[]; at: Point }
  sequence?: Sequence
  /** Draws the trainable star at this point (its centre). */
  star?: Point
  /** A random op: draws a small `~` centred at this point, above its right shoulder. */
  random?: Point
  /** Draws ▽ (min) or △ (max) centred at this point. */
  objective?: {
    direction: 'min' | 'max'
    at: Point
    /** The term's weight, right-aligned on this baseline point left of the triangle. */
    weight?: { text: TextRun[]; at: Point }
    /** The subset the term is taken over (`min L on m`), drawn small and centred on this baseline point under the triangle. */
    subset?: { text: TextRun[]; at: Point; fontSize: number }
  }
  /** What the shape draws (none for a plain variable). */
  outline: ScenePrimitive[]
}

export interface SceneWire {
  from: string
  to: string
  panel: number
  kind: 'sample' | 'flow'
  /** Orthogonal polyline from the start on `from` to the end on `to`. */
  points: Point[]
  /** A filled arrowhead at the end; inputs of analytic ops have none. */
  arrow: boolean
  /** Runs back up against the flow, around the side (recurrence, loops). */
  back?: boolean
  /** Carries no gradient back (`stop a -> b`): drawn with a cut `‖` across it. */
  stopGradient?: true
  /** A lone sample straight under its source: the tilde alone draws it. */
  underTilde?: true
  /** Updates state without a gradient (`update … from …`): drawn dashed. */
  update?: true
  /** Writes into a data set (`store s, a in D`): a back wire into the buffer's side, on a column of its own outside the drawing. */
  store?: true
  /** Links a `∇` op to the module it differentiates (`grad [D] wrt x`): drawn dotted and thin. */
  derivative?: true
  /** A prior's wire into the op that evaluates its density (`density p at z`): leaves the prior's side and comes down the op's top. */
  density?: true
}

/** A labelled frame around a group of nodes. */
export interface SceneFrame {
  /** Id of the diagram's group. */
  id: string
  panel: number
  box: Box
  label: TextRun[]
  /** Where the label starts: the left end of its baseline. */
  labelAt: Point
  fontSize: number
}

/** Marks that belong to no single wire: a source's tilde, a joint sample's brace. */
export type SceneMark =
  | { kind: 'tilde'; panel: number; at: Point }
  | { kind: 'brace'; panel: number; at: Point; from: number; to: number }

export interface Scene {
  width: number
  height: number
  nodes: SceneNode[]
  wires: SceneWire[]
  marks: SceneMark[]
  /** `(a)`, `(b)` under the panels of a phased diagram. */
  panelLabels: { text: string; at: Point }[]
  /** Frames around groups, outer before inner. */
  frames: SceneFrame[]
  /** How the phases follow each other, drawn between the panels; absent without a schedule. */
  schedule?: SceneSchedule
  /**
   * Sizes of the glyphs drawn at points: the star's span, the triangle's side,
   * how far a stop-gradient's cut reaches either side of its wire; and the tie
   * mark that ends a tied instance's label (layout/shapes `TIE`).
   */
  glyphs: { star: number; triangle: number; stopHalf: number; panelLabelSize: number; tie: { mark: string; length: number; spacing: number; axis: number } }
}

/**
 * A schedule between the panels (`schedule`, `alternate`, `inside`, `every`),
 * drawn in the wires' line style. Panels are drawing positions (`panel` of
 * the nodes).
 */
export interface SceneSchedule {
  /**
   * An arrow from the panel that runs first to the one that follows, with an
   * arrowhead at the end; two between the same panels, one each way, are a
   * turn (⇄). `label` (`every C steps`) is centred on its baseline point.
   */
  arrows: { from: number; to: number; points: Point[]; label?: { text: TextRun[]; at: Point } }[]
  /** A panel's count (`×5`) or period beside its label: the left end of the baseline. */
  notes: { panel: number; text: TextRun[]; at: Point }[]
  /** A frame around an inner phase's panel (`inside b: a xk`), its count in the top-left corner (left end of the baseline). */
  frames: { panel: number; box: Box; label: TextRun[]; labelAt: Point }[]
  /** Font size of labels, notes and frame counts, in px. */
  fontSize: number
}
