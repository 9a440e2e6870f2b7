/**
 * Weights and time (issue 10): bound sources, tied instances, recurrence,
 * stacks, loops, learned tensors, state updates, labels and near-miss
 * diagnostics, end to end: IR, checks, scene, SVG; the gallery under
 * fixtures/notation passes `dgm check` and the geometry rules (what the
 * layout still breaks is recorded exactly, as tests/corpus.test.ts does).
 */
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import { toRuns } from '../src/text/label.js'
import { gallerySource, knownFailures } from './gallery.js'
import { crossings, problems } from './geometry.js'
import { parseXml, withinHangBound } from './safety.js'

/** This helper's figures in fixtures/notation (the sister issue keeps its own there). */
const GALLERY = [
  'batchnorm-running-stats', 'byol', 'ddpm-training', 'discriminator-bank', 'diffusion-sampler', 'dqn-target', 'gru-tagger-folded',
  'gru-tagger-unrolled', 'langevin-sampling', 'mixture-of-experts', 'prompt-tuning', 'rnn-language-model',
  'seq2seq-attention', 'siamese', 'stochastic-depth', 'transformer-encoder', 'triplet', 'vae-shared-prior', 'vit-cls'
]
const source = gallerySource
const errorsOf = (text: string) => analyze(text).diagnostics.filter((d) => d.severity === 'error')
const rules = (text: string) => analyze(text).diagnostics.map((d) => d.ruleId)

describe('gallery', () => {
  test('at least 15 figures, each with a caption', () => {
    expect(GALLERY.length).toBeGreaterThanOrEqual(15)
    for (const name of GALLERY) expect(source(name), name).toMatch(/^caption: \S/m)
  })
  for (const name of GALLERY) {
    test(`${name}: dgm check finds nothing`, () => {
      expect(analyze(source(name)).diagnostics).toEqual([])
    })
  }
  test('geometry rules: failures are exactly the known ones', () => knownFailures(GALLERY, 'known-failures-weights.json'))
})

describe('names and identity', () => {
  test('a bound prior is one box sampled twice; two bindings of one text are two boxes', () => {
    const { diagram } = analyze('p = N(0, 1)\nq = N(0, 1)\np ~ z_1\np ~ z_2\nq ~ z_3')
    expect(diagram.nodes.filter((n) => n.kind === 'prior').map((n) => n.id)).toEqual(['p', 'q'])
    expect(diagram.wires.filter((w) => w.from === 'p').map((w) => w.to)).toEqual(['z_1', 'z_2'])
  })
  test('any distribution with parameters or support is a prior; a bare name or tuple is a data set', () => {
    const kinds = (text: string) => analyze(`${text} ~ v`).diagram.nodes[0]!.kind
    expect(['Bern(p)', 'Cat(\\pi)', 'U{1..T}', 'N(0, I)'].map(kinds)).toEqual(['prior', 'prior', 'prior', 'prior'])
    expect(['X', '(X, Y)', 'X_t'].map(kinds)).toEqual(['dataset', 'dataset', 'dataset'])
  })
  test('a data set bound to a name, or its name, used as a variable gets a hint', () => {
    expect(rules('D = X\nD ~ x\nD -> [f] -> y')).toContain('source-as-variable')
    expect(rules('X ~ x\nX -> [f] -> y')).toContain('source-as-variable')
    expect(rules('X ~ x\nx -> [f] -> y')).not.toContain('source-as-variable')
  })
  test('several names for an op are separate ops with one label, and no tie', () => {
    const { diagram } = analyze('a, b = (+)\nx -> a -> y\nx -> b -> z')
    expect(diagram.nodes.filter((n) => n.kind === 'op').map((n) => [n.id, n.label])).toEqual([['a', '+'], ['b', '+']])
    expect(diagram.ties).toBeUndefined()
  })
})

describe('tied instances', () => {
  const siamese = 'X ~ x, x\'\nf_1, f_2 = *[f]\nx -> f_1 -> h\nx\' -> f_2 -> h\'\nh -> (d) -> loss\nmin loss'
  test('one set, several boxes, each starred and marked ≡', () => {
    const { diagram } = analyze(siamese)
    expect(diagram.ties).toEqual([expect.objectContaining({ label: 'f', nodes: ['f_1', 'f_2'] })])
    for (const id of ['f_1', 'f_2']) {
      const node = diagram.nodes.find((n) => n.id === id)!
      expect(node.trainable).toBe(true)
      expect(node.text.at(-1)).toEqual({ text: ' ≡' })
    }
    const { scene } = render(siamese)
    expect(scene.nodes.filter((n) => n.star).map((n) => n.id).sort()).toEqual(['f_1', 'f_2'])
  })
  test('a gradient into any instance trains the set: no no-gradient for the twin that reaches no objective', () => {
    expect(rules(siamese)).not.toContain('no-gradient')
    // Untied, the same drawing leaves f_2 without a gradient.
    expect(rules(siamese.replace('f_1, f_2 = *[f]', 'f_1 = *[f]\nf_2 = *[f]'))).toContain('no-gradient')
  })
  test('training one instance in a phase trains every instance', () => {
    const { diagram } = analyze(`${siamese.replace('*[f]', '[f]')}\nphase (a): train f_1; min loss\nphase (b): train f; min loss`)
    expect(diagram.phases.map((p) => p.trainable)).toEqual([['f_1', 'f_2'], ['f_1', 'f_2']])
  })
  test('a, b -> [f] stays one box with two inputs', () => {
    const { diagram } = analyze('a, b -> [f] -> y')
    expect(diagram.nodes.filter((n) => n.kind === 'module')).toHaveLength(1)
  })
})

describe('recurrence, stacks and loops', () => {
  const folded = '(X, Y) ~ x, y\nx -> *[cell] -> h -> (ce) -> loss\ny -> (ce)\ncarry h -> [cell] from h_0\nmin loss'
  test('carry: a back wire into the cell, not a cycle; a given initial state is bold', () => {
    const { diagram, diagnostics } = analyze(folded)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.find((w) => w.from === 'h' && w.to === '[cell]')).toMatchObject({ back: true })
    expect(diagram.nodes.find((n) => n.id === 'h_0')).toMatchObject({ given: true })
    const { scene } = render(folded)
    const back = scene.wires.find((w) => w.from === 'h' && w.to === '[cell]')!
    expect(back.back).toBe(true)
    // It runs back up: it ends above where it starts.
    expect(back.points.at(-1)![1]).toBeLessThan(back.points[0]![1])
  })
  test('a trained or computed initial state stays as it is', () => {
    expect(analyze(folded.replace('from h_0', 'from *h_0')).diagram.nodes.find((n) => n.id === 'h_0')).toMatchObject({ given: false, trainable: true })
    const computed = analyze(`${folded}\nx -> [enc] -> h_0`).diagram.nodes.find((n) => n.id === 'h_0')!
    expect(computed.given).toBe(false)
  })
  test('repeat and loop draw labelled frames around exactly their nodes; inner frames nest', () => {
    const text = 'X ~ x\nx -> *[a] -> h -> *[b] -> y\nloop t = T -> 1: [a], h, [b]\nrepeat N shared: [b]'
    const { diagram } = analyze(text)
    expect(diagram.groups).toEqual([
      { id: 'frame1', label: [{ text: 't = T → 1' }], nodes: ['[a]', 'h'] },
      { id: 'frame2', label: [{ text: '×N ≡' }], nodes: ['[b]'], parent: 'frame1' }
    ])
    const { scene } = render(text)
    const outer = scene.frames.find((f) => f.id === 'frame1')!.box
    for (const node of scene.nodes.filter((n) => ['[a]', 'h', '[b]'].includes(n.id))) {
      expect(node.box.x).toBeGreaterThanOrEqual(outer.x)
      expect(node.box.x + node.box.width).toBeLessThanOrEqual(outer.x + outer.width)
    }
  })
  test('a node the frame computes and alone uses is drawn inside it, though not listed', () => {
    const members = (text: string) => Object.fromEntries((analyze(text).diagram.groups ?? []).map((g) => [g.id, g.nodes]))
    // A sampler's loop that lists its network and step but not the noise estimate between them; z comes from outside.
    const sampler = 'N(0, I) ~ x_T, z\nx_t, t -> [\\epsilon_\\theta] -> \\hat\\epsilon\nx_t, \\hat\\epsilon, z -> (step) -> x_{t-1}\ncarry x_{t-1} -> x_t from x_T\nloop t = T -> 1: x_t, [\\epsilon_\\theta], (step), x_{t-1}'
    expect(members(sampler)['frame1']).toContain('\\hat{\\epsilon}')
    expect(members(sampler)['frame1']).not.toContain('z')
    // A stack's inner variable joins; the embedding that only feeds the stack from outside stays out.
    const stack = 'X ~ x\nx -> *[embed] -> h -> *[attn] -> a -> *[FFN] -> y\nrepeat N: h, [attn], [FFN]'
    expect(members(stack)['frame1']).toEqual(['h', '[attn]', '[FFN]', 'a'])
    // Between two sibling frames no frame holds all it touches: it stays out.
    const siblings = 'X ~ x\nx -> *[a] -> h -> *[b] -> y\nrepeat N: [a]\nrepeat M: [b]'
    expect(Object.values(members(siblings)).flat()).toEqual(['[a]', '[b]'])
  })
  test('frames nest whichever is written first: an inner stack listed before its loop', () => {
    const first = 'X ~ x\nx -> *[a] -> h -> *[b] -> y\nloop t = T -> 1: [a], h, [b]\nrepeat N shared: [b]'
    const second = 'X ~ x\nx -> *[a] -> h -> *[b] -> y\nrepeat N shared: [b]\nloop t = T -> 1: [a], h, [b]'
    const tree = (text: string) => {
      const groups = analyze(text).diagram.groups ?? []
      const label = (id?: string) => groups.find((g) => g.id === id)?.label[0]!.text
      return groups.map((g) => [label(g.id), g.nodes, label(g.parent)]).sort()
    }
    expect(analyze(second).diagnostics).toEqual([])
    expect(tree(second)).toEqual(tree(first))
    const { scene } = render(second)
    const [outer, inner] = ['t = T → 1', '×N ≡'].map((text) => scene.frames.find((f) => f.label[0]!.text === text)!.box)
    expect(inner!.x).toBeGreaterThan(outer!.x)
    expect(inner!.x + inner!.width).toBeLessThan(outer!.x + outer!.width)
    expect(inner!.y).toBeGreaterThan(outer!.y)
  })
  test('frames that cut each other are refused with a message', () => {
    expect(rules('X ~ x\nx -> [a] -> h -> [b] -> y\nrepeat N: [a], h\nrepeat M: h, [b]')).toContain('frame-overlap')
  })
})

describe('learned tensors and state', () => {
  test('learned: starred and boxed, unlike a per-sample trained input', () => {
    const { scene } = render('X ~ x\nlearned c\nc, x, *z -> [f] -> y')
    const c = scene.nodes.find((n) => n.id === 'c')!
    const z = scene.nodes.find((n) => n.id === 'z')!
    expect([c.shape, Boolean(c.star)]).toEqual(['tensor', true])
    expect([z.shape, Boolean(z.star)]).toEqual(['text', true])
  })
  const byol = 'X ~ x, x\'\nx -> *[online] -> q\nx\' -> [target] -> z\nupdate target from online: EMA \\tau\nq, z -> (cos) -> loss\nmin loss'
  test('update: the rule is an op on dashed wires; no gradient flows along them', () => {
    const { diagram, diagnostics } = analyze(byol)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.filter((w) => w.update).map((w) => [w.from, w.to])).toEqual([['[online]', 'update:[target]'], ['update:[target]', '[target]']])
    const { svg } = render(byol)
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2)
    // online's only path to the loss is through the update: it gets no gradient.
    expect(rules(byol.replace('x -> *[online] -> q', 'x -> *[online]\nx -> *[p] -> q'))).toContain('no-gradient')
  })
  test('state marked trainable is an error', () => {
    expect(rules(byol.replace('[target]', '*[target]'))).toContain('trained-state')
  })
  test('an update that writes the weights its source was copied from closes the training loop: its write runs back up, no cycle', () => {
    // Reptile and federated averaging: the slow weights seed the fast ones, which move them after the step.
    const reptile = 'T ~ x, y\nphi -> (copy) -> *w\nx, w -> [f] -> y\'\ny\', y -> (mse) -> L\nmin L\nupdate phi from w: meta step'
    const { diagram, diagnostics } = analyze(reptile)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.filter((w) => w.update).map((w) => [w.from, w.to, Boolean(w.back)])).toEqual([['w', 'update:phi', false], ['update:phi', 'phi', true]])
    const { scene } = render(reptile)
    const write = scene.wires.find((w) => w.to === 'phi')!
    // Drawn upward into phi's side: it ends on one of phi's sides.
    const { box } = scene.nodes.find((n) => n.id === 'phi')!
    const [x, y] = write.points.at(-1)!
    expect([x === box.x || x === box.x + box.width, y > box.y && y < box.y + box.height]).toEqual([true, true])
    // The write leaves the rule's side away from the rule's own input from w, which comes down its top from the right: it crosses nothing.
    expect(crossings(scene)).toBe(0)
    // An update that closes nothing keeps its write forward.
    expect(analyze(byol).diagram.wires.some((w) => w.update && w.back)).toBe(false)
  })
  test("an update read back only through an environment's loop is no loop of its own: it stays across its rank", () => {
    // Self-play against a frozen copy: pi_old -> a' -> Game -> s -> pi closes the game's loop, not the copy's.
    const league = "environment Game: a, a' -> s, s', r\ns -> *[pi] -> p\np ~ a\ns' -> [pi_old] -> q\nq ~ a'\np, a, r -> (pg) -> L\nupdate [pi_old] from [pi]: copy\nmin L"
    const { diagram, diagnostics } = analyze(league)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.filter((w) => w.update).map((w) => Boolean(w.back))).toEqual([false, false])
    expect(diagram.wires.filter((w) => w.from === 'Game').map((w) => [w.to, Boolean(w.back)])).toEqual([["s", true], ["s'", true], ['r', false]])
    const { scene } = render(league)
    const [pi, rule, old] = ['[pi]', 'update:[pi_old]', '[pi_old]'].map((id) => scene.nodes.find((n) => n.id === id)!.box)
    // The rule stands between the two networks on their row.
    expect(Math.abs(rule!.y + rule!.height / 2 - (pi!.y + pi!.height / 2))).toBeLessThan(1)
    expect(Math.abs(rule!.y + rule!.height / 2 - (old!.y + old!.height / 2))).toBeLessThan(1)
  })
  test('an update of weights from the return of the world they acted in writes after the episode: no cycle', () => {
    // Evolution strategies: theta, perturbed, acts; the environment's return moves theta, read back at the next episode.
    const es = 'p = N(0, I)\np ~ e\nenvironment Env: a -> s, R\ntheta, e -> (perturb) -> theta\'\ns, theta\' -> (policy) -> a\nupdate theta from R: ES step'
    const { diagram, diagnostics } = analyze(es)
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(diagram.wires.filter((w) => w.update).map((w) => [w.from, w.to, Boolean(w.back)])).toEqual([['R', 'update:theta', false], ['update:theta', 'theta', true]])
    // The environment closes its own loop through the state, and gives the return forward.
    expect(diagram.wires.filter((w) => w.from === 'Env').map((w) => [w.to, Boolean(w.back)])).toEqual([['s', true], ['R', false]])
    const { scene } = render(es)
    expect(crossings(scene)).toBe(0)
  })
  test("a tied set's label names the set in an update's source, as in `train`", () => {
    const dqn = "Q_1, Q_2 = *[Q]\nenvironment Env: a -> s', r\ncarry s' -> s from s_0\ns -> Q_1 -> q -> (greedy) -> a\nstore s, a, r, s' in D\nD ~ s_j, a_j, r_j, s'_j\ns_j, a_j -> Q_2 -> q_j\ns'_j -> [Q'] -> y\nq_j, r_j, y -> (TD) -> L\nupdate Q' from Q: copy\nmin L"
    const { diagram, diagnostics } = analyze(dqn)
    expect(diagnostics).toEqual([])
    expect(diagram.wires.filter((w) => w.update).map((w) => [w.from, w.to])).toEqual([['Q_1', "update:[Q']"], ["update:[Q']", "[Q']"]])
    // A variable of that name is still the variable.
    expect(analyze(dqn.replace("update Q' from Q", "Q_1 -> Q\nupdate Q' from Q")).diagram.wires.some((w) => w.from === 'Q' && w.update)).toBe(true)
  })
  test('a long rule with a period is an ellipse at the body size, its period above it inside the drawing', () => {
    const pruning = "(X, Y) ~ x, y\n*w, m -> (\\odot) -> w'\nx, w' -> (net) -> y'\ny', y -> (ce) -> L\nupdate m from w: keep the largest |w|\nevery round: m\nmin L"
    const { scene } = render(pruning)
    const rule = scene.nodes.find((n) => n.id === 'update:m')!
    expect([rule.shape, rule.fontSize, rule.box.height]).toEqual(['ellipse', 16, 28])
    // The period stands above a row that aligns its tops: lowered with the row, never above the top edge.
    expect(rule.note!.at[1] - 16).toBeGreaterThanOrEqual(0)
    expect(rule.note!.at[1]).toBeLessThan(rule.box.y)
    // The dashed wire leaves the trained source's left side, where its star stands: the star rises off it.
    const w = scene.nodes.find((n) => n.id === 'w')!
    const out = scene.wires.find((x) => x.from === 'w' && x.update)!
    expect(out.points[0]![0]).toBe(w.box.x)
    expect(w.star![1] + scene.glyphs.star / 2).toBeLessThan(out.points[0]![1])
    expect(problems(scene)).toEqual([])
  })
  test('a source named where a node is expected says which samples stand for it', () => {
    const { diagnostics } = analyze('D_k ~ x_k, y_k\nx_k -> *[f] -> p\np, y_k -> (ce) -> L\nmin L\nrepeat K: D_k, x_k, [f]')
    expect(diagnostics.map((d) => d.message)).toContain('Expected a node to put in the stack, got data set `D_k`, which only its samples stand for here (`x_k`, `y_k`)')
  })
  test('a state variable is drawn as a register', () => {
    const { scene } = render('X ~ x\nx -> (BN) -> y\nm -> (BN)\nupdate m from x: EMA')
    expect(scene.nodes.find((n) => n.id === 'm')!.shape).toBe('tensor')
  })
})

describe('banks', () => {
  test('a bank is a deck wired to its index; a conditioned network is a plain box', () => {
    const { scene } = render('X ~ x\nU{1..T} ~ t\nx, t -> [D] -> s\nx, t -> [C] -> u\nbank [D] by t')
    expect(scene.nodes.find((n) => n.id === '[D]')!.shape).toBe('deck')
    expect(scene.nodes.find((n) => n.id === '[C]')!.shape).toBe('rect')
    expect(scene.wires.some((w) => w.from === 't' && w.to === '[D]')).toBe(true)
    expect(rules('bank (op) by t')).toContain('bank-term')
  })
  test("a bank named by a tied set's label is every instance of it, wherever the tie is written", () => {
    for (const text of [
      'X ~ x, y\nU{1..3} ~ k\nd_1, d_2 = *[D_k]\nx, k -> d_1 -> s\ny -> d_2 -> t\nbank [D_k] by k\ns, t -> (hinge) -> L\nmin L',
      'X ~ x, y\nU{1..3} ~ k\nbank [D_k] by k\nd_1, d_2 = *[D_k]\nx -> d_1 -> s\ny -> d_2 -> t\ns, t -> (hinge) -> L\nmin L'
    ]) {
      const { diagram, diagnostics } = analyze(text)
      expect(diagnostics).toEqual([])
      expect(diagram.nodes.filter((n) => n.bank).map((n) => n.id)).toEqual(['d_1', 'd_2'])
      expect(diagram.wires.filter((w) => w.from === 'k').map((w) => w.to)).toEqual(['d_1', 'd_2'])
    }
  })
})

describe('labels', () => {
  test.each([
    ['\\hat{y}_t', [{ text: 'ŷ' }, { text: 't', shift: 'sub' }]],
    ['\\tilde x', [{ text: 'x̃' }]],
    ['\\bar\\mu', [{ text: 'μ̄' }]],
    ['\\mu\\hat{x}', [{ text: 'μx̂' }]],
    ['\\emptyset', [{ text: '∅' }]],
    ['x_{t_1}', [{ text: 'x' }, { text: 't1', shift: 'sub' }]],
    ['\\mathbb{E}', [{ text: '𝔼' }]],
    ['\\|x\\|^2', [{ text: '‖x‖' }, { text: '2', shift: 'sup' }]],
    ['\\text{CLS}', [{ text: 'CLS' }]],
    ['a \\gets b', [{ text: 'a ← b' }]],
    ['\\sqrt{2\\eta}', [{ text: '√(2η)' }]],
    ['\\sqrt{x}', [{ text: '√x' }]]
  ])('%s', (written, runs) => {
    expect(toRuns(written)).toEqual(runs.map((r) => ({ ...r, text: r.text.normalize('NFC') })))
  })
  test('no TeX command an author typed in the gallery is drawn as written', () => {
    for (const name of GALLERY) expect(render(source(name)).svg, name).not.toMatch(/\\[A-Za-z]/)
  })
})

describe('near misses', () => {
  test.each([
    ['minimize loss', 'unknown-keyword', 'did you mean `min`?'],
    ['argmax reward', 'unknown-keyword', 'did you mean `max`?'],
    ['x -> [[f]] -> y', 'double-bracket', 'one pair of brackets makes a module'],
    ['  x -> [f] -> y', 'meaningless-indent', 'indentation groups nothing'],
    ['f_1, f_2 = x', 'tied-term', '`[module]`'],
    ['carry h [f]', 'expected-term', '`->` between the carried value'],
    ['update t from o', 'expected-rule', 'update rule'],
    ['repeat : a', 'expected-term', 'the count']
  ])('%s', (text, ruleId, words) => {
    const found = analyze(text).diagnostics.find((d) => d.ruleId === ruleId)
    expect(found?.message).toContain(words)
  })
  test('v1 words stay variables: carry, loop, learned, update in a chain', () => {
    expect(errorsOf('carry -> [f] -> loop\nupdate, learned -> (g) -> repeat')).toEqual([])
  })
})

describe('property: frames nest the same whichever order they are written in', () => {
  test('random nested and side-by-side frames over a chain, lines shuffled', () => {
    // A chain of modules; each frame a run of them; the frames written in two orders give one tree, or both refuse.
    const frameRun = fc.tuple(fc.nat(7), fc.nat(7)).map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const)
    fc.assert(
      fc.property(fc.array(frameRun, { minLength: 1, maxLength: 4 }), fc.integer(), (runs, seed) => {
        const chain = `X ~ x\nx -> ${Array.from({ length: 8 }, (_, i) => `*[m${i}]`).join(' -> ')} -> L\nmin L`
        const lines = runs.map(([a, b], i) => `repeat N${i}: ${Array.from({ length: b - a + 1 }, (_, k) => `[m${a + k}]`).join(', ')}`)
        const shuffled = [...lines].sort((p, q) => ((p.length * 31 + seed) % 7) - ((q.length * 31 + seed) % 7) || (p < q ? 1 : -1))
        const tree = (frames: string[]) => {
          const { diagram, diagnostics } = analyze(`${chain}\n${frames.join('\n')}`)
          if (diagnostics.some((d) => d.ruleId === 'frame-overlap')) return 'refused'
          const groups = diagram.groups ?? []
          const label = (id?: string) => groups.find((g) => g.id === id)?.label[0]!.text
          return JSON.stringify(groups.map((g) => [label(g.id), [...g.nodes].sort(), label(g.parent)]).sort())
        }
        // Two frames over the same nodes nest in the order written: only distinct runs compare.
        if (new Set(runs.map(String)).size < runs.length) return
        expect(tree(shuffled)).toBe(tree(lines))
        if (tree(lines) !== 'refused') withinHangBound(() => render(`${chain}\n${lines.join('\n')}`))
      }),
      { numRuns: 300 }
    )
  })
})

describe('property: the new syntax never crashes, hangs or throws a foreign error', () => {
  const WORDS = ['carry', 'repeat', 'loop', 'learned', 'update', 'from', 'shared', 'p', 'f_1', 'f_2', 'h', '[f]', '*[g]', '(op)', 'N(0, 1)', 'Bern(p)', 'U{1..T}', '\\hat{x}', '\\tilde', '=', ',', '->', ':', '~', 't = T -> 1', '[[f]]', '  ', '\\bar', 'x_{t_1}', '*']
  const line = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((t) => t.join(' '))
  test('random lines of the new keywords', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const text = lines.join('\n')
        let svg: string | undefined
        try {
          svg = withinHangBound(() => render(text)).svg
        } catch (error) {
          expect(error).toBeInstanceOf(DgmError)
        }
        if (svg !== undefined) parseXml(svg)
        expect(analyze(text).diagnostics.map((d) => d.ruleId)).not.toContain('internal')
      }),
      { numRuns: 400 }
    )
  })
})
