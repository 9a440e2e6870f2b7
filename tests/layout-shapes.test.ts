/** The shape table and the Scene as the renderer's only input. */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { render } from '../src/compile.js'
import { FONT, SHAPES, SOURCE_FONT } from '../src/layout/shapes.js'
import { runsWidth } from '../src/text/metrics.js'

const scenes = readdirSync('fixtures/figures').map((name) => [name, render(readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8')).scene] as const)

describe('labels keep their size; shapes grow to fit', () => {
  for (const [name, scene] of scenes) {
    test(name, () => {
      for (const n of scene.nodes) {
        expect(n.fontSize).toBe(n.kind === 'dataset' || n.kind === 'prior' ? SOURCE_FONT : n.note ? FONT * 0.9 : FONT)
        if (n.shape !== 'text' && n.shape !== 'strip') expect(runsWidth(n.text, n.fontSize)).toBeLessThan(n.box.width - 4)
      }
    })
  }
  test('a long op label makes an ellipse, never a smaller font', () => {
    const { scene } = render('X ~ x\nx, x -> (a rather long name) -> y')
    const op = scene.nodes.find((n) => n.kind === 'op')!
    expect(op.shape).toBe('ellipse')
    expect(op.fontSize).toBe(FONT)
    expect(op.box.width).toBeGreaterThan(runsWidth(op.text, FONT))
  })
  test("a label's ends stay inside its ellipse, however long the label", () => {
    const inside = (box: { width: number; height: number }, label: number, font: number) => {
      // The top corners of the label's capitals, 5 px out: (x/a)^2 + (y/b)^2 < 1.
      const [x, y] = [label / 2 + 5, 0.38 * font]
      return (x / (box.width / 2)) ** 2 + (y / (box.height / 2)) ** 2 < 1
    }
    for (let label = 0; label <= 600; label += 25) expect(inside(SHAPES.ellipse.size(label, FONT, false), label, FONT), `${label} px`).toBe(true)
    const dirs = ['figures', 'corpus'].flatMap((d) => readdirSync(`fixtures/${d}`, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `fixtures/${d}/${e.name}/input.dgm`))
    let ellipses = 0
    for (const path of dirs) {
      for (const n of render(readFileSync(path, 'utf8')).scene.nodes.filter((n) => n.shape === 'ellipse')) {
        ellipses++
        expect(inside(n.box, runsWidth(n.text, n.fontSize), n.fontSize), `${path} ${n.id}`).toBe(true)
      }
    }
    expect(ellipses).toBeGreaterThan(100)
  })
  test("no wire runs through a side note: with a wire at that side's middle, the note rises to the shoulder", () => {
    const reptile = 'T ~ x, y\nphi -> (copy) -> *w\nx, w -> [f] -> y\'\ny\', y -> (mse) -> L\nmin L\nupdate phi from w: meta step\nevery k steps: phi'
    const ewc = readFileSync('fixtures/corpus/ewc/input.dgm', 'utf8')
    const dirs = ['figures', 'corpus'].flatMap((d) => readdirSync(`fixtures/${d}`, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => readFileSync(`fixtures/${d}/${e.name}/input.dgm`, 'utf8')))
    let notes = 0
    for (const source of [reptile, ewc, ...dirs]) {
      const { scene } = render(source)
      for (const n of scene.nodes.filter((n) => n.note && n.panel === 0)) {
        notes++
        const font = n.fontSize + 2
        const [x0, x1] = [n.note!.at[0], n.note!.at[0] + runsWidth(n.note!.text, font)]
        const [y0, y1] = [n.note!.at[1] - 0.7 * font, n.note!.at[1] + 0.2 * font]
        for (const w of scene.wires.filter((w) => w.panel === 0)) {
          for (let i = 1; i < w.points.length; i++) {
            const [[ax, ay], [bx, by]] = [w.points[i - 1]!, w.points[i]!]
            const hits = Math.max(ax, bx) > x0 && Math.min(ax, bx) < x1 && Math.max(ay, by) > y0 && Math.min(ay, by) < y1
            expect(hits, `${n.id}'s note and ${w.from} -> ${w.to}`).toBe(false)
          }
        }
      }
    }
    expect(notes).toBeGreaterThanOrEqual(10)
  })
  test('round outlines meet wires on the outline', () => {
    for (const kind of ['circle', 'ellipse'] as const) {
      const s = SHAPES[kind]
      expect(s.top(0, 40, 20)).toBe(-10)
      expect(s.side(0, 40, 20)).toBe(20)
      expect(s.side(10, 40, 20)).toBe(0)
      const dx = 12
      const dy = -s.top(dx, 40, 20)
      expect((dx / 20) ** 2 + (dy / 10) ** 2).toBeCloseTo(1, 9)
    }
  })
})

describe('the Scene is complete on its own', () => {
  test('the renderer imports nothing from the layout but the Scene types', () => {
    for (const file of readdirSync('src/render')) {
      const text = readFileSync(`src/render/${file}`, 'utf8')
      for (const [, what, from] of text.matchAll(/import (type )?[^;]*? from '([^']+)'/g)) {
        if (from!.includes('/layout/')) expect([from, what]).toEqual(['../layout/scene.js', 'type '])
      }
    }
  })
  test('every wire the Scene lists is drawn, but those the tilde shows', () => {
    for (const name of readdirSync('fixtures/figures')) {
      const { scene, svg } = render(readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8'))
      const starts = [...svg.matchAll(/<path d="M([\d.]+) ([\d.]+)/g)].map((m) => `${m[1]} ${m[2]}`)
      for (const w of scene.wires) {
        const [x, y] = w.points[0]!
        expect(starts.includes(`${x} ${y}`)).toBe(!w.underTilde)
      }
    }
  })
})
