/**
 * The Scene: a positioned, serialisable drawing. It is the boundary between
 * layout and rendering; geometry tests read it directly. All numbers are in
 * px, rounded to one decimal, y grows downwards.
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
export type ShapeKind = 'rect' | 'round-rect' | 'text' | 'circle' | 'ellipse' | 'strip'

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
  /** Draws ▽ (min) or △ (max) centred at this point. */
  objective?: { direction: 'min' | 'max'; at: Point }
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
}
