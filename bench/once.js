// One cold render in a fresh process, for the cold-start measure:
//   node bench/once.js graphviz FILE.dot | node bench/once.js mermaid FILE.mmd
import { readFileSync } from 'node:fs'

const [tool, file] = process.argv.slice(2)
const source = readFileSync(file, 'utf8')
if (tool === 'graphviz') {
  const { Graphviz } = await import('@hpcc-js/wasm-graphviz')
  const graphviz = await Graphviz.load()
  process.stdout.write(graphviz.dot(source))
} else if (tool === 'mermaid') {
  const { openMermaid } = await import('./mermaid.js')
  const mermaid = await openMermaid()
  process.stdout.write(await mermaid.render(source))
  await mermaid.close()
}
