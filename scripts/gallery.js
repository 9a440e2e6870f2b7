// Writes out/gallery.html: each article figure as we draw it, beside the
// author's hand-drawn original from ../shared/reference/article/.
//   npm run gallery
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { render } from '../dist/core.js'

const reference = new URL('../../shared/reference/article/', import.meta.url)
const rows = readdirSync('fixtures/figures')
  .sort()
  .map((name) => {
    const { svg, title } = render(readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8'), { background: 'white' })
    const original = `diagram-${name}`
    const ours = Buffer.byteLength(svg)
    const theirs = statSync(new URL(`${original}.drawio.svg`, reference)).size
    return `<section><h2>${name} — ${title ?? ''}</h2><div class="pair">
<figure>${svg}<figcaption>remark-dgm · ${ours} bytes</figcaption></figure>
<figure><img src="${new URL(`${original}.png`, reference).href}" alt="original ${name}"><figcaption>hand-drawn original · ${theirs} bytes (draw.io SVG)</figcaption></figure>
</div></section>`
  })
mkdirSync('out', { recursive: true })
writeFileSync(
  'out/gallery.html',
  `<!doctype html><meta charset="utf-8"><title>remark-dgm gallery</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}.pair{display:flex;gap:2rem;align-items:flex-start}figure{margin:0}figcaption{color:#555}h2{font-size:1rem;margin-top:2rem}</style>
${rows.join('\n')}\n`
)
console.log('Wrote out/gallery.html')
