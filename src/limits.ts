/**
 * Budgets: how much one diagram may ask of a host build. Every stage checks
 * its limit before any work that grows faster than the input, and refuses
 * with an error that names the limit and how to split the diagram.
 */

/** Diagrams above this many nodes are refused rather than left to slow a build down. */
export const MAX_NODES = 1000

/** Fence meta longer than this is refused: it is read on every build, and a caption belongs in the block. */
export const MAX_META_CHARS = 1000
