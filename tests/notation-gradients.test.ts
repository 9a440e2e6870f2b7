/**
 * Issue 11's constructs: stop-gradients and weighted objective terms, from
 * syntax to drawing, the checker's gradient rules, the g-* gallery under the
 * geometry rules, and property tests over the new syntax.
 */
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { galleryFigures, galleryIsClean, knownFailures, noCrashOver } from './gallery.js'
import { problems } from './geometry.js'
import { runsWidth } from '../src/text/metrics.js'

const VQ = `X ~ x
x -> *[encoder] -> z_e -> (quantise) -> z_q -> *[decoder] -> x'
x', x -> (MSE) -> L_rec
stop z_q -> (dist)
z_e -> (dist) -> L_c
min L_rec, \\beta L_c`

describe('stop-gradient', () => {
  test('marks the wires of its line\'s first arrow, and only those', () => {
    const { diagram } = analyze(VQ)
    const stopped = diagram.wires.filter((w) => w.stopGradient).map((w) => `${w.from}>${w.to}`)
    expect(stopped).toEqual(['z_q>(dist)'])
    const longer = analyze('a, b -> [p] -> c\nstop a, b -> [q] -> d').diagram
    expect(longer.wires.filter((w) => w.stopGradient).map((w) => `${w.from}>${w.to}`)).toEqual(['a>[q]', 'b>[q]'])
  })
  test('a plain wire written again with stop becomes a stop-gradient', () => {
    const { diagram } = analyze('x -> [f] -> y\nstop x -> [f]\nmin y')
    expect(diagram.wires.find((w) => w.from === 'x')!.stopGradient).toBe(true)
  })
  test('`stop` without an arrow is an error naming what was expected', () => {
    const found = analyze('stop x').diagnostics
    expect(found).toMatchObject([{ severity: 'error', ruleId: 'expected-arrow' }])
    expect(found[0]!.message).toMatch(/^Expected `->` after the first term/)
  })
  test('`stop` as a variable name still chains', () => {
    const { diagram, diagnostics } = analyze('stop -> [f] -> y')
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(diagram.wires.some((w) => w.from === 'stop')).toBe(true)
  })
  test('drawn as two bars across the wire, nowhere else', () => {
    const { scene, svg } = render(VQ)
    const wire = scene.wires.find((w) => w.stopGradient)!
    expect(wire).toBeDefined()
    expect(scene.wires.filter((w) => w.stopGradient)).toHaveLength(1)
    const bars = /<path d="(M[^"]+)" stroke-width="1.6"\/>/.exec(svg)
    expect(bars).not.toBeNull()
    expect(bars![1]!.match(/M/g)).toHaveLength(2)
    const withoutStop = render(VQ.replace('stop z_q', 'z_q')).svg
    expect(withoutStop).not.toContain('stroke-width="1.6"')
  })
  test('one wire written with `stop` and without is named, with the form that keeps both', () => {
    // A straight-through estimator: y = y_hard − sg(y_soft) + y_soft, written over one wire twice.
    const both = analyze('X ~ x\nx -> *[e] -> s -> (argmax) -> h\nstop h, s -> (ST) -> y\ns -> (ST)\ny -> (nll) -> L\nmin L').diagnostics
    const found = both.find((d) => d.ruleId === 'stopped-and-not')!
    expect(found.message).toContain('`s -> (ST)` either with `stop` (line 3) or without (line 4)')
    expect(found.span.start.line).toBe(4)
    // The stop wins, so the encoder is cut off too; the suggested form keeps both paths and is clean.
    expect(both.map((d) => d.ruleId)).toContain('stopped-gradient')
    expect(analyze('X ~ x\nx -> *[e] -> s -> (argmax) -> h\nstop s -> (sg) -> "sg(s)"\nh, "sg(s)", s -> (ST) -> y\ny -> (nll) -> L\nmin L').diagnostics).toEqual([])
  })
  test('a one-arrow stop line marks a wire written elsewhere, with no finding', () => {
    // Truncated backpropagation: the carried state enters the cell, its gradient stops there.
    const tbptt = 'X ~ x_t, y_t\nx_t, h_{t-1} -> *[LSTM] -> h_t -> *[head] -> p\ncarry h_t -> h_{t-1} from h_0\nstop h_{t-1} -> [LSTM]\np, y_t -> (ce) -> L\nmin L'
    const { diagnostics, diagram } = analyze(tbptt)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.find((w) => w.from === 'h_{t-1}' && w.to === '[LSTM]')!.stopGradient).toBe(true)
  })
  test("a term's subset keeps clear of the stop-gradient cut on the wire its value sends on", () => {
    // Co-teaching: each loss, taken over the other network's picks, also feeds (through a stop) its own picker.
    const coTeaching = '(X, Y) ~ x, y\nx -> *[f] -> p\nx -> *[g] -> q\nce_1, ce_2 = (ce)\nsel_1, sel_2 = (small loss)\np, y -> ce_1 -> l_f\nq, y -> ce_2 -> l_g\nstop l_f -> sel_1 -> m_f\nstop l_g -> sel_2 -> m_g\nmin l_f on m_g, l_g on m_f'
    const { scene } = render(coTeaching)
    for (const id of ['l_f', 'l_g']) {
      const node = scene.nodes.find((n) => n.id === id)!
      const subset = node.objective!.subset!
      const out = scene.wires.find((w) => w.from === id)!
      expect(subset.at[0] + runsWidth(subset.text, subset.fontSize) / 2 + scene.glyphs.stopHalf).toBeLessThan(out.points[0]![0])
    }
  })
  test('the checker warns when stop-gradients cut every path to an objective, not before', () => {
    const cut = analyze('X ~ x\nx -> *[e] -> z\nstop z -> (f) -> L\nmin L').diagnostics
    expect(cut.map((d) => d.ruleId)).toContain('stopped-gradient')
    const open = analyze('X ~ x\nx -> *[e] -> z\nstop z -> (f) -> a\nz -> (g) -> b\na, b -> (+) -> L\nmin L').diagnostics
    expect(open).toEqual([])
  })
  test('values still flow through a stop-gradient: the source feeds the objective', () => {
    const found = analyze('X ~ x\nstop x -> (f) -> L\n*[g] -> L\nmin L').diagnostics
    expect(found.map((d) => d.ruleId)).not.toContain('unused-source')
  })
})

describe('weighted terms and mixed directions', () => {
  test('a word before a term is its weight; a comma separates terms', () => {
    const { diagram } = analyze('x -> *[f] -> a, b\nmin \\lambda a, b')
    expect(diagram.objectives.map((o) => [o.node, o.weight?.map((r) => r.text).join('')])).toEqual([['a', 'λ'], ['b', undefined]])
  })
  test('the weight is drawn right-aligned left of its triangle, inside the figure', () => {
    const { scene, svg } = render('x -> *[f] -> a, b\nmin \\lambda_{adv} a, b')
    const node = scene.nodes.find((n) => n.id === 'a')!
    expect(node.objective!.weight!.at[0]).toBeLessThan(node.objective!.at[0])
    expect(svg).toMatch(/text-anchor="end"[^>]*>λ/)
    expect(problems(scene)).toEqual([])
  })
  test("a phase with ▽ and △ behind one trainable element, the △ another player's, reports each term with its push", () => {
    // The △ term is the domain classifier's loss: g lies behind no ▽ term; e is pushed both ways.
    const found = analyze('X ~ x\nx -> *[e] -> h\nh -> (f) -> a\nh -> *[g] -> b\nphase (a): min a; max b').diagnostics
    expect(found.map((d) => [d.ruleId, d.span.start.column])).toEqual([['mixed-direction', 16], ['mixed-direction', 23]])
    expect(found[0]!.message).toContain('▽ `a` pushing `e` to lower it')
    expect(found[1]!.message).toContain('△ `b` pushing `e` to raise it')
  })
  test('a bonus the same players raise while lowering their loss is one objective: no finding', () => {
    // A2C's entropy bonus: the policy lowers its loss and raises its entropy; the value head only lowers its own.
    const a2c = 'environment Env: a -> s, r\ns -> *[trunk] -> h\nh -> *[policy head] -> \\pi\nh -> *[value head] -> V\n\\pi ~ a\ndensity \\pi at a -> log\\pi\nr, V -> (advantage) -> A\nstop A -> (pg)\nlog\\pi, A -> (pg) -> L_\\pi\nr, V -> (TD) -> L_V\n\\pi -> (entropy) -> H\nmin L_\\pi, L_V\nmax \\beta H'
    expect(analyze(a2c).diagnostics).toEqual([])
    // The same bonus taken by a head nothing else trains is another player's term again.
    expect(analyze(a2c.replace('\\pi -> (entropy) -> H', 'h -> *[bonus head] -> H')).diagnostics.map((d) => d.ruleId)).toContain('mixed-direction')
  })
  test('tied instances are one trainable element: a critic lowered through one and raised through another is mixed', () => {
    // MADDPG written in one phase: the critic learns its TD target on q_1 while the actors raise q_2.
    const source = 'X ~ s, a\nq_1, q_2 = *[critic]\ns, a -> q_1 -> q\nq -> (TD) -> L_Q\ns -> *[actor] -> a\'\ns, a\' -> q_2 -> q_\\pi\nmin L_Q\nmax q_\\pi'
    const found = analyze(source).diagnostics
    expect(found.map((d) => d.ruleId)).toEqual(['mixed-direction', 'mixed-direction'])
    expect(found[0]!.message).toContain('▽ `L_Q` pushing `critic` to lower it')
    expect(found[1]!.message).toContain('△ `q_\\pi` pushing `critic` to raise it')
    // The critic named once, though two of its boxes lie behind the terms.
    expect(found[0]!.message).not.toContain('`critic`, `critic`')
    // Split into two phases, it is not.
    expect(analyze(`${source.replace(/\nmin.*$/s, '')}\nphase critic: train critic; min L_Q\nphase actor: train actor; max q_\\pi`).diagnostics).toEqual([])
  })
  test('two players in two phases are not mixed', () => {
    const found = analyze('N(0, 1) ~ z\nX ~ x\nz -> [g] -> x\'\nx\', x -> [d] -> loss\nphase (a): train d; min loss\nphase (b): train [g]; max loss').diagnostics
    expect(found).toEqual([])
  })
})

const gallery = galleryFigures('g-')

describe('gallery', () => {
  galleryIsClean(gallery, 15)
  test('geometry rules: failures are exactly the known ones', () => knownFailures(gallery, 'known-failures-gradients.json'))
})

describe('property tests over the new syntax', () => {
  test('no crash, no foreign exception, no hang', () => noCrashOver(['x', 'z_e', '*[f]', '[g]', '(h)', '\\lambda', 'L', 'stop', 'min', 'max', ',', '->', ';', 'phase (a):', 'phase s:', 'train', 'without', 'random', 'batch', '(d)']))
})

describe('panels that differ in graph', () => {
  const GAN = `N(0, 1) ~ z
X ~ x
z -> [G] -> x'
x', x -> [D] -> loss
phase (a): train D; max loss
phase (b): train G; min loss
phase sample: without x, [D]`
  test('without leaves the nodes out, with the nodes whose every wire is gone', () => {
    const { diagram, diagnostics } = analyze(GAN)
    expect(diagnostics).toEqual([])
    expect(diagram.phases[2]).toMatchObject({ label: 'sample', trainable: [], objectives: [] })
    expect(diagram.phases[2]!.hidden!.sort()).toEqual(['[D]', 'loss', 'source:X', 'x'])
  })
  test('the panel draws only what it keeps, at the places the other panels use', () => {
    const { scene } = render(GAN)
    const ids = (panel: number) => scene.nodes.filter((n) => n.panel === panel).map((n) => n.id).sort()
    expect(ids(2)).toEqual(['[G]', 'source:N(0, 1)', 'x\'', 'z'])
    expect(scene.wires.filter((w) => w.panel === 2).every((w) => ![w.from, w.to].includes('[D]'))).toBe(true)
    const g0 = scene.nodes.find((n) => n.panel === 0 && n.id === '[G]')!.box
    const g2 = scene.nodes.find((n) => n.panel === 2 && n.id === '[G]')!.box
    expect(g2.y).toBe(g0.y)
    expect(scene.panelLabels.map((l) => l.text)).toEqual(['(a)', '(b)', '(sample)'])
  })
  test('`phase NAME:` alone is an objective-free panel; an input it no longer produces warns', () => {
    const { diagram } = analyze('X ~ x\nx -> *[f] -> y -> (ce) -> L\nmin L\nphase train: min L\nphase infer:')
    expect(diagram.phases[1]).toMatchObject({ trainable: [], objectives: [] })
    const found = analyze('X ~ x\nx -> *[f] -> y\ny -> *[g] -> L\nmin L\nphase train: min L\nphase infer: without [f]').diagnostics
    expect(found.map((d) => [d.ruleId, d.message.includes('in phase (infer)')])).toEqual([['unproduced-variable', true]])
  })
})

test('a variable trained through a phase\'s train list counts as produced', () => {
  const source = 'z -> [g] -> x\'\nX ~ x\nx\', x -> (MSE) -> L\nphase (a): train z; min L'
  expect(analyze(source).diagnostics).toEqual([])
  expect(analyze(source.replace('train z', 'train [g]')).diagnostics.map((d) => d.ruleId)).toContain('unproduced-variable')
})

describe('random ops', () => {
  const MAE = 'X ~ x\nx -> (random mask) -> x_v, m\nx_v -> *[f] -> x\'\nx\', x, m -> (masked MSE) -> L\nrandom (random mask)\nmin L'
  test('marked in the IR and drawn with a small ~ off the op, the deterministic op without', () => {
    const { diagram, scene, svg } = render(MAE)
    expect(diagram.nodes.filter((n) => n.random).map((n) => n.id)).toEqual(['(random mask)'])
    const op = scene.nodes.find((n) => n.id === '(random mask)')!
    expect(op.random![0]).toBeGreaterThan(op.box.x + op.box.width / 2)
    expect(op.random![1]).toBeLessThan(op.box.y + op.box.height / 2)
    expect(scene.nodes.find((n) => n.id === '(masked MSE)')!.random).toBeUndefined()
    expect(svg.match(/stroke-width="1.5"/g)).toHaveLength(1)
    expect(problems(scene)).toEqual([])
  })
  test('a module after random is an error', () => {
    expect(analyze('x -> [f] -> y\nrandom [f]').diagnostics).toMatchObject([{ severity: 'error', ruleId: 'random-op' }])
  })
})

test('a batch-coupled op is drawn with a second outline 3 px around the first; a per-sample op with one', () => {
  const source = '(I, T) ~ i, t\ni -> *[f] -> u\nt -> *[g] -> v\nu, v -> (sim) -> S -> (ce) -> L\nbatch (sim)\nmin L'
  const { diagram, scene } = render(source)
  expect(diagram.nodes.filter((n) => n.batch).map((n) => n.id)).toEqual(['(sim)'])
  const sim = scene.nodes.find((n) => n.id === '(sim)')!
  expect(sim.outline).toHaveLength(2)
  const [inner, outer] = sim.outline.map((p) => ('box' in p ? p.box.width : 0))
  expect(outer! - inner!).toBeCloseTo(6)
  expect(scene.nodes.find((n) => n.id === '(ce)')!.outline).toHaveLength(1)
  expect(problems(scene)).toEqual([])
  expect(analyze('x -> [f] -> y\nbatch [f]').diagnostics).toMatchObject([{ severity: 'error', ruleId: 'batch-op' }])
})

describe('sampling from a produced distribution', () => {
  const PG = 'Env ~ s\ns -> *[policy] -> \\pi\n\\pi ~ a\na -> [environment] -> R\n\\pi, a -> (log) -> log\\pi\nlog\\pi, R -> (·) -> L\nmin L'
  test('the sample hangs under the computed variable, with its tilde', () => {
    const { diagram, scene } = render(PG)
    expect(diagram.wires.find((w) => w.to === 'a')).toMatchObject({ from: '\\pi', kind: 'sample' })
    expect(diagram.nodes.some((n) => n.id === 'source:\\pi')).toBe(false)
    const pi = scene.nodes.find((n) => n.id === '\\pi')!
    expect(scene.marks.some((m) => m.kind === 'tilde' && Math.abs(m.at[0] - (pi.box.x + pi.box.width / 2)) < 1)).toBe(true)
    expect(analyze(PG).diagnostics).toEqual([])
  })
  test('without the log-probability path the sample cuts the gradient', () => {
    const found = analyze(PG.replace('\\pi, a -> (log) -> log\\pi\nlog\\pi, R -> (·) -> L', 'R -> (−) -> L')).diagnostics
    expect(found.map((d) => d.ruleId)).toContain('stopped-gradient')
  })
})
