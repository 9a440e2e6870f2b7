/**
 * Each quality rule fed hand-made Scenes: one it must flag, one close to it
 * that it must pass. Proves the rules can fail, and that they fail for the
 * reason they name.
 */
import { describe, expect, test } from 'vitest'
import type { NodeKind } from '../src/ir/types.js'
import type { Point, Scene, SceneNode, SceneWire, ShapeKind } from '../src/layout/scene.js'
import { TIE } from '../src/layout/shapes.js'
import { bends, bendsOf, closeRuns, crossings, forkCrossings, labelSizes, mergedEntries, needlessBends, quality, sampleGroups, sharedTracks, sideEntries, tinyJogs } from './geometry.js'

const FONT: Record<NodeKind, number> = { dataset: 18, prior: 18, module: 16, variable: 16, op: 16 }
const SHAPE: Record<NodeKind, ShapeKind> = { dataset: 'rect', prior: 'round-rect', module: 'rect', variable: 'text', op: 'circle' }

/** A node of `kind` with its box centred at (cx, cy). */
function node(id: string, kind: NodeKind, cx: number, cy: number, width = 20, height = 20): SceneNode {
  return {
    id,
    kind,
    shape: SHAPE[kind],
    panel: 0,
    box: { x: cx - width / 2, y: cy - height / 2, width, height },
    labelAt: [cx, cy + 4],
    text: [],
    fontSize: FONT[kind],
    outline: []
  }
}
const wire = (from: string, to: string, points: Point[], kind: SceneWire['kind'] = 'flow'): SceneWire => ({ from, to, panel: 0, kind, points, arrow: true })
const scene = (nodes: SceneNode[], wires: SceneWire[], marks: Scene['marks'] = []): Scene => ({ width: 400, height: 400, nodes, wires, marks, panelLabels: [], frames: [], glyphs: { star: 16, triangle: 14, stopHalf: 6, panelLabelSize: 15, tie: TIE } })
const objective = (n: SceneNode): SceneNode => ({ ...n, objective: { direction: 'min', at: [n.box.x - 20, n.box.y] } })

describe('shared-track: two nets on one track', () => {
  const nodes = [node('a', 'variable', 50, 10), node('b', 'variable', 150, 10), node('p', 'module', 100, 200), node('q', 'module', 160, 200)]
  test('flags two sources running along one horizontal', () => {
    const s = scene(nodes, [
      wire('a', 'p', [[50, 20], [50, 100], [100, 100], [100, 190]]),
      wire('b', 'q', [[150, 20], [150, 100], [80, 100], [80, 130], [160, 130], [160, 190]])
    ])
    expect(sharedTracks(s).map((p) => p.kind)).toEqual(['shared-track'])
  })
  test('passes one net sharing its own trunk, and two nets on neighbouring tracks', () => {
    const s = scene([...nodes, node('r', 'module', 40, 200)], [
      wire('a', 'p', [[50, 20], [50, 100], [100, 100], [100, 190]]),
      wire('a', 'r', [[50, 20], [50, 100], [40, 100], [40, 190]]),
      wire('b', 'q', [[150, 20], [150, 110], [160, 110], [160, 190]])
    ])
    expect(sharedTracks(s)).toEqual([])
  })
})

describe('close-run: two nets side by side a few px apart', () => {
  const nodes = [node('a', 'variable', 50, 10), node('b', 'variable', 150, 10), node('p', 'module', 100, 200), node('q', 'module', 104, 260, 20, 20)]
  test("flags one net's drop running along another's trunk between two tracks", () => {
    // b's trunk comes down at x=104 to its track at y=130; a's wire drops from its track at y=100 at x=100.
    const s = scene(nodes, [wire('a', 'p', [[50, 20], [50, 100], [100, 100], [100, 190]]), wire('b', 'q', [[150, 20], [150, 30], [104, 30], [104, 130], [120, 130], [120, 250]])])
    expect(closeRuns(s).map((p) => p.kind)).toEqual(['close-run'])
  })
  test('passes wires a port step apart, ones that only pass each other, and one net', () => {
    const apart = scene(nodes, [wire('a', 'p', [[50, 20], [50, 100], [100, 100], [100, 190]]), wire('b', 'q', [[150, 20], [150, 30], [112, 30], [112, 130], [120, 130], [120, 250]])])
    expect(closeRuns(apart)).toEqual([])
    const passing = scene(nodes, [wire('a', 'p', [[50, 20], [50, 100], [100, 100], [100, 190]]), wire('b', 'q', [[150, 20], [150, 96], [104, 96], [104, 106], [120, 106], [120, 250]])])
    expect(closeRuns(passing)).toEqual([])
    const own = scene(nodes, [wire('a', 'p', [[50, 20], [50, 100], [100, 100], [100, 190]]), wire('a', 'q', [[50, 20], [50, 30], [104, 30], [104, 130], [120, 130], [120, 250]])])
    expect(closeRuns(own)).toEqual([])
  })
})

describe('writes into one buffer: one trunk', () => {
  const nodes = [node('D', 'dataset', 20, 10), node('s', 'variable', 100, 60), node('r', 'variable', 100, 120), node('f', 'module', 60, 90, 20, 20)]
  const write = (from: string, points: Point[]): SceneWire => ({ ...wire(from, 'D', points), back: true, store: true })
  // s and r join a trunk at x=140 that runs down, under the drawing and up into D's left side.
  const trunk: Point[] = [[140, 200], [0, 200], [0, 10], [10, 10]]
  const writes = [write('s', [[110, 60], [140, 60], ...trunk]), write('r', [[110, 120], [140, 120], ...trunk])]
  test('share their track and their entry, and a wire across the trunk crosses it once', () => {
    const across = wire('f', 'g', [[60, 100], [60, 150], [175, 150]])
    const s = scene([...nodes, node('g', 'variable', 185, 150)], [...writes, across])
    expect(sharedTracks(s)).toEqual([])
    expect(mergedEntries(s)).toEqual([])
    expect(crossings(s)).toBe(1)
  })
  test('another wire on the trunk still shares a track', () => {
    const s = scene(nodes, [...writes, wire('f', 'D', [[60, 100], [60, 200], [0, 200], [0, 12], [10, 12]])])
    expect(sharedTracks(s).length).toBeGreaterThan(0)
  })
})

describe('fork-crossing: a drop through a fan-out next to its fork', () => {
  const nodes = [node('a', 'variable', 50, 10), node('b', 'variable', 200, 10), node('p', 'module', 40, 200), node('q', 'module', 120, 200), node('r', 'module', 100, 200, 10, 20)]
  const fan = [wire('a', 'p', [[50, 20], [50, 170], [40, 170], [40, 190]]), wire('a', 'q', [[50, 20], [50, 170], [120, 170], [120, 190]])]
  test('flags a drop crossing the fan-out bar just above its box', () => {
    const s = scene(nodes, [...fan, wire('b', 'r', [[200, 20], [200, 150], [100, 150], [100, 190]])])
    expect(forkCrossings(s).map((p) => p.kind)).toEqual(['fork-crossing'])
    expect(crossings(s)).toBe(1)
  })
  test('passes a wire crossing the bar far from where it drops', () => {
    const far = [node('a', 'variable', 50, 10), node('b', 'variable', 200, 10), node('p', 'module', 40, 300), node('q', 'module', 120, 300), node('r', 'module', 100, 300, 10, 20)]
    const s = scene(far, [
      wire('a', 'p', [[50, 20], [50, 100], [40, 100], [40, 290]]),
      wire('a', 'q', [[50, 20], [50, 100], [120, 100], [120, 290]]),
      wire('b', 'r', [[200, 20], [200, 60], [100, 60], [100, 290]])
    ])
    expect(forkCrossings(s)).toEqual([])
    expect(crossings(s)).toBe(1)
  })
})

describe('sample-group and brace-overlap: samples kept under their brace', () => {
  const sources = [node('S', 'dataset', 60, 20, 80, 30), node('T', 'dataset', 200, 20, 80, 30)]
  test('flags another source’s sample between them, and overlapping braces', () => {
    const s = scene(
      [...sources, node('x', 'variable', 30, 80), node('u', 'variable', 60, 80), node('y', 'variable', 90, 80)],
      [wire('S', 'x', [[60, 40], [60, 60], [30, 60], [30, 70]], 'sample'), wire('S', 'y', [[60, 40], [60, 60], [90, 60], [90, 70]], 'sample'), wire('T', 'u', [[200, 40], [200, 62], [60, 62], [60, 70]], 'sample')],
      [{ kind: 'brace', panel: 0, at: [60, 60], from: 30, to: 90 }, { kind: 'brace', panel: 0, at: [130, 62], from: 60, to: 200 }]
    )
    expect(sampleGroups(s).map((p) => p.kind).sort()).toEqual(['brace-overlap', 'sample-group'])
  })
  test('passes samples side by side and braces apart', () => {
    const s = scene(
      [...sources, node('x', 'variable', 30, 80), node('y', 'variable', 90, 80), node('u', 'variable', 200, 80)],
      [wire('S', 'x', [[60, 40], [60, 60], [30, 60], [30, 70]], 'sample'), wire('S', 'y', [[60, 40], [60, 60], [90, 60], [90, 70]], 'sample'), wire('T', 'u', [[200, 40], [200, 70]], 'sample')],
      [{ kind: 'brace', panel: 0, at: [60, 60], from: 30, to: 90 }, { kind: 'brace', panel: 0, at: [200, 60], from: 180, to: 220 }]
    )
    expect(sampleGroups(s)).toEqual([])
  })
})

describe('merged-entry: two wires into one side on one line', () => {
  const nodes = [node('a', 'variable', 20, 10), node('b', 'variable', 60, 10), node('op', 'op', 150, 100)]
  test('flags two wires ending at one point of the left side', () => {
    const s = scene(nodes, [wire('a', 'op', [[20, 20], [20, 100], [140, 100]]), wire('b', 'op', [[60, 20], [60, 100], [140, 100]])])
    expect(mergedEntries(s).map((p) => p.kind)).toEqual(['merged-entry'])
  })
  test('flags two wires coming down one column into one side, even where their verticals do not overlap', () => {
    // c leaves its side under a's turn, over to a's column and down it: one line with two branches.
    const s = scene([...nodes, node('c', 'variable', 80, 98)], [wire('a', 'op', [[20, 20], [20, 50], [120, 50], [120, 96], [140, 96]]), wire('c', 'op', [[90, 98], [120, 98], [120, 104], [140, 104]])])
    expect(sharedTracks(s)).toEqual([])
    expect(mergedEntries(s).map((p) => p.detail)).toEqual(['a and c come down one column (x=120) into the left of op (panel 0)'])
  })
  test('passes two wires into one side down columns a port step apart', () => {
    const s = scene(nodes, [wire('a', 'op', [[20, 20], [20, 104], [140, 104]]), wire('b', 'op', [[60, 20], [60, 50], [120, 50], [120, 96], [140, 96]])])
    expect(mergedEntries(s)).toEqual([])
  })
  test('passes one wire into each side', () => {
    const s = scene([...nodes, node('c', 'variable', 250, 10)], [wire('a', 'op', [[20, 20], [20, 100], [140, 100]]), wire('c', 'op', [[250, 20], [250, 100], [160, 100]])])
    expect(mergedEntries(s)).toEqual([])
  })
})

describe('side-entry: inputs of an analytic op come in from its sides', () => {
  const nodes = [node('a', 'variable', 20, 10), node('b', 'variable', 150, 10), node('op', 'op', 150, 100), objective(node('loss', 'variable', 150, 160))]
  const out = wire('op', 'loss', [[150, 110], [150, 150]])
  test('flags a second input coming down the top', () => {
    const s = scene(nodes, [wire('a', 'op', [[20, 20], [20, 100], [140, 100]]), wire('b', 'op', [[150, 20], [150, 90]]), out])
    expect(sideEntries(s).map((p) => p.detail)).toEqual(['b enters op from the top, not a side (panel 0)'])
  })
  test('passes both inputs from the sides, and a lone input from the top', () => {
    const sides = scene(nodes, [wire('a', 'op', [[20, 20], [20, 100], [140, 100]]), wire('b', 'op', [[150, 20], [150, 40], [200, 40], [200, 100], [160, 100]]), out])
    expect(sideEntries(sides)).toEqual([])
    const lone = scene(nodes, [wire('b', 'op', [[150, 20], [150, 90]]), out])
    expect(sideEntries(lone)).toEqual([])
  })
  test('a diagram without objective (a module drawing) flows top-down through its ops', () => {
    const s = scene(nodes.slice(0, 3), [wire('a', 'op', [[20, 20], [20, 100], [140, 100]]), wire('b', 'op', [[150, 20], [150, 90]])])
    expect(sideEntries(s)).toEqual([])
  })
})

describe('needless-bend: a wire bends only where its route needs it', () => {
  const nodes = [node('a', 'variable', 100, 10), node('p', 'module', 102, 200)]
  test('counts bends', () => {
    expect(bendsOf([[0, 0], [0, 10], [5, 10], [5, 20]])).toBe(2)
    expect(bendsOf([[0, 0], [0, 10], [0, 20]])).toBe(0)
  })
  test('flags a jog between two ends a column apart with nothing between', () => {
    const s = scene(nodes, [wire('a', 'p', [[100, 20], [100, 100], [102, 100], [102, 190]])])
    expect(needlessBends(s).map((p) => p.kind)).toEqual(['needless-bend'])
    expect(bends(s)).toBe(2)
  })
  test('flags a detour into a side that an L would reach', () => {
    const s = scene([node('a', 'variable', 20, 10), node('op', 'op', 150, 100)], [wire('a', 'op', [[20, 20], [20, 50], [60, 50], [60, 100], [140, 100]])])
    expect(needlessBends(s).map((p) => p.kind)).toEqual(['needless-bend'])
  })
  test('passes a jog around a box in the way, and a straight drop', () => {
    const blocked = scene([...nodes, node('m', 'module', 101, 100, 30, 30)], [wire('a', 'p', [[100, 20], [100, 60], [130, 60], [130, 140], [102, 140], [102, 190]])])
    expect(needlessBends(blocked)).toEqual([])
    expect(needlessBends(scene([node('a', 'variable', 100, 10), node('p', 'module', 100, 200)], [wire('a', 'p', [[100, 20], [100, 190]])]))).toEqual([])
  })
  test('passes a detour around a frame that holds neither end, and flags one through a frame it would cut anyway', () => {
    const around = [wire('a', 'op', [[20, 20], [20, 30], [90, 30], [90, 100], [140, 100]])]
    const frame = (x: number) => ({ id: 'g', panel: 0, box: { x, y: 40, width: 40, height: 40 }, label: [], labelAt: [x, 40] as [number, number], fontSize: 13 })
    const framed = (x: number): Scene => ({ ...scene([node('a', 'variable', 20, 10), node('op', 'op', 150, 100)], around), frames: [frame(x)] })
    // The frame spans x 0..40 over the straight drop at x 20: the detour is needed.
    expect(needlessBends(framed(0))).toEqual([])
    // Moved off the drop, it is in nobody's way.
    expect(needlessBends(framed(200)).map((p) => p.kind)).toEqual(['needless-bend'])
  })
})

describe('tiny-jog: no step of a few px between two verticals', () => {
  test('flags a 2 px step, passes a step a reader sees as a turn', () => {
    const step = (dx: number) => scene([], [wire('a', 'b', [[100, 0], [100, 50], [100 + dx, 50], [100 + dx, 100]])])
    expect(tinyJogs(step(2)).map((p) => p.kind)).toEqual(['tiny-jog'])
    expect(tinyJogs(step(20))).toEqual([])
    // A turn into a side (down, across, down is not what it draws) is no jog.
    expect(tinyJogs(scene([], [wire('a', 'b', [[100, 0], [100, 50], [104, 50]])]))).toEqual([])
  })
})

describe('label-size: labels keep their size', () => {
  test('flags an op label shrunk to fit its circle', () => {
    const op = { ...node('(‖·‖²)', 'op', 100, 100), fontSize: 13.6 }
    expect(labelSizes(scene([op], [])).map((p) => p.kind)).toEqual(['label-size'])
  })
  test('flags a label wider than the shape drawn around it', () => {
    const module = { ...node('[encoder]', 'module', 100, 100, 30, 84), text: [{ text: 'encoder' }] }
    expect(labelSizes(scene([module], [])).map((p) => p.kind)).toEqual(['label-fit'])
  })
  test('passes every kind at its own size, an inline op’s symbol at 14.4 px', () => {
    const kinds: NodeKind[] = ['dataset', 'prior', 'module', 'variable', 'op']
    const inline = { ...node('(×)', 'op', 300, 300), text: [{ text: '×' }], fontSize: 14.4, note: { text: [], at: [310, 300] as Point } }
    expect(labelSizes(scene([...kinds.map((k, i) => node(k, k, 40 * i, 0)), inline], []))).toEqual([])
  })
  test('an update rule with a period beside it keeps the body size', () => {
    // `update Q' from Q: copy` with `every C steps: Q'`: a note, but no inline op's symbol.
    const rule = (fontSize: number) => ({ ...node('update:[Q]', 'op', 300, 300, 60, 28), text: [{ text: 'copy' }], fontSize, note: { text: [{ text: 'every C steps' }], at: [370, 300] as Point } })
    expect(labelSizes(scene([rule(16)], []))).toEqual([])
    expect(labelSizes(scene([rule(14.4)], [])).map((p) => p.kind)).toEqual(['label-size'])
  })
})

test('quality() runs every rule', () => {
  const s = scene([{ ...node('op', 'op', 0, 0), fontSize: 10 }], [])
  expect(quality(s).map((p) => p.kind)).toEqual(['label-size'])
})
