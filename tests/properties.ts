/**
 * The property test each notation helper runs over its own words: lines made
 * of them render to an SVG without NaN or undefined, export to Mermaid and
 * draw.io, or are refused with a DgmError; nothing else is thrown and nothing
 * hangs.
 */
import fc from 'fast-check'
import { expect } from 'vitest'
import { render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import { toDrawio } from '../src/export/drawio.js'
import { toMermaid } from '../src/export/mermaid.js'
import { withinHangBound } from './safety.js'

/** Assert the property over up to 8 lines of up to 8 of `words` each. */
export function rendersOrRefuses(words: string[], numRuns = 300): void {
  const line = fc.array(fc.constantFrom(...words), { maxLength: 8 }).map((w) => w.join(' '))
  fc.assert(
    fc.property(fc.array(line, { maxLength: 8 }), (lines) => {
      try {
        const { svg, scene } = withinHangBound(() => render(lines.join('\n')))
        expect(svg).not.toMatch(/NaN|Infinity|undefined/)
        expect(toMermaid(scene)).not.toMatch(/undefined/)
        expect(toDrawio(scene)).not.toMatch(/NaN|undefined/)
      } catch (error) {
        expect(error).toBeInstanceOf(DgmError)
      }
    }),
    { numRuns }
  )
}
