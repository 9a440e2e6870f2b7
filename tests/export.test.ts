/**
 * `dgm export` on the nine figures: the Mermaid text rendered by the real
 * `mermaid` package in Chromium, the draw.io XML parsed and compared cell by
 * cell with the Scene, the PNG compared with Chromium's own rendering of the
 * same SVG, and svg identical to `dgm render`.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toString } from 'hast-util-to-string'
import pixelmatch from 'pixelmatch'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { visit } from 'unist-util-visit'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { useMermaid } from './mermaid.js'
import { render, toDrawio, toMermaid, toPng } from '../src/core.js'
import { flatLabel } from '../src/export/label.js'
import { launchChromium } from './chromium.js'

const figures = readdirSync('fixtures/figures')
const source = (name: string) => readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8')
const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' })

describe('dgm export', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dgm-export-'))
  for (const name of figures) {
    test(`${name}: each format from the CLI equals the core function`, () => {
      const file = `fixtures/figures/${name}/input.dgm`
      const result = render(source(name))
      expect(cli('export', file, '--to', 'svg', '-o', join(dir, 'out.svg')).status).toBe(0)
      expect(readFileSync(join(dir, 'out.svg'), 'utf8')).toBe(readFileSync(`fixtures/figures/${name}/output.svg`, 'utf8'))
      expect(cli('export', file, '--to', 'mermaid').stdout).toBe(toMermaid(result.scene, { title: result.title }))
      expect(cli('export', file, '--to', 'drawio').stdout).toBe(toDrawio(result.scene, { title: result.title }))
      expect(cli('export', file, '--to', 'png', '--scale', '2', '-o', join(dir, 'out.png')).status).toBe(0)
      const png = PNG.sync.read(readFileSync(join(dir, 'out.png')))
      expect([png.width, png.height]).toEqual([Math.round(result.scene.width * 2), Math.round(result.scene.height * 2)])
    })
  }
  test('a bad format or a diagram error fails with a message', () => {
    const bad = cli('export', 'fixtures/figures/gan/input.dgm', '--to', 'pdf')
    expect([bad.status, bad.stderr.split('\n')[0]]).toEqual([2, 'Expected --to svg|mermaid|drawio|png, got pdf'])
    const broken = cli('export', 'fixtures/diagnostics/unclosed-bracket/input.dgm', '--to', 'mermaid')
    expect(broken.status).toBe(1)
    expect(broken.stderr).toContain('unclosed-bracket')
  })
})

describe('Mermaid', () => {
  const mermaid = useMermaid()

  for (const name of figures) {
    test(`${name}: every node and wire arrives in Mermaid's drawing`, async () => {
      const { scene, title } = render(source(name))
      const svg = fromHtml(await mermaid().render(toMermaid(scene, { title })), { fragment: true }) as Root
      const nodes = new Map<string, string>()
      const classes = new Map<string, string[]>()
      const edges: string[] = []
      const clusters: string[] = []
      visit(svg, 'element', (el: Element) => {
        const id = String(el.properties.id ?? '')
        const own = (el.properties.className as string[] | undefined) ?? []
        const node = /-flowchart-(n\d+)-\d+$/.exec(id)
        if (node && own.includes('node')) {
          nodes.set(node[1]!, toString(el))
          classes.set(node[1]!, own)
        }
        const edge = /-L_(n\d+)_(n\d+)_\d+$/.exec(id)
        if (edge && el.tagName === 'path') edges.push(`${edge[1]}>${edge[2]}`)
        if (own.includes('cluster')) clusters.push(toString(el))
      })
      expect(nodes.size).toBe(scene.nodes.length)
      scene.nodes.forEach((node, i) => {
        const label = nodes.get(`n${i}`)!
        expect(label).toContain(flatLabel(node.text))
        expect(label.includes('★')).toBe(Boolean(node.star))
        if (node.objective) expect(label).toContain(node.objective.direction === 'min' ? '▽' : '△')
        expect(classes.get(`n${i}`)!.includes('bold')).toBe(node.text.some((run) => run.bold))
        expect(classes.get(`n${i}`)!.includes('bare')).toBe(node.shape === 'text')
      })
      const index = (id: string, panel: number) => `n${scene.nodes.findIndex((n) => n.id === id && n.panel === panel)}`
      expect(edges.sort()).toEqual(scene.wires.map((w) => `${index(w.from, w.panel)}>${index(w.to, w.panel)}`).sort())
      expect(clusters.map((c) => c.trim()).sort()).toEqual(scene.panelLabels.map((l) => l.text).sort())
    })
  }
  test('labels are escaped: quotes, angle brackets and # reach Mermaid as text', async () => {
    const { scene } = render('"a <b>#1; & c" -> [`f`] -> y')
    const svg = await mermaid().render(toMermaid(scene))
    const text = toString(fromHtml(svg, { fragment: true }))
    expect(text).toContain('a <b>#1; & c')
    expect(text).toContain('`f`')
    expect(svg).not.toContain('<b>')
  })
})

describe('draw.io', () => {
  const parser = new XMLParser({ ignoreAttributes: false, htmlEntities: true, attributeNamePrefix: '', isArray: (name) => ['mxCell', 'mxPoint'].includes(name) })
  type Cell = { id: string; value?: string; style?: string; vertex?: string; edge?: string; parent?: string; source?: string; target?: string; mxGeometry?: Record<string, any> }
  const num = (v: unknown) => Number(v ?? 0)

  for (const name of figures) {
    test(`${name}: every cell has the Scene's geometry`, () => {
      const { scene, title } = render(source(name))
      const xml = parser.parse(toDrawio(scene, { title }))
      const diagram = xml.mxfile.diagram
      expect(diagram.name).toBe(title)
      const cells: Cell[] = diagram.mxGraphModel.root.mxCell
      const byId = new Map(cells.map((c) => [c.id, c]))
      for (const cell of cells) expect(cell.style ?? 'html=0').toContain('html=0')
      scene.nodes.forEach((node, i) => {
        const cell = byId.get(`n${i}`)!
        expect(cell.value).toBe(flatLabel(node.text))
        const g = cell.mxGeometry!
        expect([num(g.x), num(g.y), num(g.width), num(g.height)]).toEqual([node.box.x, node.box.y, node.box.width, node.box.height])
        if (node.star) {
          const s = byId.get(`n${i}-star`)!.mxGeometry!
          expect([num(s.x) + num(s.width) / 2, num(s.y) + num(s.height) / 2]).toEqual(node.star)
        }
        if (node.objective) {
          const o = byId.get(`n${i}-objective`)!
          expect(o.style).toContain(node.objective.direction === 'min' ? 'direction=south' : 'direction=north')
          expect([num(o.mxGeometry!.x) + num(o.mxGeometry!.width) / 2, num(o.mxGeometry!.y) + num(o.mxGeometry!.height) / 2]).toEqual(node.objective.at)
        }
      })
      scene.wires.forEach((wire, i) => {
        const cell = byId.get(`w${i}`)!
        const from = byId.get(cell.source!)!
        const to = byId.get(cell.target!)!
        expect([from.value, to.value]).toEqual([wire.from, wire.to].map((id) => flatLabel(scene.nodes.find((n) => n.id === id && n.panel === wire.panel)!.text)))
        const points: Record<string, string>[] = cell.mxGeometry!.mxPoint
        const waypoints: Record<string, string>[] = cell.mxGeometry!.Array?.mxPoint ?? []
        const start = points.find((p) => p.as === 'sourcePoint')!
        const end = points.find((p) => p.as === 'targetPoint')!
        expect([start, ...waypoints, end].map((p) => [num(p.x), num(p.y)])).toEqual(wire.points)
        // The exit and entry constraints put the ends on the same points of the shapes.
        const style = Object.fromEntries(cell.style!.split(';').filter(Boolean).map((kv) => kv.split('=')))
        const fg = from.mxGeometry!
        const tg = to.mxGeometry!
        expect(num(fg.x) + num(style.exitX) * num(fg.width)).toBeCloseTo(wire.points[0]![0], 0)
        expect(num(fg.y) + num(style.exitY) * num(fg.height)).toBeCloseTo(wire.points[0]![1], 0)
        expect(num(tg.x) + num(style.entryX) * num(tg.width)).toBeCloseTo(wire.points.at(-1)![0], 0)
        expect(num(tg.y) + num(style.entryY) * num(tg.height)).toBeCloseTo(wire.points.at(-1)![1], 0)
        expect(style.endArrow).toBe(wire.arrow ? 'block' : 'none')
      })
      // Tildes hang under their point; a brace's cusp is at its point; panel labels centred on theirs.
      const centre = (cell: Cell): [number, number] => [num(cell.mxGeometry!.x) + num(cell.mxGeometry!.width) / 2, num(cell.mxGeometry!.y) + num(cell.mxGeometry!.height) / 2]
      scene.marks.forEach((mark, i) => {
        const cell = byId.get(`m${i}`)!
        expect(cell.style).toContain(mark.kind === 'tilde' ? 'rotation=90' : 'shape=curlyBracket')
        const [x, y] = centre(cell)
        expect(x).toBeCloseTo(mark.at[0], 1)
        expect(mark.kind === 'tilde' ? y - mark.at[1] : mark.at[1] - y).toBeGreaterThan(0)
      })
      scene.panelLabels.forEach((label, i) => {
        const cell = byId.get(`p${i}`)!
        expect([cell.value, centre(cell)[0]]).toEqual([label.text, label.at[0]])
      })
    })
  }
  test('labels are escaped XML', () => {
    const { scene } = render('"a & <b>" -> [f] -> y')
    const xml = toDrawio(scene)
    expect(xml).toContain('value="a &amp; &lt;b&gt;"')
    expect(parser.parse(xml).mxfile.diagram.mxGraphModel.root.mxCell.some((c: Cell) => c.value === 'a & <b>')).toBe(true)
  })
})

describe('PNG', () => {
  let browser: Browser
  beforeAll(async () => {
    browser = await launchChromium()
  }, 60_000)
  afterAll(async () => browser?.close())

  /** RGBA over white, as Chromium's screenshot shows a transparent SVG. */
  function overWhite(png: PNG): PNG {
    for (let i = 0; i < png.data.length; i += 4) {
      const a = png.data[i + 3]! / 255
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(png.data[i + c]! * a + 255 * (1 - a))
      png.data[i + 3] = 255
    }
    return png
  }

  for (const name of figures) {
    test(`${name}: resvg's PNG matches Chromium's rendering of the SVG`, async () => {
      const { svg } = render(source(name), { scale: 2 })
      const ours = overWhite(PNG.sync.read(Buffer.from(toPng(svg))))
      const tab = await browser.newPage({ viewport: { width: ours.width, height: ours.height } })
      await tab.setContent(`<!doctype html><body style="margin:0;background:#fff">${svg}</body>`)
      const theirs = PNG.sync.read(await tab.screenshot({ clip: { x: 0, y: 0, width: ours.width, height: ours.height } }))
      await tab.close()
      const diff = pixelmatch(ours.data, theirs.data, undefined, ours.width, ours.height, { threshold: 0.2 })
      const share = diff / (ours.width * ours.height)
      console.log(`${name}: ${diff} of ${ours.width * ours.height} pixels differ (${(share * 100).toFixed(2)} %)`)
      expect(share).toBeLessThan(0.005)
    })
  }
})
