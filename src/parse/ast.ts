/**
 * The syntax tree of a `dgm` block: one statement per line, every part with
 * the span it was written at. It says what the author wrote; meaning (which
 * word names which node) is decided later, in `ir/`.
 */
import type { Span } from '../diagnostics.js'

/** `[:]` the whole sequence, `[:-1]` without its last cell, `[1:]` without its first. */
export type Slice = 'all' | 'drop-last' | 'drop-first'

/** One term of a chain: `*[f]`, `(ce)`, `x`, `"posterior loss"`, `**x**`, `y[1:]`. */
export interface Term {
  /** `[…]` module, `(…)` op, anything else a word that names a variable or a bound name. */
  form: 'module' | 'op' | 'word'
  /** The text inside the brackets, quotes or bold marks. */
  text: string
  /** Marked with a leading `*`. */
  trainable: boolean
  /** Written `**x**`: a given datum. */
  given: boolean
  /** Written in quotes: never a bound name. */
  quoted: boolean
  slice?: Slice
  span: Span
}

/** A name or label referred to in a phase or an objective. */
export interface Ref {
  text: string
  span: Span
}

export interface CaptionStatement {
  type: 'caption'
  text: string
  span: Span
}

/** `SOURCE ~ a, b` */
export interface SampleStatement {
  type: 'sample'
  source: Ref
  targets: Term[]
  span: Span
}

/** `name = term` */
export interface BindStatement {
  type: 'bind'
  name: Ref
  term: Term
  span: Span
}

/** `a, b -> [f] -> c`: consecutive groups are fully connected. */
export interface ChainStatement {
  type: 'chain'
  groups: Term[][]
  span: Span
}

/** `min a, b` or `max a`; `min \lambda a` weighs a term. */
export interface ObjectiveStatement {
  type: 'objective'
  direction: 'min' | 'max'
  targets: Ref[]
  /** The weight written before each target (`\lambda` in `min \lambda L1`), by index into `targets`. */
  weights?: (Ref | undefined)[]
  span: Span
}

/** `random (dropout), (mask)`: ops that draw their own randomness; `batch (BN)`: ops that couple the samples of a batch. */
export interface RandomStatement {
  type: 'random' | 'batch'
  ops: Ref[]
  span: Span
}

/** `stop a -> b -> c`: the wires of the first arrow carry the value forward but no gradient back. */
export interface StopStatement {
  type: 'stop'
  chain: ChainStatement
  span: Span
}

/** `phase (a): train d; min loss` */
export interface PhaseStatement {
  type: 'phase'
  /** The label as written without parentheses, or undefined for the next letter. */
  label: string | undefined
  /** Names trained in this phase; undefined when the phase keeps the diagram's marks. */
  train: Ref[] | undefined
  objectives: ObjectiveStatement[]
  /** `without a, b`: names left out of this phase's panel. */
  without?: Ref[]
  span: Span
}

export type Statement =
  | CaptionStatement
  | SampleStatement
  | BindStatement
  | ChainStatement
  | ObjectiveStatement
  | PhaseStatement
  | StopStatement
  | RandomStatement

export interface Ast {
  type: 'dgm'
  statements: Statement[]
}
