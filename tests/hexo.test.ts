import { expect, test } from 'vitest'
import { register, type HexoLike } from '../src/hexo.js'

/** A stand-in for the part of Hexo the integration touches; the real one is built in tests/hosts.test.ts. */
function fakeHexo(config: Record<string, unknown> = {}) {
  const filters: { type: string; fn: (data: { content: string; raw?: string; source?: string }) => unknown; priority?: number }[] = []
  const logged: string[] = []
  const hexo: HexoLike = {
    config,
    extend: { filter: { register: (type, fn, priority) => filters.push({ type, fn, priority }) } },
    log: { warn: (line) => logged.push(`warn ${line}`), error: (line) => logged.push(`error ${line}`) }
  }
  return { hexo, filters, logged }
}

const raw = '---\ntitle: T\n---\n# Post\n\n```dgm caption="Good"\nx -> *[f] -> y\n```\n\n  ~~~dgm\n  x -> [f\n  ~~~\n'
const post = () => ({ raw, content: raw.slice(raw.indexOf('# Post')), source: '_posts/t.md' })

test('runs before Hexo’s code-block filter and protects each figure from the renderer and Nunjucks', () => {
  const { hexo, filters } = fakeHexo()
  register(hexo)
  expect(filters.map((f) => [f.type, f.priority])).toEqual([['before_post_render', 9]])
  const data = post()
  filters[0]!.fn(data)
  expect(data.content).toContain('<hexoPostRenderCodeBlock><figure class="dgm"><svg')
  expect(data.content).toContain('<figcaption>Good</figcaption></figure></hexoPostRenderCodeBlock>')
  expect(data.content).toContain('  <hexoPostRenderCodeBlock><figure class="dgm dgm-error" role="alert"><pre><code>x -&gt; [f</code></pre>')
  expect(data.content).not.toContain('```dgm')
})

test('findings are logged at their line and column in the post, front matter counted', () => {
  const { hexo, filters, logged } = fakeHexo()
  register(hexo)
  filters[0]!.fn(post())
  expect(logged).toEqual(['error remark-dgm: _posts/t.md:11:8 error Expected `]` to close `[`, got end of line (unclosed-bracket)'])
})

test('options come from the site config; strict fails the build; bad options are TypeErrors', () => {
  const { hexo, filters } = fakeHexo({ dgm: { strict: true, figureClassName: 'diagram' } })
  register(hexo)
  expect(() => filters[0]!.fn(post())).toThrow(/_posts\/t\.md:11:8 error Expected `]`/)
  expect(() => register(fakeHexo({ dgm: { theme: 'neon' } }).hexo)).toThrow(TypeError)
})
