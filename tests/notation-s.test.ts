/**
 * Issue 11, item 5: schedules between phases (`schedule`, `alternate`,
 * `inside`, `every`), from syntax to drawing and exports, the checker's
 * schedule rules, the s-* gallery under the geometry rules, and property
 * tests over the new syntax.
 */
import { fromHtml } from 'hast-util-from-html'
import { toString } from 'hast-util-to-string'
import { describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { toDrawio } from '../src/export/drawio.js'
import { toMermaid } from '../src/export/mermaid.js'
import { plainText } from '../src/text/label.js'
import { occupied, overlaps, samples } from './geometry.js'
import { runsWidth } from '../src/text/metrics.js'
import { rendersOrRefuses } from './properties.js'
import { galleryFigures, gallerySource, knownFailures } from './gallery.js'
import { useMermaid } from './mermaid.js'
import { withinHangBound } from './safety.js'

const GAN = `N(0, 1) ~ z
X ~ x
z -> *[G] -> x'
x', x -> *[D] -> W
phase D: train D; max W
phase G: train G; min W`

const rules = (source: string) => analyze(source).diagnostics.map((d) => d.ruleId)

describe('syntax and IR', () => {
  test('`schedule: a -> b` orders phases by index', () => {
    const { diagram, diagnostics } = analyze(`${GAN}\nschedule: G -> D`)
    expect(diagnostics).toEqual([])
    expect(diagram.schedule!.sequences.map((s) => s.phases)).toEqual([[1, 0]])
  })
  test('`alternate: a x5, b` keeps each count as drawn, `x5` and `×5` alike', () => {
    for (const mark of ['x5', '×5', 'x 5']) {
      const { diagram, diagnostics } = analyze(`${GAN}\nalternate: D ${mark}, G`)
      expect(diagnostics).toEqual([])
      const turn = diagram.schedule!.alternations[0]!.phases
      expect(turn.map((p) => [p.phase, p.count && plainText(p.count)])).toEqual([[0, '×5'], [1, undefined]])
    }
  })
  test('a count may be a name with a subscript', () => {
    const { diagram } = analyze(`${GAN}\nalternate: D xn_{critic}, G`)
    expect(diagram.schedule!.alternations[0]!.phases[0]!.count).toEqual([{ text: '×n' }, { text: 'critic', shift: 'sub' }])
  })
  test('`inside b: a xk` nests the inner phase with its count; `(a)` names a lettered phase', () => {
    const source = 'X ~ x\nx, d -> *[f] -> L\nphase (a): train d; max L\nphase (b): train f; min L\ninside (b): a xk'
    const { diagram, diagnostics } = analyze(source)
    expect(diagnostics).toEqual([])
    expect(diagram.schedule!.nestings).toMatchObject([{ outer: 1, inner: 0, count: [{ text: '×k' }] }])
  })
  test('`every C steps:` names a phase, or an update whose rule op carries the period beside it', () => {
    const phased = analyze(`${GAN}\nphase sample: without x, [D]\nalternate: D, G\nevery 1000 steps: sample`)
    expect(phased.diagnostics).toEqual([])
    expect(phased.diagram.schedule!.periodic).toMatchObject([{ phase: 2, period: [{ text: 'every 1000 steps' }] }])
    const updated = analyze("s -> *[Q] -> q\ns -> [Q'] -> q'\nupdate Q' from Q: copy\nevery C steps: Q'\nq, q' -> (mse) -> L\nmin L")
    expect(updated.diagram.schedule!.periodic).toMatchObject([{ node: "update:[Q']" }])
    expect(updated.diagram.nodes.find((n) => n.id === "update:[Q']")!.note).toEqual([{ text: 'every C steps' }])
    // The target as written in its chain, in brackets; brackets stay refused where only phases go.
    const bracketed = analyze("X ~ s\ns -> *[Q] -> q\ns -> [Q'] -> q'\nupdate [Q'] from [Q]: copy\nevery C steps: [Q']\nq, q' -> (mse) -> L\nmin L")
    expect(bracketed.diagnostics).toEqual([])
    expect(bracketed.diagram.schedule!.periodic).toMatchObject([{ node: "update:[Q']" }])
    expect(analyze(`${GAN}\nalternate: [D], G`).diagnostics.map((d) => d.ruleId)).toContain('expected-phase')
  })
  test('the keywords are still names where a line has no colon', () => {
    const { diagram, diagnostics } = analyze('every -> [f] -> schedule\ninside, alternate -> (g)')
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([])
    expect(diagram.nodes.map((n) => n.id)).toEqual(['every', '[f]', 'schedule', 'inside', 'alternate', '(g)'])
    expect(diagram.schedule).toBeUndefined()
  })
  test('a diagram without schedule lines has no schedule field', () => {
    expect(analyze(GAN).diagram.schedule).toBeUndefined()
  })
})

describe('checks', () => {
  test('an unknown phase is an error with the nearest phase name', () => {
    const found = analyze(`${GAN.replace('phase D', 'phase critic').replace('train D; max', 'train D; max')}\nalternate: critc x5, G`).diagnostics
    expect(found).toMatchObject([{ severity: 'error', ruleId: 'unknown-phase', span: { start: { line: 7, column: 12 } } }])
    expect(found[0]!.message).toBe('Expected a phase, got `critc`, which names no phase; did you mean `critic`?')
  })
  test('without a near miss the message lists the phases', () => {
    const found = analyze(`${GAN}\nschedule: D -> pretrain`).diagnostics
    expect(found).toHaveLength(2)
    expect(found.map((d) => d.ruleId)).toEqual(['unscheduled-phase', 'unknown-phase'])
    expect(found[1]!.message).toMatch(/names no phase; the phases are `D`, `G`$/)
  })
  test('a phase left out of a schedule is a warning at its phase line', () => {
    const found = analyze(`${GAN}\nphase sample: without x, [D]\nalternate: D, G`).diagnostics
    expect(found).toMatchObject([{ severity: 'warning', ruleId: 'unscheduled-phase', span: { start: { line: 7 } } }])
  })
  test('a bad count names what a count is', () => {
    for (const bad of ['x0', 'x1.5', 'x-2']) {
      const found = analyze(`${GAN}\nalternate: D ${bad}, G`).diagnostics
      expect(found).toMatchObject([{ severity: 'error', ruleId: 'bad-count' }])
      expect(found[0]!.message).toMatch(/^Expected a count of steps \(a whole number from 1, or a name such as `k`\), got `/)
    }
    expect(rules(`${GAN}\nevery 0 steps: D`)).toContain('bad-count')
  })
  test('incomplete lines say what is missing', () => {
    expect(rules(`${GAN}\nschedule: D`)).toEqual(['expected-phase'])
    expect(rules(`${GAN}\nalternate: D x5`)).toEqual(['expected-phase'])
    expect(rules(`${GAN}\ninside G: D`)).toEqual(['expected-count'])
    expect(rules(`${GAN}\nevery : D`)).toEqual(['expected-period'])
    expect(rules(`${GAN}\nalternate: D x5 G`)).toEqual(['unexpected-token'])
    expect(rules(`${GAN}\nevery ${'C '.repeat(120)}steps: D`)).toEqual(['label-too-long'])
  })
  test('a phase twice in one line, or nested in itself, is an error', () => {
    expect(rules(`${GAN}\nalternate: D, G, D`)).toEqual(['repeated-phase'])
    expect(rules(`${GAN}\ninside G: G x3\nschedule: D -> G`)).toEqual(['repeated-phase'])
  })
  test('schedule lines past the budget are refused at the line that crosses it, without a hang', () => {
    const lines = Array.from({ length: 60 }, () => 'schedule: D -> G').join('\n')
    const found = withinHangBound(() => analyze(`${GAN}\n${lines}`)).diagnostics
    expect(found).toMatchObject([{ severity: 'error', ruleId: 'too-many-schedule-steps', span: { start: { line: 7 + 50 } } }])
    expect(found[0]!.message).toBe('Expected at most 100 phases named in schedule lines, got 102 by this line: say the schedule once, or split the phases over several figures')
  })
  test('near-miss keywords', () => {
    expect(analyze(`${GAN}\nalternating: D, G`).diagnostics[0]!.message).toMatch(/did you mean `alternate`\?$/)
  })
})

describe('drawing', () => {
  test('phases stand in schedule order; without a schedule they keep their lines\' order', () => {
    const labels = (source: string) => render(source).scene.panelLabels.map((l) => l.text)
    expect(labels(GAN)).toEqual(['(D)', '(G)'])
    expect(labels(`${GAN}\nschedule: G -> D`)).toEqual(['(G)', '(D)'])
    const { scene } = render(`${GAN}\nschedule: G -> D`)
    expect(scene.nodes.filter((n) => n.panel === 0 && n.star).map((n) => n.id)).toEqual(['[G]'])
  })
  test('`a -> b` draws one arrow between the panels, pointing right', () => {
    const { scene } = render(`${GAN}\nschedule: D -> G`)
    const arrows = scene.schedule!.arrows
    expect(arrows).toHaveLength(1)
    const [[x0, y0], [x1, y1]] = [arrows[0]!.points[0]!, arrows[0]!.points.at(-1)!]
    expect(y0).toBe(y1)
    const right = (panel: number) => Math.max(...scene.nodes.filter((n) => n.panel === panel).map((n) => n.box.x + n.box.width))
    const left = (panel: number) => Math.min(...scene.nodes.filter((n) => n.panel === panel).map((n) => n.box.x))
    expect(x0).toBeGreaterThan(right(0))
    expect(x1).toBeLessThan(left(1))
    expect(x1).toBeGreaterThan(x0)
  })
  test('a turn draws ⇄ (two arrows, one each way) and the count beside the label', () => {
    const { scene, svg } = render(`${GAN}\nalternate: D x5, G`)
    const [forward, back] = scene.schedule!.arrows
    expect(forward!.points[0]![0]).toBeLessThan(forward!.points.at(-1)![0])
    expect(back!.points[0]![0]).toBeGreaterThan(back!.points.at(-1)![0])
    expect(forward!.points[0]![1]).toBeLessThan(back!.points[0]![1])
    const note = scene.schedule!.notes[0]!
    expect(plainText(note.text)).toBe('×5')
    expect(note.at[0]).toBeGreaterThan(scene.panelLabels[0]!.at[0])
    expect(note.at[1]).toBe(scene.panelLabels[0]!.at[1])
    expect(svg).toContain('>×5</text>')
  })
  test('nesting frames the inner panel, its count in the corner, and holds it clear of the outer', () => {
    const { scene } = render(`${GAN}\ninside G: D xk`)
    const frame = scene.schedule!.frames[0]!
    expect(frame.panel).toBe(0)
    const inner = scene.nodes.filter((n) => n.panel === 0)
    for (const n of inner) {
      expect(n.box.x).toBeGreaterThan(frame.box.x)
      expect(n.box.x + n.box.width).toBeLessThan(frame.box.x + frame.box.width)
      expect(n.box.y).toBeGreaterThan(frame.box.y + 16)
    }
    expect(scene.panelLabels[0]!.at[1]).toBeLessThan(frame.box.y + frame.box.height)
    const outer = Math.min(...scene.nodes.filter((n) => n.panel === 1).map((n) => n.box.x))
    expect(frame.box.x + frame.box.width).toBeLessThan(outer)
    expect(scene.schedule!.arrows).toHaveLength(2)
    expect(frame.box.y).toBeGreaterThanOrEqual(0)
  })
  test('a period labels the arrow into its phase, and the gap widens to hold it', () => {
    const { scene } = render(`${GAN}\nphase sample: without x, [D]\nalternate: D, G\nevery 1000 steps: sample`)
    const into = scene.schedule!.arrows.find((a) => a.to === 2)!
    expect(plainText(into.label!.text)).toBe('every 1000 steps')
    const [x0, x1] = [into.points[0]![0], into.points.at(-1)![0]]
    expect(x1 - x0).toBeGreaterThan(90)
    expect(into.label!.at[0]).toBeCloseTo((x0 + x1) / 2, 0)
  })
  test('an arrow between panels that are not neighbours runs under the labels, inside the figure', () => {
    const { scene } = render(`${GAN}\nphase (c): train D; min W\nschedule: D -> c\nschedule: D -> G`)
    const far = scene.schedule!.arrows.find((a) => Math.abs(a.from - a.to) > 1)!
    expect(far).toBeDefined()
    const labelY = scene.panelLabels[0]!.at[1]
    expect(Math.max(...far.points.map((p) => p[1]))).toBeGreaterThan(labelY)
    expect(Math.max(...far.points.map((p) => p[1]))).toBeLessThan(scene.height)
  })
  test('every schedule figure stays inside its viewBox and draws the same bytes twice', () => {
    for (const name of gallery) {
      const source = gallerySource(name)
      const { scene, svg } = render(source)
      expect(render(source).svg).toBe(svg)
      const s = scene.schedule
      const points = [...(s?.arrows.flatMap((a) => a.points) ?? []), ...(s?.frames.flatMap((f) => [[f.box.x, f.box.y], [f.box.x + f.box.width, f.box.y + f.box.height]]) ?? [])]
      for (const [x, y] of points) {
        expect(x).toBeGreaterThanOrEqual(0)
        expect(y).toBeGreaterThanOrEqual(0)
        expect(x).toBeLessThanOrEqual(scene.width)
        expect(y).toBeLessThanOrEqual(scene.height)
      }
    }
  })
})

describe('the schedule keeps clear of the drawing', () => {
  const sources = [`${GAN}\nalternate: D xn_{critic}, G`, `${GAN}\ninside G: D xk`, `${GAN}\nphase sample: without x, [D]\nalternate: D, G\nevery 1000 steps: sample`, `${GAN}\nphase (c): train D; min W\nschedule: D -> c\nschedule: D -> G`, 'x -> *[f] -> L\nphase a: min L\nphase b: min L\nevery 100000 steps of training: a\nschedule: a -> b']
  test('no arrow runs through a node, no text overlaps a node or a panel label, frames hold no other panel', () => {
    for (const source of [...sources, ...gallery.map((name) => gallerySource(name))]) {
      const { scene } = render(source)
      const s = scene.schedule
      if (!s) continue
      const boxes = scene.nodes.flatMap(occupied)
      for (const arrow of s.arrows) {
        for (const [x, y] of samples(arrow.points)) expect(boxes.some((b) => overlaps(b, { x, y, width: 0, height: 0 }))).toBe(false)
      }
      const size = s.fontSize
      const texts = [
        ...s.arrows.flatMap((a) => (a.label ? [{ x: a.label.at[0] - runsWidth(a.label.text, size) / 2, y: a.label.at[1] - size, width: runsWidth(a.label.text, size), height: size }] : [])),
        ...s.notes.map((n) => ({ x: n.at[0], y: n.at[1] - size, width: runsWidth(n.text, size), height: size }))
      ]
      const labels = scene.panelLabels.map((l) => ({ x: l.at[0] - runsWidth([{ text: l.text }], 15) / 2, y: l.at[1] - 15, width: runsWidth([{ text: l.text }], 15), height: 15 }))
      for (const t of texts) {
        expect(boxes.some((b) => overlaps(b, t))).toBe(false)
        expect(labels.some((b) => overlaps(b, t))).toBe(false)
        expect(t.x + t.width).toBeLessThanOrEqual(scene.width)
      }
      for (const f of s.frames) {
        for (const n of scene.nodes) {
          const inside = n.box.x >= f.box.x && n.box.x + n.box.width <= f.box.x + f.box.width
          expect(inside).toBe(n.panel === f.panel)
        }
      }
    }
  })
})

describe('description', () => {
  test('the SVG\'s description says how the phases follow each other', () => {
    expect(render(`${GAN}\nalternate: D x5, G`).description).toMatch(/Phases \(D\) ×5 and \(G\) take turns\.$/)
    expect(render(`${GAN}\ninside G: D xk`).description).toMatch(/Every step of phase \(G\) first runs phase \(D\) ×k\.$/)
    expect(render(`${GAN}\nschedule: D -> G`).description).toMatch(/Phases \(D\), then \(G\) run one after the other\.$/)
    const dqn = gallerySource('s-dqn-target')
    expect(render(dqn).description).toMatch(/The update of Q' \(copy\) runs every C steps\.$/)
  })
})

describe('exports', () => {
  test('Mermaid joins the phase subgraphs in schedule order, with counts and periods', () => {
    const text = toMermaid(render(`${GAN}\nphase sample: without x, [D]\nalternate: D x5, G\nevery 1000 steps: sample`).scene)
    expect(text).toContain('subgraph p0 ["(D) ×5"]')
    expect(text).toContain('p0 --> p1')
    expect(text).toContain('p1 --> p0')
    expect(text).toContain('p1 -->|"every 1000 steps"| p2')
    expect(text).not.toContain('~~~')
  })
  describe('in Mermaid itself (Chromium)', () => {
    const mermaid = useMermaid()
    test('the links between phase subgraphs are drawn, with the period on its link and the count in the title', async () => {
      const svg = await mermaid().render(toMermaid(render(`${GAN}\nphase sample: without x, [D]\nalternate: D x5, G\nevery 1000 steps: sample`).scene))
      const links = [...svg.matchAll(/id="[^"]*-L_(p\d)_(p\d)_\d+"/g)].map((m) => `${m[1]}>${m[2]}`)
      expect(links.sort()).toEqual(['p0>p1', 'p1>p0', 'p1>p2'])
      const text = toString(fromHtml(svg, { fragment: true }))
      expect(text).toContain('every 1000 steps')
      expect(text).toContain('(D) ×5')
    })
  })
  test('draw.io keeps the arrows, counts and frames', () => {
    const xml = toDrawio(render(`${GAN}\ninside G: D xk`).scene)
    expect(xml.match(/id="s\d+"/g)!.length).toBeGreaterThanOrEqual(2)
    expect(xml).toContain('value="×k"')
  })
})

const gallery = galleryFigures('s-')

describe('gallery', () => {
  test('at least 6 figures', () => expect(gallery.length).toBeGreaterThanOrEqual(6))
  for (const name of gallery) {
    test(`${name}: dgm check finds nothing, and it has a schedule`, () => {
      const { diagram, diagnostics } = analyze(gallerySource(name))
      expect(diagnostics).toEqual([])
      expect(diagram.schedule).toBeDefined()
    })
  }
  test('geometry rules: failures are exactly the known ones', () => knownFailures(gallery, 'known-failures-s.json'))
})

describe('property tests over the new syntax', () => {
  test('no crash, no foreign exception, no hang; exports never crash', () => {
    rendersOrRefuses(['schedule:', 'alternate:', 'inside', 'every', 'C steps', ':', 'a', 'b', '(a)', 'x5', '×k', 'x0', 'x', '->', ',', 'phase a: min L', 'phase b:', 'x -> *[f] -> L', 'update', 'from', 'f'])
  })
})
