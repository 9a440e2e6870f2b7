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

/** `p = N(0, 1)` or `D = (X, Y)`-like text: a name for a data set or prior, used as `p ~ z`. */
export interface SourceBindStatement {
  type: 'bind-source'
  name: Ref
  /** The source as written after `=`. */
  source: Ref
  span: Span
}

/** `f1, f2 = *[f]`: several boxes, one set of weights. */
export interface TiedBindStatement {
  type: 'bind-tied'
  names: Ref[]
  term: Term
  span: Span
}

/** `carry h -> [cell]` (a state fed back one step later), optionally `from h_0` (its initial value). */
export interface CarryStatement {
  type: 'carry'
  from: Term
  to: Term
  initial?: Term
  span: Span
}

/** `repeat N: a, b` (a stack ×N), `repeat N shared: a` (one weight set), `loop t = T -> 1: a, b` (an iteration). */
export interface FrameStatement {
  type: 'frame'
  keyword: 'repeat' | 'loop'
  /** What follows the keyword, as written: `N`, `t = T -> 1`. */
  header: string
  shared: boolean
  members: Ref[]
  span: Span
}

/** `learned cls, e_{pos}`: tensors trained and shared by every sample. */
export interface LearnedStatement {
  type: 'learned'
  targets: Term[]
  span: Span
}

/** `update target from online: rule`: state moved without a gradient, by the rule written after `:`. */
export interface UpdateStatement {
  type: 'update'
  target: Term
  source: Term
  rule: Ref
  span: Span
}

/** `bank [D] by t`: T distinct networks, the one used picked by the index `t`. */
export interface BankStatement {
  type: 'bank'
  module: Term
  index: Term
  span: Span
}

/** A phase named in a schedule, with how many steps it runs per turn (`critic x5`). */
export interface ScheduleStep {
  phase: Ref
  /** The count as written after `x` or `×`: `5`, `k`, `n_{critic}`. */
  count?: Ref
  span: Span
}

/**
 * How phases follow each other: `schedule: a -> b` (one after the other),
 * `alternate: a x5, b` (taking turns), `inside b: a xk` (every step of `b`
 * first runs k steps of `a`), `every C steps: eval` (a phase or an update run
 * once per period).
 */
export interface ScheduleStatement {
  type: 'schedule'
  kind: 'sequence' | 'alternate' | 'inside' | 'every'
  /** The phases in the order written; for `inside`, the inner phase; for `every`, the phases or updates run periodically. */
  steps: ScheduleStep[]
  /** `inside OUTER:` the phase that contains the inner one. */
  outer?: Ref
  /** `every C steps:` the period as written, `C steps`. */
  period?: Ref
  span: Span
}

export type Statement =
  | ScheduleStatement
  | BankStatement
  | LearnedStatement
  | UpdateStatement
  | CarryStatement
  | FrameStatement
  | SourceBindStatement
  | TiedBindStatement
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
