/**
 * Budgets: how much one diagram may ask of a host build. Every stage checks
 * its limit before any work that grows faster than the input, and refuses
 * with an error that names the limit and how to split the diagram.
 * The README's "Limits" table gives the worst case measured at each limit.
 */

/** Diagrams above this many nodes are refused rather than left to slow a build down. */
export const MAX_NODES = 1000

/**
 * Wires a diagram may have (their length is bounded by `MAX_LAYOUT_CELLS`): `a, b -> c, d` draws a wire from every name on the left to every
 * name on the right, so each `->` is counted as written (left × right) before
 * it is expanded.
 */
export const MAX_WIRES = 2000

/**
 * Cells of the layered drawing: nodes plus one waypoint for every rank a wire
 * crosses. Ordering and placement work grows with cells, so a few long wires
 * across a deep diagram cost more than many short ones; the layout counts
 * them right after ranking, before any superlinear phase.
 */
export const MAX_LAYOUT_CELLS = 10000

/**
 * Every phase repeats the whole drawing: phases × (nodes + wires) may not
 * exceed this, which bounds the size of the SVG.
 */
export const MAX_PHASE_ELEMENTS = 3000

/** Characters in one label, name or data-set source (UTF-16 code units). */
export const MAX_LABEL_CHARS = 200

/** Characters in the `caption:` line. */
export const MAX_CAPTION_CHARS = 1000

/**
 * "Did you mean" hints compare an unknown name with the diagram's names by
 * edit distance, which is quadratic in their lengths: only names up to this
 * long are compared.
 */
export const MAX_HINT_CHARS = 32

/** Unknown names that get a "did you mean" hint; later ones get the plain error. */
export const MAX_HINTS = 20

/** Fence meta longer than this is refused: it is read on every build, and a caption belongs in the block. */
export const MAX_META_CHARS = 1000

/**
 * Phases named in all schedule lines together (`alternate: a x5, b` names
 * two): each may add an arrow between panels, and an arrow between panels
 * that are not neighbours a track under them.
 */
export const MAX_SCHEDULE_STEPS = 100
