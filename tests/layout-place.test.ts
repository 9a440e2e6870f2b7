/** Phase `placeX`: one rank placed exactly, and sweeps that stop. */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import type { LayerEdge, LayerNode } from '../src/layout/layered.js'
import { place } from '../src/layout/layout.js'
import { attach, gap, PORT_STEP } from '../src/layout/attach.js'
import { layer } from '../src/layout/layered.js'
import { measure, TRIANGLE } from '../src/layout/measure.js'
import { order } from '../src/layout/order.js'
import { MAX_SWEEPS, placeRank, placer, type Mode } from '../src/layout/place.js'
import { SHAPES, synthetic } from '../bench/synthetic.js'
import { bendsOf, crossings, sharedTracks } from './geometry.js'

const node = (key: string, x = 0): LayerNode => ({ key, node: { id: key } as LayerNode['node'], x, left: 5, right: 5, up: [], down: [], rank: 1, order: 0 })
function wire(from: LayerNode, to: LayerNode, weight = 1, toOffset = 0, side?: -1 | 1): LayerEdge {
  const e: LayerEdge = { from, to, wire: 0, weight, toOffset, fromOffset: 0, ...(side ? { side } : {}) }
  from.down.push(e)
  to.up.push(e)
  return e
}

describe('one rank', () => {
  test('a node stands under its input', () => {
    const n = node('n')
    wire(node('u', 66), n)
    placeRank([n], 'both')
    expect(n.x).toBe(66)
  })
  test('the weighted median of its wires, the middle of a tie', () => {
    const n = node('n')
    wire(node('a', 0), n)
    wire(node('b', 100), n)
    placeRank([n], 'both')
    expect(n.x).toBe(50)
    wire(node('c', 90), n, 1.5)
    placeRank([n], 'both')
    expect(n.x).toBe(90)
  })
  test('two nodes that want one place share it, kept apart by their gap', () => {
    const t = node('t', 0)
    const [a, b] = [node('a'), node('b')]
    wire(t, a)
    wire(t, b)
    placeRank([a, b], 'both')
    expect(b.x - a.x).toBe(5 + 36 + 5)
    expect(a.x + b.x).toBe(0)
  })
  test('a side input pulls only until it stands far enough out', () => {
    const op = node('op', 0)
    const far = node('far', -80)
    const near = node('near', -10)
    wire(far, op, 2, -30, -1)
    wire(near, op, 2, -30, -1)
    // `far` already stands left of the port column: nothing pulls it.
    wire(node('up', -80), far)
    placeRank([far], 'both')
    expect(far.x).toBe(-80)
    // `near` is pulled out to the column, against a weaker wire above.
    wire(node('up2', -10), near)
    placeRank([near], 'both')
    expect(near.x).toBe(-30)
  })
  test('a wide rank fed by one node: 1,000 nodes in one pass, centred under it', () => {
    const top = node('top', 0)
    const rank = Array.from({ length: 1000 }, (_, i) => node(`m${i}`))
    for (const m of rank) wire(top, m)
    placeRank(rank, 'both')
    expect(rank[0]!.x + rank[999]!.x).toBeCloseTo(0, 6)
    for (let i = 1; i < rank.length; i++) expect(rank[i]!.x - rank[i - 1]!.x).toBe(46)
  })
})

describe('placement converges', () => {
  const sources: [string, string][] = [
    ...readdirSync('fixtures/figures').map((name): [string, string] => [name, readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8')]),
    ...[10, 30, 100, 300].flatMap((size) => [1, 2, 3].map((seed): [string, string] => [`synthetic ${size}/${seed}`, synthetic(size, seed)]))
  ]
  for (const [name, source] of sources) {
    test(`${name}: sweeps stop before the cap (${MAX_SWEEPS})`, () => {
      const { sweeps } = place(analyze(source).diagram)
      expect(sweeps).toBeLessThan(MAX_SWEEPS)
    })
  }
})

describe('sweeps skip only ranks that would not move', () => {
  /** A drawing ordered and attached, ready for placement. */
  function ranksOf(source: string): LayerNode[][] {
    const { diagram } = analyze(source)
    const objectives = new Set(diagram.objectives.map((o) => o.node))
    const layered = layer(diagram, new Map(diagram.nodes.map((n) => [n.id, measure(n, n.trainable === true, objectives.has(n.id))])), objectives)
    order(layered.ranks)
    attach(layered)
    return layered.ranks
  }
  const cases: [string, string][] = [
    ['vae', readFileSync('fixtures/figures/vae/input.dgm', 'utf8')],
    ['synthetic 100', synthetic(100, 2)],
    ['dag 300', SHAPES.dag!(300, 1)],
    ['grid 100', SHAPES.grid!(100, 1)]
  ]
  test.each(cases)('%s: the same places as placing every rank every sweep', (_, source) => {
    const skipping = ranksOf(source)
    const every = ranksOf(source)
    const place = placer(skipping)
    const last = skipping.length - 1
    const plan: [Mode, boolean][] = [...Array.from({ length: 8 }, (_, i): [Mode, boolean] => ['both', i >= 4]), ['hang', false], ['hang', false], ['dummies', false], ['dummies', false]]
    const packed = every.map((rank) => rank.map((n) => n.x))
    plan.forEach(([mode, nearest], sweep) => {
      for (let i = 0; i <= last; i++) {
        const r = sweep % 2 ? last - i : i
        place(r, mode, nearest)
        placeRank(every[r]!, mode, nearest)
        expect(skipping[r]!.map((n) => n.x)).toEqual(every[r]!.map((n) => n.x))
      }
    })
    // The sweeps moved nodes, or the comparison would show nothing.
    expect(every.map((rank) => rank.map((n) => n.x))).not.toEqual(packed)
  })
})

describe('an op fed from both sides by the rank just above', () => {
  /** The VAE's `rp` and `KL`: both fed by μ (left) and σ (right), too close together for both to stand between them. */
  const { scene } = render(readFileSync('fixtures/figures/vae/input.dgm', 'utf8'))
  const centre = (id: string) => {
    const n = scene.nodes.find((n) => n.id === id)!
    return n.box.x + n.box.width / 2
  }
  test('sits under the middle of its feeders, each input dropping and turning straight in', () => {
    expect(Math.abs(centre('(rp)') - (centre('\\mu') + centre('\\sigma')) / 2)).toBeLessThanOrEqual(1)
    for (const from of ['\\mu', '\\sigma']) expect(bendsOf(scene.wires.find((w) => w.from === from && w.to === '(rp)')!.points), from).toBe(1)
  })
  test('the other op with the same feeders steps out past the near one', () => {
    expect(centre('(KL)')).toBeGreaterThan(centre('\\sigma'))
    for (const from of ['\\mu', '\\sigma']) expect(scene.wires.find((w) => w.from === from && w.to === '(KL)')!.points.at(-1)![0]).toBeLessThan(centre('(KL)'))
  })
})

test('two long wires that swap sides in a channel: one runs straight through, the other jogs across it once', () => {
  // CycleGAN: b feeds D_B on the right, a feeds D_A on the left; their long wires must cross.
  const { scene } = render(readFileSync('fixtures/corpus/cyclegan/input.dgm', 'utf8'))
  expect(sharedTracks(scene)).toEqual([])
  const wire = (from: string, to: string) => scene.wires.find((w) => w.panel === 0 && w.from === from && w.to === to)!
  const [b, a] = [wire('b', '[D_B]'), wire('a', '[D_A]')]
  // Each leaves its fan-out (two bends) and turns into its target's side (one); only one of them jogs (two more).
  expect([bendsOf(b.points), bendsOf(a.points)].sort()).toEqual([3, 5])
  // They cross once, the panel's only crossing.
  expect(crossings(scene, 0)).toBe(1)
})

test('long wires of one source share one column: a trunk that branches, not parallel wires a few px apart', () => {
  const { scene } = render(readFileSync('fixtures/corpus/denoising-autoencoder/input.dgm', 'utf8'))
  const wires = scene.wires.filter((w) => w.from === 'x')
  expect(wires.map((w) => w.to).sort()).toEqual(['(+)', '(‖·‖²)'])
  // Each drops straight from x and turns into its op's side once.
  for (const w of wires) expect(bendsOf(w.points), w.to).toBe(1)
  expect(new Set(wires.map((w) => w.points[0]![0])).size).toBe(1)
  expect(wires[0]!.points[1]![0]).toBe(wires[1]!.points[1]![0])
})

test('snapping to whole pixels keeps a straight wire straight into a half-pixel slot', () => {
  // DQN: s hangs over Q's first top slot, 17.5 px left of Q's centre.
  const { scene } = render(readFileSync('fixtures/corpus/dqn/input.dgm', 'utf8'))
  expect(bendsOf(scene.wires.find((w) => w.from === 's' && w.to === '[Q]')!.points)).toBe(0)
})

test('a long side input standing a few px inside its port column slides onto it with its source and data set', () => {
  // InfoGAN: x comes down from X beside Q into D's right side; it drops and turns in once.
  const { scene } = render(readFileSync('fixtures/corpus/infogan/input.dgm', 'utf8'))
  const wire = scene.wires.find((w) => w.panel === 0 && w.from === 'x' && w.to === '[D]')!
  expect(bendsOf(wire.points)).toBe(1)
  const centre = (id: string) => {
    const n = scene.nodes.find((n) => n.panel === 0 && n.id === id)!
    return n.box.x + n.box.width / 2
  }
  // The data set stays over its sample: the tilde's wire is straight.
  expect(centre('source:X')).toBe(centre('x'))
})

test('an op moves towards the middle of its feeders only with what hangs straight below it', () => {
  // Mean teacher: the first (+) is fed by x and η; x_1 hangs below it and the student below x_1, beside y's long wire.
  const { scene } = render(readFileSync('fixtures/corpus/mean-teacher/input.dgm', 'utf8'))
  const x1 = scene.wires.find((w) => w.from === 'x_1' && w.to === '[student]')!
  expect(bendsOf(x1.points)).toBe(0)
})

test('a long side input whose source stands outside its port column comes straight down from it', () => {
  // s' stands right of g's right port column, three ranks up, and drops into its side.
  const { scene } = render("(S, A, S') ~ s, a, s'\ns, a -> *[Q] -> q\nq -> *[f] -> u\nu, s' -> *[g] -> v\nmin v")
  const wire = scene.wires.find((w) => w.from === "s'" && w.to === '[g]')!
  expect(bendsOf(wire.points)).toBe(1)
  const g = scene.nodes.find((n) => n.id === '[g]')!
  expect(wire.points.at(-1)![0]).toBe(g.box.x + g.box.width)
})

test("of an op's two operands that stand on one side, a long wire nearer the other side enters that side", () => {
  // DQN's target: q' comes down into the left end, r (from the sample row) into the right.
  // Actor-critic's advantage: R minus V, R into the left, V into the right.
  const cases = [
    ['fixtures/notation/s-dqn-target/input.dgm', "q'", 'r'],
    ['fixtures/notation/g-actor-critic/input.dgm', 'R', 'V']
  ] as const
  for (const [file, left, right] of cases) {
    const { scene } = render(readFileSync(file, 'utf8'))
    const into = (from: string) => scene.wires.find((w) => w.panel === 0 && w.from === from && scene.nodes.find((n) => n.id === w.to)!.kind === 'op' && scene.wires.some((v) => v.to === w.to && v.from !== from && (v.from === left || v.from === right)))!
    const op = scene.nodes.find((n) => n.id === into(left).to && n.panel === 0)!
    expect(into(left).points.at(-1)![0], file).toBeLessThan(op.box.x + op.box.width / 2)
    expect(into(right).points.at(-1)![0], file).toBeGreaterThan(op.box.x + op.box.width / 2)
  }
})

test('of two long wires that swap sides in one channel, one drops straight and the other crosses it once', () => {
  // MAML: x_s feeds f's left side and y_s the loss's left side below it; they swap under the brace,
  // neither reaching the other's column. Jogging both would bend each twice more.
  const { scene } = render(readFileSync('fixtures/notation/s-maml/input.dgm', 'utf8'))
  const wire = scene.wires.find((w) => w.panel === 0 && w.from === 'x_s')!
  expect(bendsOf(wire.points)).toBe(1)
  const source = scene.nodes.find((n) => n.panel === 0 && n.id === 'x_s')!
  expect(wire.points[0]![0]).toBe(source.box.x + source.box.width / 2)
})

test('a trained tensor that only an op uses hangs right above the op, not from the data row', () => {
  // VQ-VAE: the codebook *e enters (nearest) beside z_e instead of running down past the encoder.
  const { scene } = render(readFileSync('fixtures/corpus/vq-vae/input.dgm', 'utf8'))
  const box = (id: string) => scene.nodes.find((n) => n.id === id)!.box
  expect(box('e').y).toBe(box('z_e').y)
  const wire = scene.wires.find((w) => w.from === 'e' && w.to === '(nearest)')!
  expect(bendsOf(wire.points)).toBe(1)
  expect(crossings(scene)).toBe(0)
  // ViT: `*cls, e -> (concat)` hangs cls beside e, left of it, as written.
  const vit = render(readFileSync('fixtures/corpus/vit-classifier/input.dgm', 'utf8')).scene
  const at = (id: string) => vit.nodes.find((n) => n.id === id)!.box
  expect(at('cls').y).toBe(at('e').y)
  expect(at('cls').x).toBeLessThan(at('e').x)
})

test('an update between two networks that stand on one row by their inputs runs straight across it', () => {
  // BYOL: online and target each keep their own view on top; the moving average runs across between them.
  const { scene } = render(readFileSync('fixtures/notation/byol/input.dgm', 'utf8'))
  const node = (id: string) => scene.nodes.find((n) => n.id === id)!
  const [online, target, rule] = [node('[online]'), node('[target]'), node('update:[target]')]
  const middle = (n: (typeof scene.nodes)[number]) => n.box.y + n.box.height / 2
  expect(middle(online)).toBe(middle(target))
  expect(middle(rule)).toBe(middle(online))
  expect(rule.box.x).toBeGreaterThan(online.box.x + online.box.width)
  expect(rule.box.x + rule.box.width).toBeLessThan(target.box.x)
  for (const [from, to] of [['[online]', rule.id], [rule.id, '[target]']]) {
    const wire = scene.wires.find((w) => w.from === from && w.to === to)!
    expect(wire.update).toBe(true)
    expect(bendsOf(wire.points)).toBe(0)
  }
  // Each network's own input comes down its top.
  for (const [from, to] of [['v', online], ["v'", target]] as const) {
    const end = scene.wires.find((w) => w.from === from && w.to === to.id)!.points.at(-1)!
    expect(end[1]).toBe(to.box.y)
  }
})

test('an update whose two ends stand on different rows by their inputs hangs between them', () => {
  // The target network is fed from the sample row, its source three rows down: the rule goes between them.
  const { scene } = render('X ~ x\nx -> *[f] -> h -> *[g] -> y\nx -> [t] -> z\nupdate t from g: EMA\ny, z -> (d) -> loss\nmin loss')
  const box = (id: string) => scene.nodes.find((n) => n.id === id)!.box
  const [g, rule, t] = [box('[g]'), box('update:[t]'), box('[t]')]
  expect(rule.y).toBeGreaterThan(g.y + g.height)
  expect(t.y).toBeGreaterThan(rule.y + rule.height)
})

test('a lone sample whose long side input cannot come under it (an op stands in the way) moves over it, with its data set', () => {
  // DDPM: ε feeds the noising op's right end and, past it, the loss's right side.
  const { scene } = render(readFileSync('fixtures/notation/ddpm-training/input.dgm', 'utf8'))
  const wire = scene.wires.find((w) => w.from === '\\epsilon' && w.to === '(mse)')!
  expect(bendsOf(wire.points)).toBe(1)
  const centre = (id: string) => {
    const n = scene.nodes.find((n) => n.id === id)!
    return n.box.x + n.box.width / 2
  }
  expect(centre('\\epsilon')).toBe(wire.points[0]![0])
  expect(centre('source:N(0, I)')).toBe(centre('\\epsilon'))
})

test("a module's top inputs that come down over their own shares of its top drop straight in, apart", () => {
  // GCN: A and X, two samples of one brace, feed the GCN's top; the brace spaces them wider than evenly spaced slots would.
  const { scene } = render(readFileSync('fixtures/notation/t-gcn/input.dgm', 'utf8'))
  const into = ['A', 'X'].map((from) => scene.wires.find((w) => w.from === from && w.to === '[GCN]')!)
  for (const wire of into) expect(bendsOf(wire.points)).toBe(0)
  const ends = into.map((w) => w.points[w.points.length - 1]![0])
  expect(ends[1]! - ends[0]!).toBeGreaterThanOrEqual(16)
  const gcn = scene.nodes.find((n) => n.id === '[GCN]')!.box
  for (const x of ends) expect(x > gcn.x && x < gcn.x + gcn.width).toBe(true)
})

test('an op of two operands that stand on one side of it steps between them: each enters a side of its own', () => {
  // RLHF: the KL term compares π and π_ref, which both entered its right side.
  const { scene } = render(readFileSync('fixtures/notation/g-rlhf/input.dgm', 'utf8'))
  const kl = scene.nodes.find((n) => n.id === '(KL)' && n.panel === 0)!
  const ends = scene.wires.filter((w) => w.to === '(KL)' && w.panel === 0).map((w) => w.points[w.points.length - 1]![0])
  expect(ends).toHaveLength(2)
  expect(Math.min(...ends)).toBeLessThanOrEqual(kl.box.x + 0.5)
  expect(Math.max(...ends)).toBeGreaterThanOrEqual(kl.box.x + kl.box.width - 0.5)
})

test('a module fed from above by inputs wider apart than its slots stands under the nearest one', () => {
  // pix2pix: z and x feed G's two top slots; z comes straight down, x's wire steps over once.
  const { scene } = render(readFileSync('fixtures/corpus/pix2pix/input.dgm', 'utf8'))
  expect(bendsOf(scene.wires.find((w) => w.panel === 0 && w.from === 'z' && w.to === '[G]')!.points)).toBe(0)
  expect(sharedTracks(scene)).toEqual([])
})

test('a node a few px off its one wire, a neighbour in the way, pushes the neighbour aside where its wires bend anyway', () => {
  // DQN with its environment: s' stands 1 px off Env's exit; r beside it jogs anyway and steps over.
  const dqn = render(readFileSync('fixtures/notation/e-dqn/input.dgm', 'utf8')).scene
  expect(bendsOf(dqn.wires.find((w) => w.from === 'Env' && w.to === "s'")!.points)).toBe(0)
  // Transformer block: the residual op under attention stands 5 px off; the long skip wire beside it steps aside.
  const encoder = render(readFileSync('fixtures/notation/transformer-encoder/input.dgm', 'utf8')).scene
  expect(bendsOf(encoder.wires.find((w) => w.from === '[attention]' && w.to === 'add_1')!.points)).toBe(1)
  expect(sharedTracks(encoder)).toEqual([])
})

test('a long wire squeezed on several ranks steps sideways once, not on each rank', () => {
  // An unrolled LSTM: x_4 runs past three steps' boxes to the last loss; each rank alone would nudge it.
  const { scene } = render(readFileSync('fixtures/corpus/lstm-unrolled/input.dgm', 'utf8'))
  const wire = scene.wires.find((w) => w.from === 'x_4' && w.to === "(ce'')")!
  // Down from the brace, one step across, down, and into the loss's side.
  expect(bendsOf(wire.points)).toBeLessThanOrEqual(3)
  const columns = new Set(wire.points.slice(1, -1).map(([x]) => x))
  expect(columns.size).toBeLessThanOrEqual(2)
})

const routeOf = (n: LayerNode) => n.route!

test("a fan-out's trunk of long wires steps sideways once, together, not on each rank a px apart", () => {
  // Capsule routing: y runs past the capsule layers to the margin loss and the reconstruction, the two
  // wires side by side; each blocked the other's step, so the pair zigzagged on every rank, 2 px apart.
  const { diagram } = analyze(readFileSync('fixtures/corpus/capsule-routing/input.dgm', 'utf8'))
  const { layered } = place({ ...diagram, wires: diagram.wires.filter((w) => !w.store) })
  const trunk = layered.routes.filter((r) => r.wire.from === 'y' && r.nodes.length > 4)
  expect(trunk).toHaveLength(2)
  // The ranks where both have a waypoint short of their last, side by side: one column per rank, one step in all.
  const columns: number[] = []
  for (let r = trunk[0]!.nodes[1]!.rank; ; r++) {
    const at = trunk.map((route) => route.nodes.find((n) => n.rank === r))
    if (at.some((n) => !n || n.node || routeOf(n).nodes.at(-2) === n)) break
    expect(new Set(at.map((n) => n!.x)).size, `rank ${r}`).toBe(1)
    columns.push(at[0]!.x)
  }
  expect(columns.length).toBeGreaterThanOrEqual(3)
  expect(columns.filter((x, i) => i && x !== columns[i - 1]).length).toBeLessThanOrEqual(1)
})

test('a neighbour pushed aside to close a jog takes the straight chain it hangs from along', () => {
  // GAIL: the policy's cost sits a few px off its op; the discriminator's loss beside it moves with its op, so a → D stays straight.
  const { scene } = render(readFileSync('fixtures/corpus/gail/input.dgm', 'utf8'))
  expect(bendsOf(scene.wires.find((w) => w.from === 'a' && w.to === 'D_1')!.points)).toBe(0)
  expect(bendsOf(scene.wires.find((w) => w.from === '(-log)')!.points)).toBe(0)
  expect(bendsOf(scene.wires.find((w) => w.from === '(bce)')!.points)).toBe(0)
})

test("an objective held off its op by a column beside it: everything beyond shifts, so the loss's wire drops straight", () => {
  // VAE: prior loss hangs from KL by a long wire, and x's wire runs down beside KL; both shift right together.
  for (const name of ['figures/vae', 'corpus/beta-vae', 'corpus/adversarial-autoencoder']) {
    const { scene } = render(readFileSync(`fixtures/${name}/input.dgm`, 'utf8'))
    for (const w of scene.wires.filter((w) => w.panel === 0 && w.from === '(‖·‖²)')) expect(bendsOf(w.points), name).toBe(0)
    expect(sharedTracks(scene), name).toEqual([])
  }
  // What shifted keeps its shape: the prior loss drops straight, x comes round into the side as before, no new crossing.
  const { scene } = render(readFileSync('fixtures/figures/vae/input.dgm', 'utf8'))
  expect(bendsOf(scene.wires.find((w) => w.from === '(KL)')!.points)).toBe(0)
  expect(bendsOf(scene.wires.find((w) => w.from === 'x' && w.to === '(‖·‖²)')!.points)).toBe(3)
  expect(crossings(scene)).toBeLessThanOrEqual(2)
})

test('a lone sample far off the one box it feeds moves over it, with its data set', () => {
  // word2vec: n (from U(vocab)) feeds only the third embedding, which its rank places to the right.
  const { scene } = render(readFileSync('fixtures/corpus/word2vec/input.dgm', 'utf8'))
  const n = scene.wires.find((w) => w.from === 'n')!
  expect(bendsOf(n.points)).toBe(0)
})

test('two objectives side by side on the bottom row stand a word gap apart, so that an objective squeezed between others still drops straight from its op', () => {
  // VQGAN: `s` (max) between "rec loss" and "codebook loss"; at the gap between boxes it stood 7 px off D.
  const { scene } = render(readFileSync('fixtures/corpus/vqgan/input.dgm', 'utf8'))
  expect(bendsOf(scene.wires.find((w) => w.from === '[D]' && w.to === 's')!.points)).toBe(0)
  const row = scene.nodes.filter((n) => n.objective).sort((a, b) => a.box.x - b.box.x)
  for (let i = 1; i < row.length; i++) {
    // Each label keeps clear of the next one's triangle.
    const left = row[i - 1]!.box.x + row[i - 1]!.box.width
    expect(row[i]!.objective!.at[0] - TRIANGLE / 2 - left).toBeGreaterThanOrEqual(12)
  }
  const a = node('a')
  const b = node('b')
  expect(gap(a, b)).toBe(36)
  a.objective = b.objective = true
  expect(gap(a, b)).toBeLessThan(36)
  // One entered from a side keeps the gap: its input's column runs beside it.
  wire(node('u'), b, 2, -20, -1)
  expect(gap(a, b)).toBe(36)
})

test('a chain link held off its input only by a long wire that it crosses anyway hops over that wire and drops straight', () => {
  // Semi-supervised VAE: x̂ stood left of the prior loss's long wire, so decoder → x̂ jogged 170 px across it.
  const source = readFileSync('fixtures/corpus/semi-supervised-vae/input.dgm', 'utf8')
  const { scene } = render(source)
  expect(bendsOf(scene.wires.find((w) => w.from === '[decoder]' && w.to === '\\hat{x}')!.points)).toBe(0)
  // No crossing added: the order phase's count for the layered graph stays what the sweeps left.
  expect(crossings(scene)).toBeLessThanOrEqual(5)
})

test('a box moved over the output it jogged to keeps its top inputs dropping straight onto their shares of its top', () => {
  // Semi-supervised VAE: moving the encoder 3.5 px over μ made x and y jog onto its top; InfoGAN: z onto G.
  for (const [name, from, to] of [
    ['corpus/semi-supervised-vae', 'x', '[encoder]'],
    ['corpus/semi-supervised-vae', 'y', '[encoder]'],
    ['corpus/infogan', 'z', '[G]']
  ] as const) {
    const { scene } = render(readFileSync(`fixtures/${name}/input.dgm`, 'utf8'))
    expect(bendsOf(scene.wires.find((w) => w.from === from && w.to === to && w.panel === 0)!.points), `${name} ${from}`).toBe(0)
  }
})

test("a node on the data row whose wires turn below it stands clear of another source's brace drop, not on its column", () => {
  // Classifier guidance: t stood right of the prior exactly over z's drop from the brace; its drop ran 10 px down z's.
  const { scene } = render(readFileSync('fixtures/corpus/classifier-guidance/input.dgm', 'utf8'))
  expect(sharedTracks(scene)).toEqual([])
  const z = scene.wires.find((w) => w.to === 'z')!
  const t = scene.wires.find((w) => w.from === 't')!
  expect(Math.abs(t.points[0]![0] - z.points[z.points.length - 1]![0])).toBeGreaterThanOrEqual(PORT_STEP)
})

test("a source's brace spans its stem: the stem never stands off the brace's end, away from every sample", () => {
  // DANN as an author writes it: pushing the source's samples 230 px right left (X_s, Y_s) over nothing, its brace reaching out from one end.
  const dirs = ['figures', 'corpus', 'notation'].flatMap((d) => readdirSync(`fixtures/${d}`, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `fixtures/${d}/${e.name}/input.dgm`))
  let braces = 0
  for (const path of dirs) {
    const { scene } = render(readFileSync(path, 'utf8'))
    const bySource = new Map<string, number[][]>()
    for (const w of scene.wires) if (w.panel === 0 && w.from.startsWith('source:')) bySource.set(w.from, [...(bySource.get(w.from) ?? []), [w.points[0]![0], w.points[w.points.length - 1]![0]]])
    for (const [source, wires] of bySource) {
      if (wires.length < 2) continue
      braces++
      const stem = wires[0]![0]!
      const ends = wires.map((w) => w[1]!)
      expect(stem, `${path} ${source}`).toBeGreaterThanOrEqual(Math.min(...ends) - 0.5)
      expect(stem, `${path} ${source}`).toBeLessThanOrEqual(Math.max(...ends) + 0.5)
    }
  }
  expect(braces).toBeGreaterThan(30)
})

test("a wire into a box's top lands a port step aside from another net's stem above it, not on its column", () => {
  // CycleGAN in two phases: D_X, fed by x, stood right under y; x's drop ran down y's stem into D_X.
  const { scene } = render(readFileSync('fixtures/corpus/cyclegan-two-phases/input.dgm', 'utf8'))
  expect(sharedTracks(scene)).toEqual([])
  const y = scene.nodes.find((n) => n.id === 'y' && n.panel === 0)!.box
  const drop = scene.wires.find((w) => w.from === 'x' && w.to === 'dx_2' && w.panel === 0)!
  expect(Math.abs(drop.points[drop.points.length - 1]![0] - (y.x + y.width / 2))).toBeGreaterThanOrEqual(PORT_STEP)
})

test('a short input that comes down a few px too close to its op turns straight into its side: the op steps away', () => {
  // Decision transformer: e_s stood 0.5 px inside (interleave)'s reach and hooked out and back in;
  // FixMatch: y' into the supervised (ce). Each now drops and turns in, one bend.
  const cases: [string, string, string][] = [
    ['fixtures/corpus/decision-transformer/input.dgm', 'e_s', '(interleave)'],
    ['fixtures/corpus/fixmatch/input.dgm', "y'", '(ce)']
  ]
  for (const [file, from, to] of cases) {
    const { scene } = render(readFileSync(file, 'utf8'))
    const wire = scene.wires.find((w) => w.from === from && w.to === to)!
    expect(wire.points.length - 2, `${file}: ${from} -> ${to}`).toBe(1)
  }
})

test('snap rounds an op the way that keeps a side input turning straight in', () => {
  // TD3's critic target: a' stood exactly at the (clip +) op's reach; rounding the op's x to the
  // nearer pixel took it half a pixel inside, and a' hooked out to a port column and back.
  const { scene } = render(readFileSync('fixtures/corpus/td3-critic/input.dgm', 'utf8'))
  const wire = scene.wires.find((w) => w.from === "a'" && w.to === '(clip +)')!
  expect(wire.points.length - 2).toBe(1)
})
