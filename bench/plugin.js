// What remark-dgm adds to a page's build: the flagship article through
// remark → remark-dgm → rehype, warm, against the same pipeline without
// remark-dgm and against rendering its nine figures alone, interleaved per
// repetition. Run by bench/run.js in a process of its own, so that what the
// rest of the benchmark leaves on the heap (Graphviz, the growth graphs) does
// not weigh on this pipeline's garbage collection; prints JSON medians in ms.
import { readFileSync } from 'node:fs'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { render } from '../dist/core.js'
import remarkDgm from '../dist/remark.js'

const [warmUp, runs] = process.argv.slice(2).map(Number)
const article = readFileSync('fixtures/markdown/three-elements-diagram/input.md', 'utf8')
const sources = [...article.matchAll(/^```dgm[^\n]*\n([\s\S]*?)^```/gm)].map((m) => m[1])
const pipeline = unified().use(remarkParse).use(remarkDgm).use(remarkRehype).use(rehypeStringify)
const plain = unified().use(remarkParse).use(remarkRehype).use(rehypeStringify)
const renderFigures = () => sources.forEach((source) => render(source).svg)

const ms = (f) => {
  const t = process.hrtime.bigint()
  f()
  return Number(process.hrtime.bigint() - t) / 1e6
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

for (let i = 0; i < warmUp; i++) {
  pipeline.processSync(article)
  plain.processSync(article)
  renderFigures()
}
const page = { with: [], without: [], figures: [] }
for (let i = 0; i < runs; i++) {
  page.with.push(ms(() => pipeline.processSync(article)))
  page.without.push(ms(() => plain.processSync(article)))
  page.figures.push(ms(renderFigures))
}
console.log(JSON.stringify({ figures: sources.length, with: median(page.with), without: median(page.without), render: median(page.figures) }))
