import { expect, test } from 'vitest'
import { register } from '../src/hexo.js'
import { fakeHexo } from './fake-hexo.js'

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
  expect(data.content).toContain('  <hexoPostRenderCodeBlock><figure class="dgm dgm-error" role="alert"><figcaption><strong>Diagram error</strong><ul><li>Line 11, column 8:')
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
  expect(() => filters[0]!.fn(post())).toThrow(/^_posts\/t\.md:11:8: Expected `]`[^]*> 11 \|   x -> \[f/)
  expect(() => register(fakeHexo({ dgm: { theme: 'neon' } }).hexo)).toThrow(TypeError)
})

test('fences are found as CommonMark finds them: in blockquotes and lists, closed by longer runs, never inside a longer fence', () => {
  const { hexo, filters } = fakeHexo()
  register(hexo)
  const example = '````md\n```dgm\nx -> [f] -> y\n```\n````'
  const content = `> quote\n>\n> \`\`\`dgm caption="Quoted"\n> x -> *[f] -> y\n> \`\`\`\n\n- item\n\n  \`\`\`dgm caption="Listed"\n  x -> *[f] -> y\n  \`\`\`\n\n\`\`\`dgm caption="Long close"\nx -> *[f] -> y\n\`\`\`\`\`\n\n${example}\n`
  const data = { content }
  filters[0]!.fn(data)
  // Each figure stays in its container: the blockquote's `> `, the list item's indentation.
  expect(data.content).toMatch(/^> <hexoPostRenderCodeBlock><figure class="dgm"><svg[^\n]*<figcaption>Quoted<\/figcaption><\/figure><\/hexoPostRenderCodeBlock>$/m)
  expect(data.content).toMatch(/^ {2}<hexoPostRenderCodeBlock><figure class="dgm"><svg[^\n]*<figcaption>Listed<\/figcaption>/m)
  expect(data.content).toContain('<figcaption>Long close</figcaption></figure></hexoPostRenderCodeBlock>\n\n````md')
  // The example of how to write a fence is left as the author wrote it.
  expect(data.content.endsWith(`${example}\n`)).toBe(true)
  expect(data.content.match(/<figure/g)).toHaveLength(3)
})

test('labels that look like Nunjucks are escaped and stay inside the protected block', () => {
  const { hexo, filters } = fakeHexo()
  register(hexo)
  const data = { content: '```dgm\nx -> *[{{ f }}] -> {% y %}\n```\n' }
  filters[0]!.fn(data)
  // The error figure shows the source highlighted: `{%`, `y` and `%}` are separate tokens.
  expect(data.content).toMatch(/^<hexoPostRenderCodeBlock><figure[^\n]*&#123;&#123; f &#125;&#125;[^\n]*&#123;%<\/span> [^\n]*%&#125;[^\n]*<\/hexoPostRenderCodeBlock>\n$/)
  expect(data.content).not.toMatch(/\{\{|\{%/)
})
