import { performance } from 'node:perf_hooks'
import { SaxesParser } from 'saxes'

/** Parse `text` with a strict XML 1.0 parser (it checks every character); throws on the first fault. */
export function parseXml(text: string): void {
  const parser = new SaxesParser({ xmlns: true })
  let fault: Error | undefined
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

/** Run `f`, and fail if it took longer than the hang bound. */
export function withinHangBound<T>(f: () => T): T {
  const start = performance.now()
  try {
    return f()
  } finally {
    const elapsed = performance.now() - start
    if (elapsed > HANG_BOUND_MS) throw new Error(`Expected to finish within ${HANG_BOUND_MS} ms, took ${Math.round(elapsed)} ms`)
  }
}
