/**
 * Groups (frames) and back wires, on diagrams built directly as IR: the
 * notation has no syntax for them yet.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { analyze } from '../src/compile.js'
import type { Diagram, Group } from '../src/ir/types.js'
import { layout } from '../src/layout/layout.js'
import type { Box, Scene } from '../src/layout/scene.js'
import { toSvg } from '../src/render/svg.js'
import { bendsOf, crossings, overlaps, problems } from './geometry.js'
import { synthetic } from '../bench/synthetic.js'

const span = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }

/** The IR of a source, with groups and back wires added. */
function diagram(source: string, groups: Group[] = [], back: [string, string][] = []): Diagram {
  const { diagram, diagnostics } = analyze(source)
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
  return { ...diagram, groups, wires: [...diagram.wires, ...back.map(([from, to]) => ({ from, to, kind: 'flow' as const, back: true, span }))] }
}

const group = (id: string, nodes: string[], label = id, parent?: string): Group => ({ id, label: [{ text: label }], nodes, ...(parent ? { parent } : {}) })

const inside = (inner: Box, outer: Box) => inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height

/** Every frame holds exactly the nodes of its group and of the groups nested in it. */
function frameProblems(scene: Scene, d: Diagram): string[] {
  const out: string[] = []
  const groups = d.groups ?? []
  const members = (id: string): Set<string> => new Set([...groups.find((g) => g.id === id)!.nodes, ...groups.filter((g) => g.parent === id).flatMap((g) => [...members(g.id)])])
  const nested = (a: string, b: string): boolean => {
    for (let g = groups.find((x) => x.id === a); g?.parent; g = groups.find((x) => x.id === g!.parent)) if (g.parent === b) return true
    return false
  }
  for (const f of scene.frames) {
    const own = members(f.id)
    for (const n of scene.nodes.filter((n) => n.panel === f.panel)) {
      const isIn = inside(n.box, f.box)
      if (own.has(n.id) && !isIn) out.push(`${n.id} outside frame ${f.id}`)
      if (!own.has(n.id) && overlaps(n.box, f.box)) out.push(`${n.id} inside frame ${f.id}`)
    }
    for (const g of scene.frames) {
      if (g === f || g.panel !== f.panel || f.id >= g.id || nested(f.id, g.id) || nested(g.id, f.id)) continue
      if (overlaps(f.box, g.box)) out.push(`frames ${f.id} and ${g.id} overlap`)
    }
  }
  return out
}

describe('back wires', () => {
  const recurrence = diagram('X ~ x\nx -> *[cell] -> h\nh -> *[out] -> y\ny -> (ce) -> loss\nmin loss', [], [['h', '[cell]']])
  const scene = layout(recurrence)
  const back = scene.wires.find((w) => w.back)!
  test('a state wire runs back up into the side of its cell, with an arrowhead', () => {
    const cell = scene.nodes.find((n) => n.id === '[cell]')!
    const end = back.points.at(-1)!
    expect(back.arrow).toBe(true)
    expect([cell.box.x, cell.box.x + cell.box.width]).toContainEqual(end[0])
    expect(end[1]).toBeGreaterThan(cell.box.y)
    expect(end[1]).toBeLessThan(cell.box.y + cell.box.height)
    expect(back.points[0]![1]).toBeGreaterThan(end[1])
  })
  test('routed outside every box, and no crossing added', () => {
    expect(problems(scene)).toEqual([])
    expect(crossings(scene)).toBe(0)
  })
  test('a loop over several steps, and a wire that closes a cycle without being marked', () => {
    const loop = diagram('X ~ x\nx -> [a] -> u\nu -> [b] -> v\nv -> [c] -> w\nw, x -> (ce) -> loss\nmin loss', [], [['w', '[a]'], ['v', '[b]']])
    const s = layout(loop)
    expect(s.wires.filter((w) => w.back)).toHaveLength(2)
    expect(problems(s)).toEqual([])
    expect(crossings(s)).toBe(0)
    const unmarked = { ...loop, wires: loop.wires.map((w) => ({ ...w, back: undefined })) }
    expect(layout(unmarked).wires.filter((w) => w.back)).toHaveLength(2)
  })
  test('a wire from a node into itself loops on its right', () => {
    const self = diagram('X ~ x\nx -> [f] -> y', [], [['[f]', '[f]']])
    const s = layout(self)
    const f = s.nodes.find((n) => n.id === '[f]')!
    const w = s.wires.find((w) => w.from === '[f]' && w.to === '[f]')!
    expect(Math.max(...w.points.map((p) => p[0]))).toBeGreaterThan(f.box.x + f.box.width)
    expect(w.arrow).toBe(true)
  })
})

describe('frames', () => {
  test('a stack ×N holds exactly its blocks, with its label in the corner', () => {
    const d = diagram('X ~ x\nx -> *[attn] -> a\na -> *[ffn] -> b\nb, x -> (+) -> y\ny -> (ce) -> loss\nmin loss', [group('stack', ['[attn]', 'a', '[ffn]'], '×N')])
    const scene = layout(d)
    expect(frameProblems(scene, d)).toEqual([])
    expect(problems(scene)).toEqual([])
    const f = scene.frames[0]!
    expect(f.labelAt[0]).toBeGreaterThan(f.box.x)
    expect(f.labelAt[1]).toBeLessThan(scene.nodes.find((n) => n.id === '[attn]')!.box.y)
    expect(toSvg(scene)).toContain('×N')
  })
  test('nested groups and sibling groups: frames nest and never overlap otherwise', () => {
    const d = diagram(
      'X ~ x, c\nx -> [e1] -> h1\nh1 -> [e2] -> h2\nc -> [d1] -> g1\ng1 -> [d2] -> g2\nh2, g2 -> (ce) -> loss\nmin loss',
      [group('enc', ['[e1]', 'h1']), group('inner', ['[e2]'], 'inner', 'enc'), group('dec', ['[d1]', 'g1', '[d2]'])]
    )
    const scene = layout(d)
    expect(scene.frames.map((f) => f.id).sort()).toEqual(['dec', 'enc', 'inner'])
    expect(frameProblems(scene, d)).toEqual([])
    expect(problems(scene)).toEqual([])
  })
  test('a loop frame with a back wire inside it', () => {
    const d = diagram('X ~ x\nx -> [step] -> h\nh -> [read] -> y', [group('loop', ['[step]', 'h'], 't = 1..T')], [['h', '[step]']])
    const scene = layout(d)
    expect(frameProblems(scene, d)).toEqual([])
    expect(problems(scene)).toEqual([])
    const back = scene.wires.find((w) => w.back)!
    for (const p of back.points) expect(inside({ x: p[0], y: p[1], width: 0, height: 0 }, scene.frames[0]!.box)).toBe(true)
  })
  test("a loop's back wire runs up its frame's side, not through its middle, and steps at most once", () => {
    // Adversarial training's inner PGD loop: δ carried from step to step wove between the loop's
    // own wires (3 crossings, 8 bends) while the frame's left side was free.
    const source = [
      '(X, Y) ~ x, y',
      'U(-\\epsilon, \\epsilon) ~ \\delta_0',
      'x, \\delta_k -> (+) -> x\'',
      'f_1, f_2 = *[f]',
      "x' -> f_1 -> y'_k",
      "y'_k, y -> (ce) -> L_k",
      'grad L_k wrt \\delta_k -> g',
      '\\delta_k, g -> (sign step, project) -> \\delta_{k+1}',
      'carry \\delta_{k+1} -> \\delta_k from \\delta_0',
      "loop k = 1 -> K: \\delta_k, (+), x', f_1, y'_k, (ce), L_k, g, (sign step, project), \\delta_{k+1}",
      'x, \\delta_{k+1} -> (+_2) -> x_{adv}',
      "x_{adv} -> f_2 -> y'",
      "y', y -> (ce_2) -> L",
      'min L'
    ].join('\n')
    const scene = layout(analyze(source).diagram)
    const back = scene.wires.find((w) => w.back)!
    const without = { ...scene, wires: scene.wires.filter((w) => w !== back) }
    expect(crossings(scene) - crossings(without)).toBe(0)
    for (const p of back.points) expect(inside({ x: p[0], y: p[1], width: 0, height: 0 }, scene.frames[0]!.box)).toBe(true)
    // Out of the last step's side, up, into the first's side: one step on the way at most.
    expect(bendsOf(back.points)).toBeLessThanOrEqual(4)
  })
  test('two panels side by side that share their input, each in its frame', () => {
    const d = diagram('X ~ x, y\nx -> *[enc] -> h\nh -> *[dec] -> x2\nx2, x -> (l2) -> rec\ny -> [f] -> u\nu, y -> (ce) -> cls\nmin rec, cls', [
      group('pretrain', ['[enc]', 'h', '[dec]', 'x2', '(l2)', 'rec'], '(a) pretrain'),
      group('finetune', ['[f]', 'u', '(ce)', 'cls'], '(b) fine-tune')
    ])
    const scene = layout(d)
    expect(frameProblems(scene, d)).toEqual([])
    expect(problems(scene).filter((p) => p.kind !== 'bottom-row')).toEqual([])
  })
  test('a frame that starts on the sample row and a nested loop with its own back wire', () => {
    const d = diagram('X ~ x\nx -> [a] -> u\nu -> [b] -> v\nv -> [c] -> w\nw -> (ce) -> loss\nmin loss', [group('outer', ['x', '[a]']), group('loop', ['u', '[b]', 'v'], 't', 'outer')], [['v', '[b]']])
    const scene = layout(d)
    expect(frameProblems(scene, d)).toEqual([])
    expect(problems(scene)).toEqual([])
  })
  test('a wire from above into a frame crosses its edge once and pushes nothing aside', () => {
    // The sampler's t enters the loop two ranks down: its waypoints run inside the frame from the frame's top rank on.
    const d = analyze(readFileSync('fixtures/notation/diffusion-sampler/input.dgm', 'utf8')).diagram
    const scene = layout(d)
    expect(frameProblems(scene, d)).toEqual([])
    const box = scene.frames[0]!.box
    const isIn = (p: [number, number]) => inside({ x: p[0], y: p[1], width: 0, height: 0 }, box)
    for (const w of scene.wires.filter((w) => w.from === 't' || w.from === 'x_T')) {
      let changes = 0
      for (let i = 1; i < w.points.length; i++) if (isIn(w.points[i]!) !== isIn(w.points[i - 1]!)) changes++
      expect(changes, `${w.from} -> ${w.to}`).toBe(1)
    }
    // Pushed out of the frame with the node beside it, t's wire used to wind round x_T: 4 crossings.
    expect(crossings(scene)).toBeLessThanOrEqual(1)
  })
  test('a data set over its lone sample follows the sample when the frame pushes it aside', () => {
    // Langevin sampling: x_0, the carry's start, stands beside the loop; U(0, 1) above it keeps its sample wire straight.
    const d = analyze(readFileSync('fixtures/notation/langevin-sampling/input.dgm', 'utf8')).diagram
    const scene = layout(d)
    expect(frameProblems(scene, d)).toEqual([])
    const sample = scene.wires.find((w) => w.to === 'x_0')!
    expect(bendsOf(sample.points)).toBe(0)
    const x0 = scene.nodes.find((n) => n.id === 'x_0')!.box
    expect(overlaps(x0, scene.frames[0]!.box)).toBe(false)
  })
  test('groups that name each other as parents, or unknown nodes, do not hang the layout', () => {
    const d = diagram('X ~ x\nx -> [a] -> y', [group('p', ['[a]'], 'p', 'q'), group('q', ['y', 'nowhere'], 'q', 'p')])
    const scene = layout(d)
    expect(scene.frames).toHaveLength(2)
    expect(problems(scene)).toEqual([])
  })
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    test(`groups of unconnected nodes on a synthetic diagram (seed ${seed}): frames hold exactly their nodes and never overlap`, () => {
      const base = analyze(synthetic(30, seed)).diagram
      // Every third module with its output, and every third op with its output: members that no wire joins.
      const of = (kind: string, k: number) => base.nodes.filter((n) => n.kind === kind).filter((_, i) => i % 3 === k).flatMap((n) => [n.id, ...base.wires.filter((w) => w.from === n.id).map((w) => w.to)])
      const a = of('module', 0)
      const b = of('op', 1).filter((id) => !a.includes(id))
      const d = { ...base, groups: [group('a', a), group('b', b)].filter((g) => g.nodes.length) }
      const scene = layout(d)
      expect(frameProblems(scene, d)).toEqual([])
    })
  }
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    test(`groups of connected blocks on a synthetic diagram (seed ${seed}) hold exactly their nodes`, () => {
      const base = analyze(synthetic(40, seed)).diagram
      // As an author frames a block: a module, what it computes, and what that feeds.
      const after = (ids: string[]) => [...new Set(base.wires.filter((w) => ids.includes(w.from) && w.kind === 'flow').map((w) => w.to))]
      const blocks = base.nodes.filter((n) => n.kind === 'module')
      const block = (n: { id: string }) => [n.id, ...after([n.id])]
      const outer = block(blocks[0]!)
      const groups = [group('g0', outer), group('g1', block(blocks[blocks.length - 1]!).filter((id) => !outer.includes(id)))]
      const d = { ...base, groups: groups.filter((g) => g.nodes.length) }
      const scene = layout(d)
      expect(frameProblems(scene, d)).toEqual([])
      expect(problems(scene).filter((p) => p.kind === 'overlap' || p.kind === 'end')).toEqual([])
    })
  }
})

test('an encoder stack and a decoder stack side by side: each frame moves whole, its column stays straight, and a wire beside them steps only at its ends', () => {
  // Pushing the encoder's FFN alone out of the decoder's span tore the encoder's column apart (self-attn → FFN jogged 110 px),
  // left m off FFN, and wound y[1:]'s wire round the decoder frame with nine bends.
  const d = analyze(readFileSync('fixtures/corpus/transformer-encoder-decoder/input.dgm', 'utf8')).diagram
  const scene = layout(d)
  expect(frameProblems(scene, d)).toEqual([])
  const bends = (from: string, to: string) => bendsOf(scene.wires.find((w) => w.from === from && w.to === to)!.points)
  for (const [from, to] of [
    ['e_x', '[self-attn]'],
    ['[self-attn]', '[FFN]'],
    ['[FFN]', 'm'],
    ['e_y', '[masked attn]']
  ] as const) expect(bends(from, to), `${from} -> ${to}`).toBe(0)
  expect(bends('y[1:]', '(ce)')).toBeLessThanOrEqual(3)
  const [encoder, decoder] = scene.frames.map((f) => f.box).sort((a, b) => a.x - b.x)
  expect(encoder!.x + encoder!.width).toBeLessThanOrEqual(decoder!.x)
})
