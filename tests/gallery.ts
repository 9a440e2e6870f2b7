/**
 * What the notation galleries' tests share: the geometry rules a gallery's
 * figures break (held in a golden file of known failures), and property tests
 * over a construct family's words.
 */
import { readdirSync, readFileSync } from 'node:fs'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import { failureCounts, problems, quality } from './geometry.js'
import { golden } from './golden.js'
import { withinHangBound } from './safety.js'

/** Where the notation galleries live, one folder per figure. */
export const GALLERY = 'fixtures/notation'

/** The gallery figures whose folder name starts with `prefix` (`g-`, `s-`, …). */
export const galleryFigures = (prefix: string): string[] => readdirSync(GALLERY).filter((name) => name.startsWith(prefix))

/** A gallery figure's source. */
export const gallerySource = (name: string): string => readFileSync(`${GALLERY}/${name}/input.dgm`, 'utf8')

/** Tests of a gallery itself: it holds at least `minimum` figures, and `dgm check` finds nothing in any of them. */
export function galleryIsClean(names: string[], minimum: number): void {
  test(`at least ${minimum} figures`, () => expect(names.length).toBeGreaterThanOrEqual(minimum))
  for (const name of names) test(`${name}: dgm check finds nothing`, () => expect(analyze(gallerySource(name)).diagnostics).toEqual([]))
}

/**
 * Compare the geometry rules each gallery figure of `names` breaks with the
 * golden file `known` (in the gallery folder). `SHOW=1` prints each finding.
 */
export function knownFailures(names: string[], known: string): void {
  const failures: Record<string, Record<string, number>> = {}
  for (const name of names) {
    const { scene } = render(gallerySource(name))
    const found = failureCounts(scene)
    if (Object.keys(found).length) failures[name] = found
    if (process.env.SHOW) for (const p of [...problems(scene), ...quality(scene)]) console.log(`${name}: ${p.kind} ${p.detail}`)
  }
  golden(`${GALLERY}/${known}`, `${JSON.stringify(failures, null, 2)}\n`)
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
