/**
 * Synthetic training setups of a given size, for geometry tests and the
 * benchmark: data sources with samples, then modules and ops that combine
 * earlier values, ending in objectives. Deterministic for a seed.
 */

/** A small linear congruential generator: same seed, same diagram. */
/**
 * @param {number} seed
 * @returns {() => number}
 */
function random(seed) {
  let state = seed >>> 0 || 1
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** A `dgm` source with about `size` nodes. */
/**
 * @param {number} size
 * @param {number} [seed]
 * @returns {string}
 */
export function synthetic(size, seed = 1) {
  const next = random(seed)
  /** @type {<T>(items: T[]) => T} */
  const pick = (items) => /** @type {any} */ (items[Math.floor(next() * items.length)])
  /** @type {string[]} */
  const lines = [`caption: synthetic ${size}`]
  /** @type {string[]} */
  const fresh = []
  let nodes = 0
  let counter = 0
  const sources = Math.max(1, Math.round(size / 15))
  for (let s = 0; s < sources; s++) {
    const vars = next() < 0.5 ? [`x_${counter++}`] : [`x_${counter++}`, `y_${counter++}`]
    lines.push(`${s % 2 ? `N(0, ${s})` : `D${s}`} ~ ${vars.join(', ')}`)
    fresh.push(...vars)
    nodes += 1 + vars.length
  }
  /** @type {Set<string>} */
  const consumed = new Set()
  while (nodes < size - 2) {
    // Prefer values nobody used yet, so the graph grows down rather than wide.
    const open = fresh.filter((v) => !consumed.has(v))
    const a = open.length && next() < 0.8 ? pick(open.slice(-4)) : pick(fresh)
    const b = pick(fresh)
    const out = `v_${counter++}`
    if (next() < 0.55 || a === b) {
      lines.push(`${a} -> ${next() < 0.7 ? '*' : ''}[m${counter}] -> ${out}`)
    } else {
      lines.push(`${a}, ${b} -> (op${counter}) -> ${out}`)
      consumed.add(b)
    }
    consumed.add(a)
    fresh.push(out)
    nodes += 2
  }
  const sinks = fresh.filter((v) => !consumed.has(v)).slice(-3)
  lines.push(`${sinks.join(', ')} -> (loss_op) -> loss`)
  lines.push('min loss')
  return `${lines.join('\n')}\n`
}
