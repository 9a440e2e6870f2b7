/**
 * The built playground in a real browser (Debian's Chromium), opened from
 * file:// as a reader would open the folder: gallery, live re-render, lint
 * squiggles at the right line, the shared URL, and downloads.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildPlayground } from '../scripts/playground.js'
import { render } from '../src/core.js'
import { launchChromium } from './chromium.js'

let browser: Browser
let url: string

beforeAll(async () => {
  const { out } = await buildPlayground(mkdtempSync(join(tmpdir(), 'dgm-playground-')))
  url = pathToFileURL(join(out, 'index.html')).href
  browser = await launchChromium()
}, 120_000)

afterAll(async () => browser?.close())

const pageErrors = new WeakMap<Page, string[]>()

async function open(address = url): Promise<Page> {
  const tab = await browser.newPage({ acceptDownloads: true })
  const errors: string[] = []
  pageErrors.set(tab, errors)
  tab.on('pageerror', (e) => errors.push(String(e)))
  await tab.goto(address)
  await tab.waitForSelector('#status:not(:empty)')
  return tab
}

const editorText = (tab: Page) => tab.$$eval('.cm-line', (lines) => lines.map((l) => l.textContent).join('\n'))
/** The figure's markup, and `svg` as the same browser serialises it (entities may be written differently). */
const figureMarkup = (tab: Page) => tab.$eval('#figure', (f) => f.innerHTML)
const asBrowserMarkup = (tab: Page, svg: string) => tab.evaluate((text) => Object.assign(document.createElement('div'), { innerHTML: text }).innerHTML, svg)

/** Close a tab that threw nothing. */
async function close(tab: Page): Promise<void> {
  expect(pageErrors.get(tab)).toEqual([])
  await tab.close()
}

async function typeAtEnd(tab: Page, text: string): Promise<void> {
  await tab.click('.cm-content')
  await tab.keyboard.press('Control+End')
  await tab.keyboard.type(text)
}

test('a gallery figure is one click away and drawn as render() draws it', async () => {
  const tab = await open()
  expect(await tab.$$eval('#gallery button', (b) => b.length)).toBeGreaterThanOrEqual(9)
  await tab.click('[data-figure="vae"]')
  const source = readFileSync('fixtures/figures/vae/input.dgm', 'utf8')
  await tab.waitForFunction(() => document.querySelector('#figure svg title')?.textContent?.includes('VAE'))
  expect(await editorText(tab)).toBe(source)
  expect(await figureMarkup(tab)).toBe(await asBrowserMarkup(tab, render(source).svg))
  // Light and dark: the figure is drawn in currentColor, so it follows the page.
  const ink = () => tab.$eval('#figure svg', (svg) => [getComputedStyle(svg).color, getComputedStyle(document.body).backgroundColor])
  const light = await ink()
  await tab.click('#dark')
  const dark = await ink()
  expect(dark).not.toEqual(light)
  const luminance = (rgb: string) => rgb.match(/\d+/g)!.slice(0, 3).reduce((sum, v) => sum + Number(v), 0)
  expect(luminance(light[0]!) < luminance(light[1]!)).not.toBe(luminance(dark[0]!) < luminance(dark[1]!))
  await close(tab)
})

test('typing re-renders the figure; an error shows a squiggle and its message at its line; the URL brings the source back', async () => {
  const tab = await open()
  await tab.click('[data-figure="gan"]')
  await tab.waitForFunction(() => document.querySelector('#figure svg title')?.textContent?.includes('(a)'))
  const before = await figureMarkup(tab)
  await typeAtEnd(tab, 'x -> *[critic] -> score')
  await tab.waitForFunction(() => document.querySelector('#figure svg')?.textContent?.includes('critic'))
  const source = await editorText(tab)
  expect(await figureMarkup(tab)).not.toBe(before)
  expect(await figureMarkup(tab)).toBe(await asBrowserMarkup(tab, render(source).svg))

  await typeAtEnd(tab, '\ny -> [g')
  const line = source.split('\n').length + 1
  const squiggle = tab.locator('.cm-lintRange-error')
  await squiggle.waitFor()
  const squiggleLine = await squiggle.evaluate((el) => [...document.querySelectorAll('.cm-line')].indexOf(el.closest('.cm-line')!) + 1)
  expect(squiggleLine).toBe(line)
  expect(await squiggle.textContent()).toBe('[g')
  await squiggle.hover()
  await expect.poll(() => tab.locator('.cm-tooltip-lint').textContent()).toContain('Expected `]` to close `[`, got end of line')
  expect(await tab.$$eval('#problems li', (items) => items.map((i) => i.textContent))).toEqual([`${line}:6 error Expected \`]\` to close \`[\`, got end of line (unclosed-bracket)`])
  expect(await tab.$eval('#figure', (f) => f.classList.contains('stale'))).toBe(true)

  const broken = await editorText(tab)
  await expect.poll(() => tab.url()).toMatch(/#s=/)
  const shared = tab.url()
  await close(tab)
  const again = await open(shared)
  expect(await editorText(again)).toBe(broken)
  expect(await again.textContent('#figure')).toBe('The figure appears when the errors under the editor are fixed.')
  await again.reload()
  await again.waitForSelector('.cm-lintRange-error')
  expect(await editorText(again)).toBe(broken)
  await close(again)
})

test('the downloaded SVG is byte for byte `dgm render` with the same options; the PNG is twice its size', async () => {
  const tab = await open()
  await tab.click('[data-figure="diffusion"]')
  await tab.selectOption('#theme', 'color')
  await tab.fill('#scale', '2')
  await tab.waitForFunction(() => document.querySelector('#figure svg')?.getAttribute('width') !== null && document.querySelector('#figure svg rect[fill-opacity]') !== null)
  await expect.poll(() => tab.$eval('#figure svg', (s) => s.getAttribute('width'))).toBe(String(render(readFileSync('fixtures/figures/diffusion/input.dgm', 'utf8'), { scale: 2 }).width))
  const [svgDownload] = await Promise.all([tab.waitForEvent('download'), tab.click('#download-svg')])
  const cli = execFileSync(process.execPath, ['dist/cli.js', 'render', 'fixtures/figures/diffusion/input.dgm', '--theme', 'color', '--scale', '2'], { encoding: 'utf8' })
  expect(readFileSync((await svgDownload.path())!, 'utf8')).toBe(cli)
  expect(svgDownload.suggestedFilename()).toBe('diagram.svg')

  const [pngDownload] = await Promise.all([tab.waitForEvent('download'), tab.click('#download-png')])
  const png = PNG.sync.read(readFileSync((await pngDownload.path())!))
  const { width, height } = render(readFileSync('fixtures/figures/diffusion/input.dgm', 'utf8'), { scale: 2 })
  expect([png.width, png.height]).toEqual([Math.ceil(width * 2), Math.ceil(height * 2)])
  // Drawn, not blank: some pixels are opaque ink.
  expect(png.data.filter((_, i) => i % 4 === 3 && png.data[i]! > 200).length).toBeGreaterThan(1000)
  expect(new URL(tab.url()).hash).toContain('theme=color')
  await close(tab)
})

test('copy as Markdown fence puts a dgm fence with the chosen options on the clipboard', async () => {
  const tab = await open()
  await tab.context().grantPermissions(['clipboard-read', 'clipboard-write'])
  await tab.click('[data-figure="simple-classification"]')
  await tab.selectOption('#theme', 'color')
  await tab.click('#copy-fence')
  await expect.poll(() => tab.textContent('#status')).toBe('Copied the Markdown fence')
  const fence = await tab.evaluate(() => navigator.clipboard.readText())
  expect(fence).toBe(`\`\`\`dgm theme=color\n${readFileSync('fixtures/figures/simple-classification/input.dgm', 'utf8').trimEnd()}\n\`\`\`\n`)
  await close(tab)
})
