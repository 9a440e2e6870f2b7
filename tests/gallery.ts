/**
 * What the notation galleries' tests share: the geometry rules a gallery's
 * figures break (held in a golden file of known failures), and property tests
 * over a construct family's words.
 */
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { expect } from 'vitest'
import { render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import { problems, quality, type Problem } from './geometry.js'
import { golden } from './golden.js'
import { withinHangBound } from './safety.js'

function count(found: Problem[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const p of found) out[p.kind] = (out[p.kind] ?? 0) + 1
  return out
}

/** Compare the geometry rules each figure of `names` (under `dir`) breaks with the golden file `known`. */
export function knownFailures(dir: string, names: string[], known: string): void {
  const failures: Record<string, Record<string, number>> = {}
  for (const name of names) {
    const { scene } = render(readFileSync(`${dir}/${name}/input.dgm`, 'utf8'))
    const found = count([...problems(scene), ...quality(scene)])
    if (Object.keys(found).length) failures[name] = found
  }
  golden(`${dir}/${known}`, `${JSON.stringify(failures, null, 2)}\n`)
}

/** Random lines of `words`: no crash, no foreign exception, no hang, no broken number in the SVG. */
export function noCrashOver(words: string[], numRuns = 300): void {
  const line = fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(' '))
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
      try {
        const svg = withinHangBound(() => render(lines.join('\n'))).svg
        expect(svg).not.toMatch(/NaN|Infinity|undefined/)
      } catch (error) {
        expect(error).toBeInstanceOf(DgmError)
      }
    }),
    { numRuns }
  )
}
