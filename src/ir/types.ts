/**
 * The diagram IR: what a `dgm` block means, as plain JSON-serialisable data.
 * Produced by `build` from the syntax tree, read by `check` and `layout`.
 * `dgm parse FILE.dgm` prints it.
 */
import type { Span } from '../diagnostics.js'
import type { TextRun } from '../text/label.js'

/** What a node is, in the three-element notation. */
export type NodeKind =
  /** A data set (`X`, `(X, Y)`): a rectangle with a bold label on the top row. */
  | 'dataset'
  /** A distribution (`N(0, 1)`): a rounded rectangle on the top row. */
  | 'prior'
  /** A value on a wire (`x`, `y'`, `loss`): plain text. */
  | 'variable'
  /** A numeric block with weights (`[f]`): a rectangle. */
  | 'module'
  /** A pure function without weights (`(ce)`, `(+)`, `(× σ)`): a circle or ellipse. */
  | 'op'

/** A sequence drawn as a strip of cells; slices leave one cell blank. */
export interface Sequence {
  /** Which cell the slice drops: `none` for the whole sequence (`x[:]`). */
  drop: 'none' | 'first' | 'last'
  /** For a slice, the id of the whole sequence it is cut from. */
  of?: string
}

export interface DiagramNode {
  /** Unique within the diagram; stable for the same source. */
  id: string
  kind: NodeKind
  /** The label as the author wrote it. */
  label: string
  /** The label as drawn: sub- and superscripts, Greek letters, bold. */
  text: TextRun[]
  /** A side note: `σ` of an inline op `(× \sigma)`, or the period of an update's rule (`every C steps`). */
  note?: TextRun[]
  /** An inline op, an operator symbol with a note (`(× \sigma)`): drawn as a small circle on the wire. */
  inline?: true
  /** Marked `*`: its weights (or, for a variable, its value) are trained. */
  trainable: boolean
  /** Written `**x**`: a given datum, neither sampled nor computed. */
  given: boolean
  sequence?: Sequence
  /** `bank [D] by t`: one network per index value, not one network conditioned on it. */
  bank?: true
  /** `learned e`: a tensor trained and shared by every sample ([CLS], a soft prompt), drawn in a small box. */
  learned?: true
  /** Updated by `update … from …` without a gradient (a moving average, running statistics). */
  state?: true
  /** Listed in `random …`: an op with its own randomness (dropout, masking, augmentation). */
  random?: true
  /** Listed in `batch …`: an op whose output for one sample depends on the others in the batch (in-batch negatives, batch statistics). */
  batch?: true
  /**
   * Declared by `environment Env: a -> s', r` (kind `module`): the world an
   * agent acts in. It takes an action and gives back a state and a reward,
   * has no weights, and no gradient flows back through it.
   */
  environment?: true
  /** `[f]^{-1}`: the id of the forward module this box runs backwards (a normalizing flow sampled), with its weights. */
  inverse?: string
  /** `grad [D] wrt x`: the ids of what this `∇` op differentiates and of the input it differentiates with respect to. */
  derivative?: { of: string; wrt: string }
  /** Where the node first appears in the source. */
  span: Span
}

export interface Wire {
  from: string
  to: string
  /** `sample` wires hang under a source's tilde; `flow` wires carry values. */
  kind: 'sample' | 'flow'
  /**
   * A wire that runs back up against the flow (a recurrence's state, a loop's
   * carried variable). The layout leaves it out when it ranks the nodes and
   * draws it around the side, into the side of its target, with an arrowhead.
   * A wire that closes a cycle is drawn this way even when not marked.
   */
  back?: boolean
  /** Part of an `update … from …: rule`: moves state without a gradient; the checker's gradients skip it. */
  update?: true
  /** Written `stop a -> b` (the line's first arrow): the value flows forward, no gradient flows back (drawn with a cut `‖`). */
  stopGradient?: true
  /**
   * Written by `store s, a in D`: a value written into a data set (a replay
   * or rollout buffer), read back later by `D ~ …`. Always a back wire; it
   * carries no gradient.
   */
  store?: true
  /** `tap [f] at h`: an intermediate feature or side output, leaving the module's side rather than its bottom. */
  tap?: true
  /**
   * `grad [D] wrt x`: links a `∇` op to what it differentiates (drawn dotted).
   * A gradient into the op runs back along it into the module's weights
   * (double backprop), as along any wire.
   */
  derivative?: true
  /** `density p at z`: the prior's wire into the op that evaluates its density; it leaves the prior's side, away from the tilde of its samples. */
  density?: true
  span: Span
}

/**
 * A set of nodes kept together inside a labelled frame: a ×N stack, a loop
 * over t, a panel of one phase. The frame holds the group's nodes and those
 * of every group nested in it, and no other node.
 */
export interface Group {
  /** Unique among the diagram's groups. */
  id: string
  /** Drawn in the frame's top-left corner (`×N`, `t = 1..T`); may be empty. */
  label: TextRun[]
  /** Ids of the nodes directly in this group (not those of nested groups). */
  nodes: string[]
  /** Id of the group this one is nested in. */
  parent?: string
}

export interface Objective {
  /** Id of the scalar node the objective optimises. */
  node: string
  direction: 'min' | 'max'
  /** The term's weight as drawn beside its triangle (`λ` in `min \lambda L1`); absent for weight 1. */
  weight?: TextRun[]
  /** `min L on m`: the subset the term is taken over (masked positions, labelled nodes), drawn under its triangle. */
  subset?: {
    text: TextRun[]
    /** The node the subset names (a mask the diagram computes), when it names one. */
    node?: string
    span: Span
  }
  span: Span
}

/** One panel of an alternating setup: the same graph, other stars and triangles. */
export interface Phase {
  /** Shown under the panel, without parentheses: `a`. */
  label: string
  /** Ids of the nodes trained in this phase. */
  trainable: string[]
  /** The objectives of this phase (the diagram's, with this phase's directions); none for an inference or sampling panel. */
  objectives: Objective[]
  /** Ids of the nodes this panel leaves out (`without a, b`), with their wires. */
  hidden?: string[]
  span: Span
}

/**
 * One set of weights drawn as several boxes (`f1, f2 = *[f]`): a siamese
 * encoder on two views, a cell unrolled over time. A gradient into any
 * instance trains the set, and training the set stars every instance.
 */
export interface Tie {
  /** The module's label as written, `f` in `f1, f2 = *[f]`. */
  label: string
  /** Ids of the instances, in the order they were named. */
  nodes: string[]
  span: Span
}

export interface Diagram {
  caption?: string
  /** In order of first appearance. */
  nodes: DiagramNode[]
  /** In order of appearance, without duplicates. */
  wires: Wire[]
  /** The objectives written outside any phase. */
  objectives: Objective[]
  /** Empty for a single-panel diagram. */
  phases: Phase[]
  /** Frames around groups of nodes; none when absent. */
  groups?: Group[]
  /** Sets of boxes that share one set of weights; none when absent. */
  ties?: Tie[]
  /** How the phases follow each other; absent when no `schedule`, `alternate`, `inside` or `every` line says. */
  schedule?: Schedule
}

/** A phase's place in a schedule: its index in `Diagram.phases`, and its steps per turn. */
export interface ScheduledPhase {
  phase: number
  /** Drawn beside the panel's label, `×5`; absent for one step. */
  count?: TextRun[]
}

/**
 * How the phases of a diagram follow each other, drawn between the panels.
 * Phases are indices into `Diagram.phases`.
 */
export interface Schedule {
  /** `schedule: a -> b`: each phase runs to its end before the next starts. */
  sequences: { phases: number[]; span: Span }[]
  /** `alternate: a x5, b`: the phases take turns, each its count of steps per turn, over and over. */
  alternations: { phases: ScheduledPhase[]; span: Span }[]
  /** `inside b: a xk`: every step of `outer` first runs `count` steps of `inner` (MAML's adaptation, a PGD attack). */
  nestings: { outer: number; inner: number; count: TextRun[]; span: Span }[]
  /**
   * `every C steps: eval`: a phase, or the rule op of an `update` (a target
   * network's copy, an EMA), run once per period; `period` is drawn as
   * written, `every C steps`.
   */
  periodic: { phase?: number; node?: string; period: TextRun[]; span: Span }[]
}
