/**
 * The flagship page in a real browser (Debian's Chromium): every figure shows,
 * and every label fits where the layout measured it with the shipped metrics.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { textWidth } from '../src/text/metrics.js'

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
let browser: Browser
const page = join(mkdtempSync(join(tmpdir(), 'dgm-page-')), 'three-elements-diagram.html')

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/render-article.js', 'fixtures/markdown/three-elements-diagram/input.md', page])
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS })
}, 60_000)

afterAll(async () => {
  await browser?.close()
})

test('the flagship page shows nine figures, each drawn, without errors', async () => {
  const tab = await browser.newPage()
  const errors: string[] = []
  tab.on('pageerror', (e) => errors.push(String(e)))
  tab.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  await tab.goto(pathToFileURL(page).href)
  const figures = await tab.$$eval('figure.dgm', (all) =>
    all.map((f) => {
      const svg = f.querySelector('svg')!
      const box = svg.getBoundingClientRect()
      return { width: box.width, height: box.height, shapes: svg.querySelectorAll('rect, circle, ellipse, path').length, caption: f.querySelector('figcaption')?.textContent }
    })
  )
  expect(figures).toHaveLength(9)
  for (const f of figures) {
    expect(f.width).toBeGreaterThan(100)
    expect(f.height).toBeGreaterThan(100)
    expect(f.shapes).toBeGreaterThan(5)
    expect(f.caption).toBeTruthy()
  }
  expect(errors).toEqual([])
})

test('labels measured by the browser fit their boxes and match the shipped metrics', async () => {
  const tab = await browser.newPage()
  await tab.goto(pathToFileURL(page).href)
  const labels = await tab.$$eval('figure.dgm svg text', (texts) =>
    texts.map((t) => {
      const text = t as SVGTextElement
      const box = text.getBBox()
      // The shape drawn right under this label, if the label sits inside one.
      const shapes = [...text.ownerSVGElement!.querySelectorAll('rect, circle, ellipse')].map((s) => (s as SVGGraphicsElement).getBBox())
      const inside = shapes.find((s) => box.x + box.width / 2 > s.x && box.x + box.width / 2 < s.x + s.width && box.y + box.height / 2 > s.y && box.y + box.height / 2 < s.y + s.height)
      const plain = text.children.length === 0
      return { text: text.textContent, plain, size: Number(text.getAttribute('font-size')), width: text.getComputedTextLength(), box: { x: box.x, width: box.width }, inside: inside ? { x: inside.x, width: inside.width } : null }
    })
  )
  expect(labels.length).toBeGreaterThan(80)
  // Chromium draws Helvetica/Arial with Liberation Sans here, the font the metrics come from.
  const measured = labels.filter((l) => l.plain && /^[\x20-\x7e\u0370-\u03ff]+$/.test(l.text ?? ''))
  expect(measured.length).toBeGreaterThan(40)
  for (const label of measured) {
    expect(label.width / textWidth(label.text!, label.size), `${label.text}`).toBeCloseTo(1, 1)
  }
  for (const label of labels) {
    if (!label.inside || label.inside.width < 10) continue
    // A label inside a box or ellipse stays inside it.
    expect(label.box.x, `${label.text}`).toBeGreaterThanOrEqual(label.inside.x - 0.5)
    expect(label.box.x + label.box.width, `${label.text}`).toBeLessThanOrEqual(label.inside.x + label.inside.width + 0.5)
  }
}, 60_000)

test.each([400, 1200])('at %i px wide, every caption wraps inside the page in the page’s font, and no figure sits in a code box', async (width) => {
  const tab = await browser.newPage({ viewport: { width, height: 900 } })
  await tab.goto(pathToFileURL(page).href)
  const seen = await tab.$$eval('figure.dgm', (all) =>
    all.map((figure) => {
      const caption = figure.querySelector('figcaption')!
      const box = caption.getBoundingClientRect()
      const style = getComputedStyle(caption)
      // A code box: any element from the figure up to the article that paints a background or keeps white space.
      const boxes: string[] = []
      for (let el: Element | null = figure; el && el.tagName !== 'ARTICLE'; el = el.parentElement) {
        const s = getComputedStyle(el)
        if (s.backgroundColor !== 'rgba(0, 0, 0, 0)' || el.tagName === 'PRE') boxes.push(`${el.tagName} ${s.backgroundColor}`)
      }
      return {
        text: caption.textContent ?? '',
        left: box.left,
        right: box.right,
        overflows: caption.scrollWidth > caption.clientWidth + 1,
        font: style.fontFamily,
        whiteSpace: style.whiteSpace,
        bodyFont: getComputedStyle(document.body).fontFamily,
        boxes
      }
    })
  )
  const pageWidth = await tab.evaluate(() => document.documentElement.clientWidth)
  expect(seen).toHaveLength(9)
  for (const caption of seen) {
    expect(caption.left, caption.text).toBeGreaterThanOrEqual(0)
    expect(caption.right, caption.text).toBeLessThanOrEqual(pageWidth)
    expect(caption.overflows, caption.text).toBe(false)
    expect(caption.whiteSpace, caption.text).toBe('normal')
    expect(caption.font, caption.text).toBe(caption.bodyFont)
    expect(caption.font, caption.text).not.toMatch(/monospace/)
    expect(caption.boxes, caption.text).toEqual([])
  }
  expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(pageWidth)
  await tab.close()
}, 60_000)
