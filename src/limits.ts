/**
 * Budgets: how much one diagram may ask of a host build. Every stage checks
 * its limit before any work that grows faster than the input, and refuses
 * with an error that names the limit and how to split the diagram.
 * The README's "Limits" table gives the worst case measured at each limit.
 */

/** Diagrams above this many nodes are refused rather than left to slow a build down. */
export const MAX_NODES = 1000

/**
 * Wires a diagram may have. Layout work grows with wires (and their length),
 * not nodes: `a, b -> c, d` draws a wire from every name on the left to every
 * name on the right, so each `->` is counted as written (left × right) before
 * it is expanded.
 */
export const MAX_WIRES = 500

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
