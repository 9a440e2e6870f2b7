/**
 * Real builds of the example sites in examples/, each installing remark-dgm
 * the way a user would: from the packed package (npm pack), never from src/.
 */
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'

const CAPTIONS = [
  '简单分类模型图示',
  '经典生成式对抗网络图示，训练中(a) (b)两个阶段交替进行',
  '生成网络的反向投影',
  '变分自动编码器VAE图示',
  '自回归模型图示',
  '条件化自回归模型图示',
  '扩散模型图示',
  '条件化扩散模型图示',
  'Transformer Encoder Layer图示'
]

/** Each example, the command that builds it, and the page that must hold the article. */
const HOSTS: { name: string; build: string[]; page: string }[] = [
  { name: 'hexo-markdown-it', build: ['npx', 'hexo', 'generate'], page: 'public/three-elements-diagram/index.html' },
  { name: 'hexo-marked', build: ['npx', 'hexo', 'generate'], page: 'public/three-elements-diagram/index.html' },
  { name: 'vitepress', build: ['npx', 'vitepress', 'build'], page: '.vitepress/dist/three-elements-diagram.html' }
]

/** Hosts that re-serialise HTML (Vue) write `<rect></rect>` for `<rect/>`: the same SVG. */
function canonical(svg: string): string {
  return svg.replace(/<(\w+)([^<>]*?)><\/\1>/g, '<$1$2/>')
}

const work = mkdtempSync(join(tmpdir(), 'dgm-hosts-'))
let tarball = ''

beforeAll(() => {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { encoding: 'utf8' }).trim().split('\n').pop()!
  tarball = join(work, name)
}, 120_000)

const run = (cmd: string[], cwd: string) => execFileSync(cmd[0]!, cmd.slice(1), { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })

describe.each(HOSTS)('$name', ({ name, build, page }) => {
  test('a real build puts the nine figures with inline svg and the captions on the page', () => {
    const site = join(work, name)
    cpSync(`examples/${name}`, site, { recursive: true, dereference: true, filter: (src) => !src.includes('node_modules') })
    const manifest = JSON.parse(readFileSync(join(site, 'package.json'), 'utf8'))
    manifest.dependencies['remark-dgm'] = `file:${tarball}`
    writeFileSync(join(site, 'package.json'), JSON.stringify(manifest, null, 2))
    run(['npm', 'install', '--no-audit', '--no-fund', '--loglevel=error'], site)
    run(build, site)
    const html = readFileSync(join(site, page), 'utf8')
    expect(html.match(/<figure class="dgm"/g)?.length).toBe(9)
    expect(html.match(/<svg /g)?.length).toBe(9)
    const captions = [...html.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => m[1]!.trim())
    expect(captions).toEqual(CAPTIONS)
    // The host passed the SVG through untouched.
    const first = /<svg [\s\S]*?<\/svg>/.exec(html)![0]
    expect(canonical(first)).toBe(readFileSync('fixtures/figures/simple-classification/output.svg', 'utf8').trim())
  }, 600_000)
})

test('every example is built by this test', () => {
  expect(readdirSync('examples').sort()).toEqual(HOSTS.map((h) => h.name).sort())
})
