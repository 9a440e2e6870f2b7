// Checks shared by the fuzz tests and scripts/fuzz.js.
import { performance } from 'node:perf_hooks'
import { SaxesParser } from 'saxes'

/**
 * Parse `text` with a strict XML 1.0 parser (saxes checks every character
 * against the XML `Char` production); throws on the first fault.
 * @param {string} text
 */
export function parseXml(text) {
  const parser = new SaxesParser({ xmlns: true })
  /** @type {Error | undefined} */
  let fault
  parser.on('error', (error) => {
    fault ??= error
  })
  parser.write(text).close()
  if (fault) throw fault
}

/**
 * A hang guard, not a timing test: generous enough for a slow shared machine,
 * short enough that a quadratic path fails it on the inputs that found it.
 */
export const HANG_BOUND_MS = 10_000

/**
 * Run `f`, and fail if it took longer than the hang bound.
 * @template T
 * @param {() => T} f
 * @returns {T}
 */
export function withinHangBound(f) {
  const start = performance.now()
  try {
    return f()
  } finally {
    const elapsed = performance.now() - start
    if (elapsed > HANG_BOUND_MS) throw new Error(`Expected to finish within ${HANG_BOUND_MS} ms, took ${Math.round(elapsed)} ms`)
  }
}
