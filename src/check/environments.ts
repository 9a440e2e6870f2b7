/**
 * Checker rules for environments and buffers (issue 11): the world an agent
 * acts in has no weights and passes no gradient back to the action that
 * reached it; a write into a buffer carries none either. What an
 * environment gives back is produced by its wires, and an action or a
 * stored value that nothing produces is the general `unproduced-variable`.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram, Wire } from '../ir/types.js'
import { trainedButWeightless } from './weights.js'

/** Ids of the diagram's environments. */
export function environments(diagram: Diagram): Set<string> {
  return new Set(diagram.nodes.filter((n) => n.environment).map((n) => n.id))
}

/**
 * Whether a wire carries no gradient back for these two constructs: an
 * action into an environment (the world is not differentiable; a policy
 * learns through a score function or a learned model instead) and a write
 * into a buffer (read back later, by a sample).
 */
export function noGradient(wire: Wire, worlds: ReadonlySet<string>): boolean {
  return wire.store === true || worlds.has(wire.to)
}

/** An environment marked trainable, with `*` or in a phase's `train` list: the world has no weights. */
export function trainedEnvironments(diagram: Diagram): Diagnostic[] {
  return trainedButWeightless(
    diagram,
    (n) => Boolean(n.environment),
    'trained-environment',
    (n) => `Expected environment \`${n.label}\` to have no weights, got it marked trainable: the world is not trained; for a learned model of it write a module (\`s, a -> *[dynamics] -> s'\`)`
  )
}
