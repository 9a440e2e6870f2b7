// Writes out/gallery.html: each article figure as we draw it, and, when given
// the folder of the author's hand-drawn originals (diagram-NAME.png), each
// original beside it; then every diagram of the corpus (fixtures/corpus).
//   npm run gallery [-- path/to/originals]
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { resolve } from 'node:path'
import { render } from '../dist/core.js'

const originals = JSON.parse(readFileSync('fixtures/article/originals.json', 'utf8')).figures
const referenceDir = process.argv[2]
const reference = referenceDir ? pathToFileURL(resolve(referenceDir) + '/') : undefined
const rows = readdirSync('fixtures/figures')
  .sort()
  .map((name) => {
    const { svg, title } = render(readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8'), { background: 'white' })
    const ours = Buffer.byteLength(svg)
    const theirs = originals.find((o) => o.name === name)?.drawioBytes
    const hand = reference
      ? `<figure><img src="${new URL(`diagram-${name}.png`, reference).href}" alt="original ${name}"><figcaption>hand-drawn original · ${theirs} bytes (draw.io SVG)</figcaption></figure>`
      : ''
    return `<section><h2>${name} — ${title ?? ''}</h2><div class="pair">
<figure>${svg}<figcaption>remark-dgm · ${ours} bytes</figcaption></figure>
${hand}
</div></section>`
  })
// The corpus: well-known training setups beyond the article's nine, each as we draw it.
const corpus = existsSync('fixtures/corpus')
  ? readdirSync('fixtures/corpus', { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
      .map((name) => {
        const { svg, title } = render(readFileSync(`fixtures/corpus/${name}/input.dgm`, 'utf8'), { background: 'white' })
        return `<section><h2>corpus/${name} — ${title ?? ''}</h2><figure>${svg}<figcaption>${Buffer.byteLength(svg)} bytes</figcaption></figure></section>`
      })
  : []
mkdirSync('out', { recursive: true })
writeFileSync(
  'out/gallery.html',
  `<!doctype html><meta charset="utf-8"><title>remark-dgm gallery</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}.pair{display:flex;gap:2rem;align-items:flex-start}figure{margin:0}figcaption{color:#555}h2{font-size:1rem;margin-top:2rem}</style>
${[...rows, ...corpus].join('\n')}\n`
)
console.log('Wrote out/gallery.html')
