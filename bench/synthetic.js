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
  while (nodes < size - 3) {
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

/*
 * Shapes of graph that stress a layout in different ways, each a training
 * setup of about `size` nodes (a source on top, an objective at the bottom),
 * as `dgm` source. Shared by the corpus test (300 per run) and the growth
 * table of the benchmark. Deterministic for a size and seed; the seed varies
 * which modules are trainable and, for `dag`, the graph itself.
 */

/** @param {number} size @param {number} per @param {number} fixed */
const count = (size, per, fixed) => Math.max(1, Math.round((size - fixed) / per))
/** @param {() => number} next */
const star = (next) => (next() < 0.6 ? '*' : '')

/** @type {Record<string, (size: number, seed?: number) => string>} */
export const SHAPES = {
  /** One long chain: x → [m] → v → [m] → … → loss. */
  chain(size, seed = 1) {
    const next = random(seed)
    const k = count(size, 2, 3)
    const steps = Array.from({ length: k }, (_, i) => `${i ? '*' : star(next)}[m${i}] -> ${i + 1 < k ? `v_{${i}}` : 'loss'}`)
    return `caption: chain ${size}\nX ~ x\nx -> ${steps.join(' -> ')}\nmin loss\n`
  },
  /** One variable feeding many modules, each with its own objective. */
  fanOut(size, seed = 1) {
    const next = random(seed)
    const k = count(size, 2, 2)
    const lines = ['caption: fan-out', 'X ~ x']
    for (let i = 0; i < k; i++) lines.push(`x -> ${star(next)}[m${i}] -> y_{${i}}`)
    lines.push(`min ${Array.from({ length: k }, (_, i) => `y_{${i}}`).join(', ')}`)
    return `${lines.join('\n')}\n`
  },
  /** Many sources whose samples all feed one module. */
  fanIn(size, seed = 1) {
    const next = random(seed)
    const k = count(size, 2, 2)
    const lines = ['caption: fan-in']
    for (let i = 0; i < k; i++) lines.push(`${next() < 0.3 ? `N(0, ${i})` : `D${i}`} ~ x_{${i}}`)
    lines.push(`${Array.from({ length: k }, (_, i) => `x_{${i}}`).join(', ')} -> *[f] -> loss`, 'min loss')
    return `${lines.join('\n')}\n`
  },
  /** One variable feeding one wide rank of modules that all feed one op. */
  wide(size, seed = 1) {
    const next = random(seed)
    const k = count(size, 1, 4)
    const modules = Array.from({ length: k }, (_, i) => `${star(next)}[m${i}]`)
    return `caption: wide rank\nX ~ x\nx -> ${modules.join(', ')} -> (sum) -> loss\nmin loss\n`
  },
  /** Residual blocks: each adds its input back around a module. */
  skips(size, seed = 1) {
    const next = random(seed)
    const k = count(size, 4, 3)
    const lines = ['caption: skip chains', 'X ~ h_{0}']
    for (let i = 0; i < k; i++) {
      lines.push(`add${i} = (+)`)
      lines.push(`h_{${i}} -> ${star(next)}[m${i}] -> a_{${i}} -> add${i} -> ${i + 1 < k ? `h_{${i + 1}}` : 'loss'}`)
      lines.push(`h_{${i}} -> add${i}`)
    }
    lines.push('min loss')
    return `${lines.join('\n')}\n`
  },
  /** A square grid: each module takes the two above it (a diagonal lattice). */
  grid(size, seed = 1) {
    const next = random(seed)
    const side = Math.max(2, Math.round(Math.sqrt(Math.max(1, size - 3))))
    const rows = Math.max(1, Math.round((size - 3) / side))
    const lines = ['caption: grid', 'X ~ x', `x -> ${Array.from({ length: side }, (_, j) => `${star(next)}[g0_${j}]`).join(', ')}`]
    for (let i = 1; i < rows; i++) {
      for (let j = 0; j < side; j++) lines.push(`[g${i - 1}_${j}], [g${i - 1}_${(j + 1) % side}] -> ${star(next)}[g${i}_${j}]`)
    }
    lines.push(`${Array.from({ length: side }, (_, j) => `[g${rows - 1}_${j}]`).join(', ')} -> (sum) -> loss`, 'min loss')
    return `${lines.join('\n')}\n`
  },
  /** A random training setup (sources, modules, binary ops, one objective). */
  dag: synthetic
}
