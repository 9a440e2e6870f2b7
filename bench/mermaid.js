// Mermaid rendered at build time the way rehype-mermaid does it: in a real
// browser (Debian's Chromium through playwright-core), one page reused.
import { createRequire } from 'node:module'
import { chromium } from 'playwright-core'

const require = createRequire(import.meta.url)
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

export async function openMermaid() {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: FLAGS })
  const page = await browser.newPage()
  await page.setContent('<!doctype html><body></body>')
  await page.addScriptTag({ path: require.resolve('mermaid/dist/mermaid.min.js') })
  await page.evaluate(() => globalThis.mermaid.initialize({ startOnLoad: false }))
  let counter = 0
  return {
    /** @param {string} source */
    async render(source) {
      return page.evaluate(async ([src, id]) => (await globalThis.mermaid.render(id, src)).svg, [source, `m${counter++}`])
    },
    /** Median ms of `runs` renders timed inside the page (no IPC in the number). @param {string} source @param {number} runs */
    async time(source, runs) {
      return page.evaluate(async ([src, n]) => {
        const times = []
        for (let i = 0; i < n; i++) {
          const t = performance.now()
          await globalThis.mermaid.render(`t${i}`, src)
          times.push(performance.now() - t)
        }
        times.sort((a, b) => a - b)
        return times[Math.floor(times.length / 2)]
      }, [source, runs])
    },
    close: () => browser.close()
  }
}
