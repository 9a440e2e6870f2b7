// Fuzzing inputs, shared by tests/fuzz.test.ts and scripts/fuzz.js: strings
// of the language's tokens, the article's figures mutated, and graph shapes,
// the inputs that make layout and checks work hardest (dense DAGs, bipartite
// blocks, long skips, cycles, many phases, long labels, control characters),
// sized by `scale` from tiny (0) to just over the limits (1). The limits come
// from the caller: src/limits.ts in tests, dist/limits.js in the script.
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'

const TOKENS = ['->', '~', ',', '=', '*', '[', ']', '(', ')', '"', '**', '#', ':', ';', 'x', "y'", 'x_0', '\\mu', '[f]', '(ce)', 'min', 'max', 'phase', 'train', 'caption:', '\n', ' ', '数据', '🙂', '[:]', '[1:]', '[:-1]', 'N(0, 1)', '(X, Y)']

/** Up to 60 tokens of the language, in any order. */
export function tokenSoup() {
  return fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((t) => t.join(' '))
}

/** The article's figures with characters deleted, inserted or swapped. */
export function mutatedFigures() {
  const figures = readdirSync('fixtures/figures').map((n) => readFileSync(`fixtures/figures/${n}/input.dgm`, 'utf8'))
  return fc.tuple(fc.constantFrom(...figures), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(...TOKENS, '', 'a')), { minLength: 1, maxLength: 6 })).map(([source, edits]) => {
    let s = source
    for (const [at, length, insert] of edits) {
      const i = at % (s.length + 1)
      s = s.slice(0, i) + insert + s.slice(i + (length % 4))
    }
    return s
  })
}

/** Characters that must never reach the SVG as they are. */
export const UNSAFE_CHARACTERS = ['\u0000', '\u0001', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\uFFFE', '\uFFFF', '\uD800', '\uDFFF', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069']

/** @param {number} n @param {(i: number) => string} name */
const names = (n, name) => Array.from({ length: n }, (_, i) => name(i))

/**
 * A size up to just over `limit` × `scale`: half of them anywhere from 1, half
 * within a few of the top, so that at scale 1 the limit itself is hit often.
 * @param {number} limit @param {number} scale
 */
const around = (limit, scale) => {
  const top = Math.max(2, Math.ceil((limit + 2) * scale))
  return fc.oneof(fc.integer({ min: 1, max: top }), fc.integer({ min: Math.max(1, top - 4), max: top }))
}

/**
 * A seeded random DAG of `wires` distinct wires (at most all pairs) on `nodes`
 * nodes, one `vA -> vB` line each: the shape that took 284 s before the wire
 * budget.
 * @param {number} nodes @param {number} wires @param {number} [seed]
 */
export function randomDag(nodes, wires, seed = 12) {
  let s = seed >>> 0
  const random = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32
  /** @type {Set<string>} */
  const seen = new Set()
  while (seen.size < Math.min(wires, (nodes * (nodes - 1)) / 2)) {
    const a = Math.floor(random() * (nodes - 1))
    seen.add(`v${a} -> v${a + 1 + Math.floor(random() * (nodes - 1 - a))}`)
  }
  return [...seen]
}

/** @typedef {typeof import('../src/limits.js')} Limits */

/** @param {number} scale @param {Limits} L */
function denseDag(scale, L) {
  return fc.tuple(around(Math.sqrt(L.MAX_WIRES) * 4, scale), around(L.MAX_WIRES, scale), fc.integer()).map(([n, wires, seed]) =>
    `${randomDag(n + 1, wires, seed).join('\n')}\nX ~ v0\nv${n} -> loss\nmin loss`)
}

/** @param {number} scale @param {Limits} L */
function bipartite(scale, L) {
  return fc.tuple(around(Math.sqrt(L.MAX_WIRES), scale), around(Math.sqrt(L.MAX_WIRES), scale), around(4, scale)).map(([a, b, blocks]) =>
    names(blocks, (k) => `${names(a, (i) => `a${k}_${i}`).join(', ')} -> ${names(b, (i) => `*[b${k}_${i}]`).join(', ')}`).join('\n'))
}

/** A chain with wires from its first node to every later one. @param {number} scale @param {Limits} L */
function longSkips(scale, L) {
  return around(L.MAX_WIRES / 2, scale).map((n) => `${names(n + 1, (i) => `v${i}`).join(' -> ')}\n${names(n, (i) => `v0 -> v${i + 1}`).join('\n')}`)
}

/** A chain with wires back to earlier nodes. @param {number} scale @param {Limits} L */
function cycles(scale, L) {
  return fc.tuple(around(L.MAX_WIRES / 2, scale), fc.integer({ min: 1, max: 9 })).map(([n, step]) =>
    `${names(n + 1, (i) => `v${i}`).join(' -> ')}\n${names(Math.floor(n / step), (i) => `v${(i + 1) * step} -> v${i * step}`).join('\n')}`)
}

/** One group of many nodes, without wires. @param {number} scale @param {Limits} L */
function manyNodes(scale, L) {
  return around(L.MAX_NODES, scale).map((n) => names(n, (i) => `n${i}`).join(', '))
}

/** @param {number} scale @param {Limits} L */
function manyPhases(scale, L) {
  return fc.tuple(around(60, scale), around(L.MAX_PHASE_ELEMENTS / 20, scale)).map(([n, phases]) =>
    `X ~ v0\n${names(n, (i) => `v${i} -> *[f${i}]`).join('\n')}\n${names(n, (i) => `[f${i}] -> v${i + 1}`).join('\n')}\nv${n} -> (loss)\n${names(phases, (i) => `phase: train f${i % n}; min loss`).join('\n')}`)
}

/** Labels, sources and captions at and just over their length limits. @param {number} scale @param {Limits} L */
function longLabels(scale, L) {
  const label = (/** @type {number} */ limit) => around(limit, scale).map((n) => 'x'.repeat(n))
  return fc.tuple(label(L.MAX_LABEL_CHARS), label(L.MAX_LABEL_CHARS), label(L.MAX_LABEL_CHARS), label(L.MAX_CAPTION_CHARS)).map(([a, b, c, caption]) =>
    `caption: ${caption}\n${a} ~ x\nx -> *[${b}] -> "${c}_{${b}}"\nmin "${c}_{${b}}"\nphase (${a}): min "${c}_{${b}}"`)
}

/** Control characters, noncharacters, lone surrogates and bidi controls in every place author text goes. */
function controls() {
  const text = fc.array(fc.oneof(fc.constantFrom(...UNSAFE_CHARACTERS), fc.constantFrom('a', 'x_0', '\\mu', ' ', 'ש', 'ع')), { minLength: 1, maxLength: 8 }).map((parts) => parts.join(''))
  return fc.tuple(text, text, text, text).map(([caption, source, module, quoted]) =>
    `caption: ${caption}\n"${source}" ~ x\nx -> *[${module}] -> "${quoted}" # ${caption}\nmin "${quoted}"`)
}

/**
 * Every shape, sized by `scale` (0: tiny, 1: at and just over the limits).
 * @param {number} scale
 * @param {Limits} limits
 */
export function graphShapes(scale, limits) {
  const shapes = [denseDag, bipartite, longSkips, cycles, manyNodes, manyPhases, longLabels]
  return fc.oneof(...shapes.map((shape) => shape(scale, limits)), controls())
}
