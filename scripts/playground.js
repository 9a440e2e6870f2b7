// Builds the playground into one folder of static files (default
// out/playground): index.html and one script, no module loading, so it
// works from file:// and from any static host. The gallery is every
// fixtures/figures/*/input.dgm (and fixtures/corpus/*/input.dgm when present).
import { existsSync, mkdirSync, readdirSync, readFileSync, copyFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { bundle } from './bundle.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function gallery() {
  const figures = []
  for (const group of ['figures', 'corpus']) {
    const dir = join(root, 'fixtures', group)
    if (!existsSync(dir)) continue
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'input.dgm')
      if (existsSync(file)) figures.push({ group, name, source: readFileSync(file, 'utf8') })
    }
  }
  return figures
}

/** Build into `out`; returns the files' sizes, raw and gzipped. @param {string} [out] */
export async function buildPlayground(out = join(root, 'out/playground')) {
  mkdirSync(out, { recursive: true })
  await bundle(join(root, 'playground/main.ts'), join(out, 'playground.js'), {
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    define: { GALLERY: JSON.stringify(gallery()) }
  })
  copyFileSync(join(root, 'playground/index.html'), join(out, 'index.html'))
  let raw = 0
  let gzipped = 0
  for (const file of ['index.html', 'playground.js']) {
    raw += statSync(join(out, file)).size
    gzipped += gzipSync(readFileSync(join(out, file)), { level: 9 }).length
  }
  return { out, raw, gzipped }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { out, raw, gzipped } = await buildPlayground(process.argv[2])
  console.log(`${join(out, 'index.html')}: ${(raw / 1024).toFixed(1)} kB, ${(gzipped / 1024).toFixed(1)} kB gzipped`)
}
