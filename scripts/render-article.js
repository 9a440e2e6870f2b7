// The main job: render a Markdown article with dgm fences to one HTML page
// through the real unified pipeline (remark → remark-dgm → rehype).
//   node scripts/render-article.js INPUT.md OUTPUT.html
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import rehypeKatex from 'rehype-katex'
import rehypeStringify from 'rehype-stringify'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { reporter } from 'vfile-reporter'
import remarkDgm from '../dist/remark.js'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('Usage: node scripts/render-article.js INPUT.md OUTPUT.html')
  process.exit(2)
}

const STYLE = `body{max-width:46rem;margin:2rem auto;padding:0 1rem;font:17px/1.7 system-ui,sans-serif;color:#222;background:#fff}
pre{overflow:auto;padding:1rem;border-radius:6px;background:#f6f8fa}
@media (prefers-color-scheme:dark){body{color:#ddd;background:#1b1b1d}a{color:#8ab4f8}pre{background:#2b2b2e}}
figure.dgm{margin:2rem 0;text-align:center}figure.dgm svg{max-width:100%;height:auto}
math[display=block]{display:block;max-width:100%;overflow-x:auto;overflow-y:hidden;padding:.2em 0}
figcaption{font-size:.9rem;opacity:.8;margin-top:.5rem}figure.dgm-error{text-align:left;border-left:4px solid #c00;padding-left:1rem}`

/** Render a Markdown string to a complete HTML page. */
export function renderArticle(markdown, path) {
  const file = new VFile({ value: markdown, path })
  const title = /^---\n[\s\S]*?^title:\s*(.+)$/m.exec(markdown)?.[1]?.trim() ?? 'Article'
  const body = unified()
    .use(remarkParse)
    .use(remarkFrontmatter)
    .use(remarkGfm)
    .use(remarkMath)
    .use(remarkDgm)
    .use(remarkRehype)
    .use(rehypeKatex, { output: 'mathml' })
    .use(rehypeStringify)
    .processSync(file)
  const escaped = title.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c])
  const html = `<!doctype html>\n<html lang="zh"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escaped}</title><style>${STYLE}</style></head>\n<body><article><h1>${escaped}</h1>\n${String(body)}</article></body></html>\n`
  return { html, file }
}

const { html, file } = renderArticle(readFileSync(input, 'utf8'), input)
mkdirSync(dirname(output), { recursive: true })
writeFileSync(output, html)
const report = reporter(file, { quiet: true })
if (report) console.error(report)
console.log(`Wrote ${output}`)
