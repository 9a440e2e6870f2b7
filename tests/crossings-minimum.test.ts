/**
 * The `order` phase against exhaustive search: on every article figure and
 * corpus diagram small enough to search, the drawing has no more crossings
 * than the best order of its ranks that keeps the notation's rules (samples
 * side by side, groups together). What the layout still crosses beyond
 * Graphviz's count (bench/results.md) then comes from those rules and the
 * ranks, not from the heuristics.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { analyze } from '../src/compile.js'
import { place } from '../src/layout/layout.js'
import { crossings } from '../src/layout/order.js'
import { minimumCrossings } from './exact-order.js'

const diagrams = ['fixtures/figures', 'fixtures/corpus'].flatMap((folder) =>
  readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: `${folder.split('/')[1]}/${entry.name}`, source: readFileSync(`${folder}/${entry.name}/input.dgm`, 'utf8') }))
)

/**
 * Diagrams whose order the heuristics leave above the minimum, by how much.
 * World model: the minimum stands the KL op between the decoder and the
 * reward head, its loss in the middle of the bottom row; that moves an op,
 * its long wire and the objectives' order at once, which neither the sweeps,
 * the transpositions, the long wires' slides nor twelve shuffled starts reach.
 * (The learned optimiser and learned compression, named here in session 14,
 * reach their minimum since `slideWires` moves a long wire with its lone ends
 * as one.)
 */
const KNOWN_GAPS: Record<string, number> = { 'corpus/world-model': 1 }

describe('crossings: the order phase reaches the exact minimum for its ranks', () => {
  const searched: string[] = []
  test.each(diagrams)('$name', ({ name, source }) => {
    const { diagram } = analyze(source)
    const { layered } = place({ ...diagram, wires: diagram.wires.filter((w) => !w.store) })
    const drawn = crossings(layered.ranks)
    const minimum = minimumCrossings(layered.ranks, undefined, drawn)
    if (minimum === undefined) return
    searched.push(name)
    expect(drawn - minimum).toBe(KNOWN_GAPS[name] ?? 0)
  })
  test('the search covers nearly every diagram', () => {
    // At least 90 %: the few left out (16 of 286) hold a rank of more than 8 nodes and dummies or pass the
    // search's budget (in session 13, 20 M orders settled three more at 2 s each and still not the others).
    expect(searched.length).toBeGreaterThanOrEqual(Math.ceil(0.9 * diagrams.length))
  })
})
