/**
 * Issue 11's derivatives, taps and subsets: `grad [D] wrt x` (a ∇ op linked
 * to what it differentiates), `tap [f] at h` (a feature leaving a module's
 * side), `[f]^{-1}` (an inverse use tied to the forward one), `density p at z`
 * (a prior evaluated, not sampled) and `min L on m` (a term over a subset):
 * syntax, IR, the checker's rules, the drawing, the t-* gallery under the
 * geometry rules, and property tests over the new syntax.
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { toDrawio } from '../src/export/drawio.js'
import { toMermaid } from '../src/export/mermaid.js'
import { problems } from './geometry.js'
import { rendersOrRefuses } from './properties.js'
import { galleryFigures, galleryIsClean, gallerySource, knownFailures } from './gallery.js'

const R1 = `N(0, I) ~ z
X ~ x
D_1, D_2 = *[D]
z -> *[G] -> x'
x' -> D_1 -> s'
x -> D_2 -> s
grad D_2 wrt x -> g -> (\\|\\cdot\\|^2) -> R_1
s', s -> (bce) -> L
phase (a): train D; min L, \\gamma R_1
phase (b): train G; max L`

const ruleIds = (source: string) => analyze(source).diagnostics.map((d) => d.ruleId)

describe('derivative of a module as an op', () => {
  test('makes a ∇ op fed by the input, linked to the module by a derivative wire, flowing on', () => {
    const { diagram, diagnostics } = analyze(R1)
    expect(diagnostics).toEqual([])
    const op = diagram.nodes.find((n) => n.derivative)!
    expect(op).toMatchObject({ kind: 'op', derivative: { of: 'D_2', wrt: 'x' } })
    expect(op.text).toEqual([{ text: '∇' }, { text: 'x', shift: 'sub' }])
    const into = diagram.wires.filter((w) => w.to === op.id).map((w) => [w.from, w.derivative ?? false])
    expect(into).toEqual([['x', false], ['D_2', true]])
    expect(diagram.wires.some((w) => w.from === op.id && w.to === 'g')).toBe(true)
  })
  test('with respect to a tied instance: the script names the weights, without the tie mark', () => {
    // Sharpness-aware minimisation: the loss differentiated with respect to f's weights.
    const { diagram } = analyze("(X, Y) ~ x, y\nf_1, f_2 = *[f]\nx -> f_1 -> p\np, y -> (ce) -> L\ngrad L wrt f_1 -> g -> (scale) -> e\nx, e -> f_2 -> p'\np', y -> (ce_2) -> L_2\nmin L_2")
    expect(diagram.nodes.find((n) => n.derivative)!.text).toEqual([{ text: '∇' }, { text: 'f', shift: 'sub' }])
  })
  test('the same module and input is the same op', () => {
    const { diagram } = analyze('x -> [f] -> y\ngrad [f] wrt x -> g\ngrad [f] wrt x -> h')
    expect(diagram.nodes.filter((n) => n.derivative)).toHaveLength(1)
  })
  test('a gradient into the op trains the module it differentiates (double backprop)', () => {
    // D feeds no objective but through the penalty on its own gradient.
    expect(analyze('X ~ x\nx -> *[D] -> s\ngrad [D] wrt x -> g -> (sq) -> R\nmin R')).toMatchObject({ diagnostics: [] })
    // Without the link D gets nothing: the op is then just an op on x.
    expect(ruleIds('X ~ x\nx -> *[D] -> s\nx -> (\\nabla_x) -> g -> (sq) -> R\nmin R')).toContain('no-gradient')
    // A stop-gradient on the input keeps the link's gradient.
    expect(ruleIds('X ~ x\nx -> *[D] -> s\ngrad [D] wrt x -> g\nstop g -> (sq) -> R\nmin R')).toContain('stopped-gradient')
  })
  test('differentiating a computed value: FGSM takes the loss\'s gradient', () => {
    const { diagram, diagnostics } = analyze('(X, Y) ~ x, y\nx -> *[f] -> p\np, y -> (ce) -> L\ngrad L wrt x -> g\nx, g -> (adv) -> x\'\nmin L')
    expect(diagnostics).toEqual([])
    expect(diagram.nodes.find((n) => n.derivative)!.derivative).toEqual({ of: 'L', wrt: 'x' })
  })
  test('the input must be an input of the module, or upstream of a value', () => {
    const found = analyze('X ~ x, u\nx -> *[D] -> s\nu -> *[h] -> v\ngrad [D] wrt u -> g -> (n) -> R\nmin R, v').diagnostics
    expect(found.map((d) => d.ruleId)).toEqual(['derivative-input'])
    expect(found[0]!.message).toBe('Expected `u` to be an input of `D`, which `grad` differentiates with respect to it, got no wire from `u` into that box; did you mean `wrt x`?')
    expect(found[0]!.span.start).toMatchObject({ line: 4, column: 14 })
    expect(ruleIds('X ~ x, u\nx -> *[f] -> L\nu -> *[g] -> L2\ngrad L wrt u -> g -> (n) -> R\nmin R, L, L2')).toEqual(['derivative-input'])
  })
  test('an unknown module, a data set, a missing `wrt`: errors saying what was expected', () => {
    expect(analyze('x -> [f] -> y\ngrad [g] wrt x').diagnostics).toMatchObject([{ ruleId: 'unknown-name', severity: 'error' }])
    expect(analyze('X ~ x\nx -> [f] -> y\ngrad X wrt x').diagnostics).toMatchObject([{ ruleId: 'derivative-target', severity: 'error' }])
    const missing = analyze('x -> [f] -> y\ngrad [f] x').diagnostics
    expect(missing).toMatchObject([{ ruleId: 'expected-wrt', severity: 'error' }])
    expect(missing[0]!.message).toMatch(/^Expected `wrt` and the input it is differentiated with respect to .*, got `x`$/)
  })
  test('`grad` as a variable name still chains', () => {
    expect(analyze('grad -> [f] -> y').diagram.wires.map((w) => w.from)).toEqual(['grad', '[f]'])
  })
  test('drawn: the link leaves the module\'s side, dotted and thin; the input enters the op', () => {
    const { scene, svg } = render(R1)
    const link = scene.wires.find((w) => w.derivative && w.panel === 0)!
    const module = scene.nodes.find((n) => n.id === 'D_2' && n.panel === 0)!.box
    const [x, y] = link.points[0]!
    expect(x).toBeCloseTo(module.x + module.width)
    expect(y).toBeGreaterThan(module.y)
    expect(y).toBeLessThan(module.y + module.height)
    expect(svg.match(/stroke-dasharray="1.5 2.5"/g)).toHaveLength(2)
    expect(problems(scene)).toEqual([])
  })
})

const FLOW = `X ~ x
p = N(0, I)
x -> *[f] -> z
tap [f] at "log |det J|"
density p at z -> "log p(z)"
"log p(z)", "log |det J|" -> (+) -> "log p(x)"
max "log p(x)"
p ~ z'
z' -> [f]^{-1} -> x'`

describe('taps and side outputs', () => {
  const VGG = '(X, Y) ~ x, y\nx -> *[g] -> y\'\nv_1, v_2 = [VGG]\ny\' -> v_1\ny -> v_2\ntap v_1 at h\', a\'\ntap v_2 at h\nh\', h -> (MSE) -> L\nmin L'
  test('tap makes wires from the module to each feature, marked as taps; the features count as produced', () => {
    const { diagram, diagnostics } = analyze(VGG)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.filter((w) => w.tap).map((w) => `${w.from}>${w.to}`)).toEqual(["v_1>h'", "v_1>a'", 'v_2>h'])
  })
  test('a tap may flow on, like a chain: `tap [f] at h -> *[aux] -> y\'`', () => {
    const { diagram, diagnostics } = analyze('(X, Y) ~ x, y\nx -> *[f] -> p\ntap [f] at h -> *[aux] -> q\np, y -> (ce) -> L\nq, y -> (ce_2) -> L_2\nmin L, L_2')
    expect(diagnostics).toEqual([])
    expect(diagram.wires.some((w) => w.from === 'h' && w.to === '[aux]')).toBe(true)
  })
  test('drawn: a tap leaves the module\'s side at its height, never its bottom, and runs clear of it', () => {
    const { scene } = render(VGG)
    for (const w of scene.wires.filter((w) => ['v_1', 'v_2'].includes(w.from) && ["h'", 'h', "a'"].includes(w.to))) {
      const box = scene.nodes.find((n) => n.id === w.from)!.box
      const [x, y] = w.points[0]!
      expect(Math.min(Math.abs(x - box.x), Math.abs(x - box.x - box.width))).toBeLessThan(0.2)
      expect(y).toBeGreaterThan(box.y)
      expect(y).toBeLessThan(box.y + box.height)
      expect(w.points[1]![1]).toBe(y)
    }
    expect(problems(scene)).toEqual([])
  })
  test('drawn: taps fed to both sides of the module\'s own output leave both sides, never its bottom beside the output', () => {
    const source = [
      '(X, Y) ~ x, y',
      'x -> *[backbone] -> h -> *[head] -> p',
      'tap [backbone] at h_1 -> *[aux_1] -> p_1',
      'tap [backbone] at h_2 -> *[aux_2] -> p_2',
      'p, y -> (ce) -> L',
      'p_1, y -> (ce_1) -> L_1',
      'p_2, y -> (ce_2) -> L_2',
      'min L, L_1, L_2'
    ].join('\n')
    const { scene } = render(source)
    const box = scene.nodes.find((n) => n.id === '[backbone]' && n.panel === 0)!.box
    const starts = scene.wires.filter((w) => w.from === '[backbone]' && w.to !== 'h' && w.panel === 0).map((w) => w.points[0]!)
    expect(starts).toHaveLength(2)
    for (const [x, y] of starts) {
      expect(Math.min(Math.abs(x - box.x), Math.abs(x - box.x - box.width))).toBeLessThan(0.2)
      expect(y).toBeLessThan(box.y + box.height)
    }
    // One to each side, as the order phase put their targets about the output.
    expect(new Set(starts.map(([x]) => x < box.x + box.width / 2))).toEqual(new Set([true, false]))
  })
  test('`tap` of an op is an error; `tap` as a variable name still chains', () => {
    expect(analyze('x -> (h) -> y\ntap (h) at z').diagnostics).toMatchObject([{ ruleId: 'tap-module', severity: 'error' }])
    expect(analyze('tap -> [f] -> y').diagnostics).toEqual([])
  })
})

describe('inverse use and density', () => {
  test('[f]^{-1} is a box of its own, labelled f⁻¹, tied to f: starred with it, trained through either', () => {
    const { diagram, diagnostics } = analyze(FLOW)
    expect(diagnostics).toEqual([])
    const inverse = diagram.nodes.find((n) => n.inverse)!
    expect(inverse).toMatchObject({ id: '[f]^{-1}', kind: 'module', inverse: '[f]', trainable: true })
    expect(inverse.text).toEqual([{ text: 'f' }, { text: '−1', shift: 'sup' }])
    expect(diagram.ties).toEqual([expect.objectContaining({ label: 'f', nodes: ['[f]', '[f]^{-1}'] })])
    // Trained through its inverse alone: the forward box gets the gradient too.
    expect(analyze('N(0, 1) ~ z\nX ~ x\nz -> *[f]^{-1} -> x\'\nx\', x -> (d) -> L\nx -> [f] -> h\nmin L').diagnostics).toEqual([])
    // Training f in a phase stars both boxes.
    expect(analyze(`${FLOW}\nphase (a): train f; max "log p(x)"`).diagram.phases[0]!.trainable.sort()).toEqual(['[f]', '[f]^{-1}'])
  })
  test('an inverse joins its module\'s tie; another power is a near miss', () => {
    const { diagram } = analyze('f_1, f_2 = *[f]\na -> f_1 -> b\nc -> f_2 -> d\nd -> [f]^-1 -> e')
    expect(diagram.ties![0]!.nodes).toEqual(['f_1', 'f_2', '[f]^{-1}'])
    const found = analyze('x -> [f]^2 -> y').diagnostics
    expect(found).toMatchObject([{ ruleId: 'inverse-suffix', severity: 'error' }])
    expect(found[0]!.message).toBe('Expected `^{-1}` after a module (its inverse use), got `^2`: a power belongs in the label, `[f^2]`')
  })
  test('density: a log p op fed by the prior (no sample) and the value; the prior feeds an objective', () => {
    const { diagram } = analyze(FLOW)
    const op = diagram.nodes.find((n) => n.id.startsWith('density:'))!
    expect(op).toMatchObject({ kind: 'op', label: '\\log p' })
    expect(diagram.wires.filter((w) => w.to === op.id).map((w) => [w.from, w.kind, w.density ?? false])).toEqual([['p', 'flow', true], ['z', 'flow', false]])
    expect(ruleIds('X ~ x\nx -> *[f] -> z\ndensity N(0, I) at z -> l\nmax l')).toEqual([])
    expect(ruleIds('X ~ x\nx -> *[f] -> z\ndensity X at z -> l\nmax l')).toContain('density-source')
    // A computed distribution's density: the score function's path trains the policy.
    const pg = analyze('Env ~ s\ns -> *[policy] -> \\pi\n\\pi ~ a\na -> [env] -> R\ndensity \\pi at a -> l\nl, R -> (·) -> L\nmin L')
    expect(pg.diagnostics).toEqual([])
    expect(pg.diagram.nodes.find((n) => n.id === 'density:\\pi:a')!.text.map((r) => r.text).join('')).toBe('log π')
  })
  test('drawn: the density wire leaves the prior\'s side into the op\'s top, the samples hang under the tilde', () => {
    const { scene } = render(FLOW)
    const prior = scene.nodes.find((n) => n.id === 'p')!.box
    const wire = scene.wires.find((w) => w.density)!
    expect(wire.points[0]![0]).toBe(prior.x + prior.width)
    const op = scene.nodes.find((n) => n.id === wire.to)!.box
    const end = wire.points[wire.points.length - 1]!
    expect(end[1]).toBeCloseTo(op.y, 0)
    expect(scene.marks.filter((m) => m.kind === 'tilde')).toHaveLength(2)
    expect(problems(scene)).toEqual([])
  })
})

describe('a term restricted to a subset', () => {
  const MAE = 'X ~ x\nx -> (random mask) -> x_v, m\nx_v -> *[e] -> h\nh, m -> *[d] -> x\'\nx\', x -> (MSE) -> L\nrandom (random mask)\nmin L on m'
  test('`on NAME` after a term: the subset, with the node it names when it names one', () => {
    const { diagram, diagnostics } = analyze(MAE)
    expect(diagnostics).toEqual([])
    expect(diagram.objectives[0]!.subset).toMatchObject({ text: [{ text: 'm' }], node: 'm' })
    const free = analyze('x -> *[f] -> a, b\nmin \\lambda a on labelled, b').diagram.objectives
    expect(free.map((o) => [o.node, o.weight?.[0]!.text, o.subset?.text[0]!.text, o.subset?.node])).toEqual([['a', 'λ', 'labelled', undefined], ['b', undefined, undefined, undefined]])
  })
  test('in a phase, and `on` as a name stays a name', () => {
    expect(analyze('x -> *[f] -> L\nphase (a): min L on m; train f').diagram.phases[0]!.objectives[0]!.subset!.text).toEqual([{ text: 'm' }])
    expect(analyze('x -> *[f] -> on\nmin on').diagram.objectives[0]).toMatchObject({ node: 'on' })
    expect(analyze('x -> *[f] -> L, on\nmin L, on').diagram.objectives.map((o) => o.node)).toEqual(['L', 'on'])
  })
  test('drawn small under the term\'s triangle, inside the figure, overlapping nothing', () => {
    const { scene, svg } = render(MAE)
    const node = scene.nodes.find((n) => n.objective?.subset)!
    const { at, fontSize, text } = node.objective!.subset!
    expect(text.map((r) => r.text).join('')).toBe('on m')
    expect(at[0]).toBe(node.objective!.at[0])
    expect(at[1]).toBeGreaterThan(node.objective!.at[1] + 7)
    expect(at[1] + 3).toBeLessThan(scene.height)
    expect(svg).toContain(`font-size="${fontSize}" text-anchor="middle">on m</text>`)
    expect(problems(scene)).toEqual([])
  })
  test('a panel that leaves the mask\'s source out while a term still takes it warns', () => {
    const source = `${MAE.replace('min L on m', '')}\nphase train: min L on m\nphase eval: without (random mask); min L on m`
    expect(ruleIds(source)).toContain('unproduced-subset')
    expect(ruleIds(`${MAE.replace('min L on m', '')}\nphase train: min L on m\nphase eval: min L`)).toEqual([])
  })
})

describe('exports and description', () => {
  test('Mermaid draws the derivative link dotted and names a term\'s subset; draw.io keeps both', () => {
    const r1 = render(R1).scene
    expect(toMermaid(r1)).toMatch(/n\d+ -\.- n\d+/)
    expect(toDrawio(r1)).toContain('dashed=1;dashPattern=1 2;')
    const mae = render('X ~ x\nx -> (mask) -> x_v, m\nx_v -> *[f] -> x\'\nx\', x -> (MSE) -> L\nmin L on m').scene
    expect(toMermaid(mae)).toContain('▽ L (on m)')
    expect(toDrawio(mae)).toMatch(/id="[^"]+-subset" value="on m"/)
  })
  test('the description says where a prior\'s density is evaluated, apart from what is sampled', () => {
    expect(render(FLOW).description).toContain("Samples z' from prior 𝒩(0, I). Evaluates the density of prior 𝒩(0, I) at z.")
  })
})

const gallery = galleryFigures('t-')

describe('gallery', () => {
  galleryIsClean(gallery, 5)
  for (const name of gallery) {
    const source = gallerySource(name)
    test(`${name}: the exports keep what they can show`, () => {
      const { scene } = render(source)
      expect(toMermaid(scene)).toContain('flowchart')
      expect(toDrawio(scene)).toContain('<mxfile')
    })
  }
  test('geometry rules: failures are exactly the known ones', () => knownFailures(gallery, 'known-failures-t.json'))
})

describe('property tests over the new syntax', () => {
  test('side exits (taps, a ∇ link, a density wire), however the neighbours lie, start on their node and run through none', () => {
    const name = fc.constantFrom('a', 'b', 'c', 'd', 'h')
    const chain = fc.tuple(name, name, fc.boolean())
    fc.assert(
      fc.property(fc.array(chain, { minLength: 1, maxLength: 5 }), fc.uniqueArray(name, { minLength: 1, maxLength: 3 }), fc.boolean(), (chains, taps, density) => {
        const lines = ['X ~ x', 'x -> *[f] -> y', ...chains.map(([from, to, op]) => `${from === to ? 'y' : from} -> ${op ? `(${to}o)` : `*[${to}m]`} -> ${to}2`)]
        lines.push(`tap [f] at ${taps.map((t) => `${t}t`).join(', ')}`, ...taps.map((t) => `${t}t, y -> (l${t}) -> L${t}`))
        lines.push('grad [f] wrt x -> g -> (n) -> R', density ? 'density N(0, I) at y -> P' : 'y -> (k) -> P', `min R, P, ${taps.map((t) => `L${t}`).join(', ')}`)
        const { scene } = render(lines.join('\n'))
        expect(problems(scene).filter((p) => /^(\[f\]|source:N\(0, I\)) -> /.test(p.detail))).toEqual([])
      }),
      { numRuns: 150 }
    )
  })
  test('no crash, no foreign exception, no hang; exports never crash', () => {
    rendersOrRefuses(['x', 'g', '*[f]', '[f]', '[f]^{-1}', '(h)', 'grad', 'wrt', 'tap', 'at', 'density', 'N(0, I)', 'on', 'm', 'L', 'min', 'max', ',', '->', ';', 'phase (a):', 'train'])
  })
})
