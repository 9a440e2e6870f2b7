// Each budget of src/limits.ts, tested on the input that showed the work it
// bounds was unbounded (issue 12), and at the limit, where it must still draw.
import { describe, expect, test } from 'vitest'
import { check } from '../src/check/check.js'
import { analyze, render } from '../src/compile.js'
import { codeFrame, DgmError, type Diagnostic } from '../src/diagnostics.js'
import type { Diagram, DiagramNode } from '../src/ir/types.js'
import { MAX_CAPTION_CHARS, MAX_HINTS, MAX_LABEL_CHARS, MAX_LAYOUT_CELLS, MAX_NODES, MAX_PHASE_ELEMENTS, MAX_WIRES } from '../src/limits.js'
import { toRuns } from '../src/text/label.js'
import { withinHangBound } from './safety.js'
import { randomDag } from './shapes.js'

const names = <T,>(n: number, name: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => name(i))

/** The errors of `source`, as `rule line:column`, within the hang bound. */
function errors(source: string): Diagnostic[] {
  return withinHangBound(() => analyze(source)).diagnostics.filter((d) => d.severity === 'error')
}

/** The one error `render` refuses `source` with, within the hang bound. */
function layoutRefusal(source: string): Diagnostic {
  const error = withinHangBound(() => {
    try {
      render(source)
    } catch (e) {
      return e
    }
  })
  expect(error).toBeInstanceOf(DgmError)
  expect((error as DgmError).diagnostics).toHaveLength(1)
  return (error as DgmError).diagnostics[0]!
}

const at = (d: Diagnostic) => `${d.ruleId} ${d.span.start.line}:${d.span.start.column}`

describe('wire budget', () => {
  test('200 nodes written on one 980-byte line (a0, …, a99 -> b0, …, b99) are refused before the wires are made', () => {
    const source = `${names(100, (i) => `a${i}`).join(', ')} -> ${names(100, (i) => `b${i}`).join(', ')}`
    expect(source.length).toBe(980)
    const { diagram, diagnostics } = withinHangBound(() => analyze(source))
    expect(diagnostics.map(at)).toEqual([`too-many-wires 1:${source.indexOf('b0') + 1}`])
    expect(diagnostics[0]!.message).toContain(`at most ${MAX_WIRES} wires, got 10000`)
    expect(diagnostics[0]!.message).toMatch(/split the diagram/)
    expect(diagram.wires).toEqual([])
    expect(() => render(source)).toThrow(DgmError)
  })

  test('a 1.4 KB input with long wires (104 s before) is refused by the layout budget within the hang bound', () => {
    // Blocks of 8 × 8 wires, each hanging under a long chain, so every wire is long.
    const chain = names(60, (i) => `c${i}`).join(' -> ')
    const blocks = names(10, (k) => `c${k * 4}, ${names(7, (i) => `p${k}_${i}`).join(', ')} -> ${names(8, (i) => `q${k}_${i}`).join(', ')}`)
    const source = [chain, ...blocks].join('\n')
    expect(source.length).toBeGreaterThan(1300)
    expect(source.length).toBeLessThan(1500)
    expect(errors(source)).toEqual([])
    expect(layoutRefusal(source).ruleId).toBe('too-large-layout')
  })

  test('long wires across a deep diagram are refused at the wire that takes the layout over MAX_LAYOUT_CELLS', () => {
    // Every wire from v0 crosses all ranks above its target: cells grow with the square of the chain.
    const n = Math.ceil(Math.sqrt(2 * MAX_LAYOUT_CELLS)) + 10
    const source = names(n, (i) => `v${i} -> v${i + 1}\nv0 -> v${i + 1}`).join('\n')
    expect(analyze(source).diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    const d = layoutRefusal(source)
    expect(d.ruleId).toBe('too-large-layout')
    expect(d.message).toContain(`at most ${MAX_LAYOUT_CELLS} layout cells`)
    expect(d.span.start.line).toBeGreaterThan(n / 2)
    expect(codeFrame(source, d.span)).toContain('> ')
    expect(source.split('\n')[d.span.start.line - 1]).toMatch(/^v0 -> v\d+$/)
  })

  test('a random 300-node, 2,508-wire DAG is refused at its wire number MAX_WIRES + 1, and its first MAX_WIRES wires draw', () => {
    const lines = randomDag(300, 2508)
    expect(errors(lines.join('\n')).map(at)).toEqual([`too-many-wires ${MAX_WIRES + 1}:${lines[MAX_WIRES]!.indexOf('->') + 4}`])
    // Its first MAX_WIRES wires are within the wire budget; their long wires are over the layout's.
    expect(layoutRefusal(lines.slice(0, MAX_WIRES).join('\n')).ruleId).toBe('too-large-layout')
  })

  test('repeated wires are merged, not counted twice', () => {
    expect(errors('a, b -> c, d\n'.repeat(5 * MAX_WIRES))).toEqual([])
  })

  test('sampled variables count as wires', () => {
    const source = `X ~ ${names(MAX_WIRES + 1, (i) => `x${i}`).join(', ')}`
    expect(errors(source).map(at)).toEqual(['too-many-wires 1:5'])
  })
})

describe('cycle report', () => {
  /** The IR of `a0, …, aN -> b0, …, bN` and back: a×b×2 wires, half of them closing a cycle. */
  function bothWays(n: number): Diagram {
    const node = (id: string): DiagramNode => ({ id, kind: 'variable', label: id, text: [{ text: id }], trainable: false, given: false, span: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } })
    const as = names(n, (i) => node(`a${i}`))
    const bs = names(n, (i) => node(`b${i}`))
    const wire = (from: DiagramNode, to: DiagramNode, line: number) => ({ from: from.id, to: to.id, kind: 'flow' as const, span: { start: { line, column: 1 }, end: { line, column: 2 } } })
    return {
      nodes: [...as, ...bs],
      wires: [...as.flatMap((a) => bs.map((b) => wire(a, b, 1))), ...bs.flatMap((b) => as.map((a) => wire(b, a, 2)))],
      objectives: [],
      phases: []
    }
  }

  test('cycle reporting in the checker is O(back wires × wires): 45,000 wires, 22,500 closing a cycle, give one error with its path', () => {
    const found = withinHangBound(() => check(bothWays(150)))
    expect(found.map(at)).toEqual(['cycle 2:1'])
    expect(found[0]!.message).toContain('got a cycle `a0` → `b0` → `a0`')
  })

  test('each cycle is reported once, with the path around it', () => {
    const source = 'X ~ x\nx -> [f] -> a -> [g] -> x\ny -> [h] -> z -> [k] -> y\nz -> [k]'
    const cycles = errors(source).filter((d) => d.ruleId === 'cycle')
    expect(cycles.map((d) => d.message.replace(/ \(a state.*/, ''))).toEqual([
      'Expected the wires to flow one way, got a cycle `x` → `f` → `a` → `g` → `x`',
      'Expected the wires to flow one way, got a cycle `y` → `h` → `z` → `k` → `y`'
    ])
  })

  test('a long cycle names its first nodes and how many more', () => {
    const source = `${names(50, (i) => `v${i}`).join(' -> ')} -> v0`
    expect(errors(source)[0]!.message).toContain('`v7` → … (42 more) → `v0`')
  })
})

describe('node budget', () => {
  test('diagrams over the node limit are refused while they are built, before they are checked (18.8 KB)', () => {
    const source = `X ~ x\n${names(3000, (i) => `n${i}`).join(', ')}\nmin n0`
    expect(source.length).toBeGreaterThan(18_000)
    const { diagram, diagnostics } = withinHangBound(() => analyze(source))
    const line = source.split('\n')[1]!
    // `X` and `x` are nodes 1 and 2.
    expect(diagnostics.map(at)).toEqual([`too-many-nodes 2:${line.indexOf(`n${MAX_NODES - 2},`) + 1}`])
    expect(diagnostics[0]!.message).toContain(`at most ${MAX_NODES} nodes`)
    expect(diagram.nodes).toHaveLength(MAX_NODES)
  })

  test('a diagram of MAX_NODES nodes draws', () => {
    expect(withinHangBound(() => render(names(MAX_NODES, (i) => `n${i}`).join(', '))).scene.nodes).toHaveLength(MAX_NODES)
  })
})

describe('phase budget', () => {
  const graph = 'X ~ x\nx -> *[f] -> y -> (loss)\n'

  test('phases repeat the whole drawing without a limit: 30 KB of phases is refused at the phase that crosses the budget', () => {
    const source = graph + 'phase: min loss\n'.repeat(2000)
    expect(source.length).toBeGreaterThan(30_000)
    const perPanel = 5 + 4
    expect(errors(source).map(at)).toEqual([`too-many-phases ${3 + Math.floor(MAX_PHASE_ELEMENTS / perPanel)}:1`])
  })

  test('at the phase budget it draws', () => {
    const phases = Math.floor(MAX_PHASE_ELEMENTS / 9)
    const { svg } = withinHangBound(() => render(graph + 'phase: min loss\n'.repeat(phases)))
    expect((svg.match(/<text[^>]*>\(/g) ?? []).length).toBe(phases)
  })

  test('a repeated objective is drawn once', () => {
    const { diagram } = analyze(graph + 'min loss\n'.repeat(1000))
    expect(diagram.objectives).toHaveLength(1)
  })
})

describe('text budgets', () => {
  test('did-you-mean edit distance on long names (60 KB): refused by the label limit instead', () => {
    const source = `${'x'.repeat(30_000)} -> y\nmin ${'z'.repeat(30_000)}`
    expect(errors(source).map(at)).toEqual(['label-too-long 1:1', 'label-too-long 2:5'])
    expect(errors(source)[0]!.message).toBe(`Expected at most ${MAX_LABEL_CHARS} characters, got 30000: shorten the label, or move the explanation into the text around the figure`)
  })

  test('did-you-mean on many unknown names at the limits: the first MAX_HINTS get a hint', () => {
    const name = (i: number) => `name_${String(i).padStart(26, '0')}`
    const nodes = names(MAX_NODES, name)
    const unknown = names(5000, (i) => `${name(i % nodes.length)}!`)
    const source = `${nodes.join(', ')}\n${unknown.map((u) => `min ${u}`).join('\n')}`
    const found = errors(source)
    expect(found).toHaveLength(5000)
    expect(found.filter((d) => d.message.includes('did you mean')).length).toBe(MAX_HINTS)
    expect(found[0]!.message).toContain(`did you mean \`${name(0)}\`?`)
  })

  test('names longer than MAX_HINT_CHARS get no hint', () => {
    const long = 'n'.repeat(MAX_LABEL_CHARS)
    expect(errors(`${long} -> loss\nmin ${long.slice(1)}m`)[0]!.message).not.toContain('did you mean')
    expect(errors('loss_a -> y\nmin loss_b')[0]!.message).toContain('did you mean `loss_a`?')
  })

  test('a line of script groups that never close lexes in time linear in the line', () => {
    // Each `_{` looked for its `}` to the line's end: 160k characters of `x_{` took 19 s.
    const line = 'x_{'.repeat(100_000)
    const found = withinHangBound(() => analyze(line)).diagnostics
    expect(found[0]).toMatchObject({ severity: 'error' })
    // Closed ones are one name each, however many there are.
    expect(withinHangBound(() => analyze(`X ~ ${'o_{1:T}'.repeat(20)}`)).diagram.nodes).toHaveLength(2)
  })

  test('the \\mathcal pattern on a long run of spaces is linear', () => {
    const spaces = ' '.repeat(300_000)
    expect(withinHangBound(() => toRuns(`\\mathcal${spaces}x`, { math: false }))).toEqual([{ text: `\\mathcal${spaces}x` }])
    expect(toRuns('\\mathcal{N} \\mathcal N \\cal { U } \\mathcal{x}', { math: false })).toEqual([{ text: '𝒩 𝒩 𝒰 \\mathcal{x}' }])
  })

  test.each([
    ['a word', (t: string) => `${t} -> y`, 1],
    ['a module', (t: string) => `x -> [${t}]`, 6],
    ['a quoted label', (t: string) => `x -> "${t}"`, 6],
    ['a data-set source', (t: string) => `${t.slice(0, -2)} x ~ y`, 1],
    ['a phase label', (t: string) => `x -> y\nphase (${t}): min y`, 7]
  ])('%s over MAX_LABEL_CHARS is refused at its place, and one at the limit is not', (_, write, column) => {
    const line = (length: number) => write('a'.repeat(length))
    expect(errors(line(MAX_LABEL_CHARS))).toEqual([])
    expect(errors(line(MAX_LABEL_CHARS + 1)).map(at)).toEqual([`label-too-long ${line(0).split('\n').length}:${column}`])
  })

  test('a caption over MAX_CAPTION_CHARS is refused', () => {
    expect(errors(`caption: ${'c'.repeat(MAX_CAPTION_CHARS)}\nx -> y`)).toEqual([])
    expect(errors(`caption: ${'c'.repeat(MAX_CAPTION_CHARS + 1)}\nx -> y`).map(at)).toEqual(['label-too-long 1:1'])
  })
})
