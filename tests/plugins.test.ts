import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { compileSync } from '@mdx-js/mdx'
import rehypeParse from 'rehype-parse'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, test } from 'vitest'
import { CAPTIONS } from './article.js'
import remarkDgm from '../src/remark.js'
import rehypeDgm from '../src/rehype.js'
import { golden } from './golden.js'

const FLAGSHIP = 'fixtures/markdown/three-elements-diagram'

function toHtml(markdown: string, options?: Parameters<typeof remarkDgm>[0]) {
  const file = new VFile({ value: markdown, path: 'post.md' })
  const html = String(unified().use(remarkParse).use(remarkDgm, options).use(remarkRehype).use(rehypeStringify).processSync(file))
  return { html, file }
}

const count = (html: string, pattern: RegExp) => html.match(pattern)?.length ?? 0

describe('remark', () => {
  test('remark-stringify writes each figure back as its fence, unchanged, errors and metas included', () => {
    const markdown = readFileSync(`${FLAGSHIP}/input.md`, 'utf8')
    const doc = '# Post\n\n```dgm caption=\'A "quoted" one\' scale=2\nx -> *[f] -> y\n```\n\n> ```dgm\n> X ~ x\n> x -> *[f -> y\n> ```\n'
    for (const input of [markdown, doc]) {
      const plain = String(unified().use(remarkParse).use(remarkStringify).processSync(input))
      const file = new VFile(input)
      const tree = unified().use(remarkParse).use(remarkDgm).runSync(unified().use(remarkParse).parse(file), file)
      // The transform ran: the fences are figures now.
      expect(JSON.stringify(tree)).toContain('"type":"dgmFigure"')
      const written = String(unified().use(remarkParse).use(remarkDgm).use(remarkStringify).processSync(input))
      expect(written).toBe(plain)
    }
    expect(String(unified().use(remarkParse).use(remarkDgm).use(remarkStringify).processSync(doc))).toBe(doc)
  })

  test('the flagship article: nine figures, nine svgs, nine captions, no id twice', () => {
    const { html, file } = toHtml(readFileSync(`${FLAGSHIP}/input.md`, 'utf8'))
    expect(count(html, /<figure class="dgm">/g)).toBe(9)
    expect(count(html, /<svg /g)).toBe(9)
    const captions = [...html.matchAll(/<figcaption>(.*?)<\/figcaption>/g)].map((m) => m[1])
    expect(captions).toEqual(CAPTIONS)
    const ids = [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1])
    expect(new Set(ids).size).toBe(ids.length)
    expect(html).not.toContain('language-dgm')
    expect(file.messages).toEqual([])
    golden(`${FLAGSHIP}/output.html`, `${html}\n`)
  })
  test('caption from the fence meta; none without a caption', () => {
    expect(toHtml('```dgm caption="From meta"\nx -> [f] -> y\n```').html).toContain('<figcaption>From meta</figcaption>')
    expect(toHtml('```dgm\nx -> [f] -> y\n```').html).not.toContain('figcaption')
  })
  test('other fences are untouched', () => {
    const { html } = toHtml('```js\nlet a = 1\n```\n\n```dgm\nx -> [f] -> y\n```')
    expect(html).toContain('<pre><code class="language-js">let a = 1\n</code></pre>')
  })
  test('the svg has a title from the caption and a description of the three elements', () => {
    const { html } = toHtml(`\`\`\`dgm\n${readFileSync('fixtures/figures/simple-classification/input.dgm', 'utf8')}\`\`\``)
    expect(html).toContain('role="img"')
    expect(html).toContain('<title>简单分类模型图示</title>')
    expect(html).toContain('<desc>Samples x and y from data set (X, Y). Trains f and minimises loss.</desc>')
  })
  test('a broken fence: a message at its Markdown line and column, and an error figure with the source', () => {
    const markdown = '# Title\n\nSome text.\n\n```dgm\nX ~ x\nx -> *[f -> y\n```\n'
    const { html, file } = toHtml(markdown)
    expect(file.messages).toHaveLength(1)
    const [message] = file.messages
    expect(message!.line).toBe(7)
    expect(message!.column).toBe(7)
    expect(message!.ruleId).toBe('unclosed-bracket')
    expect(message!.source).toBe('remark-dgm')
    expect(message!.fatal).toBe(true)
    expect(html).toContain('<figure class="dgm dgm-error" role="alert">')
    // The source, highlighted: its text with the tags taken out.
    expect(/<pre><code>([^]*?)<\/code><\/pre>/.exec(html)![1]!.replace(/<[^>]*>/g, '')).toBe('X ~ x\nx -> *[f -> y')
    expect(html).toContain('<strong>Diagram error</strong><ul><li>Line 7, column 7: Expected `]` to close `[`, got end of line')
  })
  test('an indented fence shifts columns too, on every line of the block', () => {
    const { file } = toHtml('- item\n\n  ```dgm\n  x -> [f -> y\n  a -> (b\n  ```\n')
    expect(file.messages.map((m) => [m.line, m.column])).toEqual([
      [4, 8],
      [5, 8]
    ])
  })
  test('strict: an error fails the file with a DgmError placed in it', () => {
    expect(() => toHtml('```dgm\nx -> [f\n```', { strict: true })).toThrow(/^post\.md:2:6: Expected `]` to close `\[`/)
  })
  test('three-element findings become warnings', () => {
    const { file } = toHtml('```dgm\nX ~ x\nx -> *[f] -> y\nu -> [g] -> loss\nmin loss\n```')
    expect(file.messages.map((m) => [m.ruleId, m.fatal, m.line])).toEqual([
      ['unused-source', false, 2],
      ['no-gradient', false, 3],
      ['unproduced-variable', false, 4],
      ['untrained-objective', false, 5]
    ])
  })
  test('options: theme, background, class, per-block meta overrides', () => {
    const { html } = toHtml('```dgm theme=color scale=2\nx -> *[f] -> y\n```\n\n```dgm\nx -> [f] -> y\n```', { background: 'white', figureClassName: 'diagram' })
    expect(count(html, /<figure class="diagram">/g)).toBe(2)
    expect(count(html, /fill="white"/g)).toBe(2)
    expect(count(html, /fill-opacity="0.18"/g)).toBe(1)
  })
  test('bad options are TypeErrors naming the option and what it accepts', () => {
    expect(() => remarkDgm({ theme: 'dark' as never })).toThrow(/`theme`: expected one of 'plain', 'color'/)
    expect(() => remarkDgm({ scale: -1 })).toThrow(TypeError)
    expect(() => remarkDgm({ strict: 'yes' as never })).toThrow(/`strict`/)
    expect(() => remarkDgm({ colour: 1 } as never)).toThrow(/Unknown option `colour`/)
    expect(() => remarkDgm({ background: '"><script>' })).toThrow(/`background`/)
  })
  test('a bad fence meta is a message, not a crash', () => {
    const { file, html } = toHtml('```dgm theme=neon size=3\nx -> [f] -> y\n```')
    expect(html).toContain('<svg')
    expect(file.messages.map((m) => m.ruleId)).toEqual(['fence-meta', 'fence-meta'])
  })
})

describe('rehype', () => {
  test('turns <pre><code class="language-dgm"> into the figure, with messages at their HTML place', () => {
    const input = '<p>Before</p>\n<pre><code class="language-dgm">caption: Hi\nx -> *[f] -> y\n</code></pre>\n<pre><code class="language-dgm">x -> [f\n</code></pre>'
    const file = new VFile({ value: input, path: 'page.html' })
    const html = String(unified().use(rehypeParse, { fragment: true }).use(rehypeDgm).use(rehypeStringify).processSync(file))
    expect(html).toContain('<figure class="dgm"><svg')
    expect(html).toContain('<figcaption>Hi</figcaption>')
    expect(html).toContain('dgm-error')
    expect(file.messages[0]!.line).toBe(5)
    expect(file.messages[0]!.column).toBe(38)
  })
  test('after remark-rehype, keeping the fence meta', () => {
    const html = String(unified().use(remarkParse).use(remarkRehype).use(rehypeDgm).use(rehypeStringify).processSync('```dgm caption="Meta"\nx -> [f] -> y\n```'))
    expect(html).toContain('<figcaption>Meta</figcaption>')
  })
})

describe('MDX', () => {
  test('dgm fences compile with @mdx-js/mdx into JSX with the svg', () => {
    const mdx = `# Post\n\n<Note>hi</Note>\n\n\`\`\`dgm caption="In MDX"\n${readFileSync('fixtures/figures/gan/input.dgm', 'utf8').replace(/^caption:.*\n/, '')}\`\`\`\n`
    const code = String(compileSync(mdx, { remarkPlugins: [remarkDgm] }))
    expect(code).toContain('_components.figure')
    expect(code).toContain('_components.svg')
    expect(code).toContain('"In MDX"')
    expect(code).toMatch(/strokeWidth|"stroke-width"/)
  })
})

describe('markdown-it', () => {
  test('the flagship: nine figures; other fences untouched; line attributes kept', async () => {
    const { default: MarkdownIt } = await import('markdown-it')
    const { default: markdownItDgm } = await import('../src/markdown-it.js')
    const md = new MarkdownIt().use(markdownItDgm)
    // What VS Code's preview does for scroll sync: a data-line attribute and a code-line class on block tokens.
    md.core.ruler.push('source-lines', (state) => {
      for (const token of state.tokens) {
        if (token.map && token.nesting >= 0) {
          token.attrSet('data-line', String(token.map[0]))
          token.attrJoin('class', 'code-line')
        }
      }
    })
    const html = md.render(`${readFileSync(`${FLAGSHIP}/input.md`, 'utf8')}\n\`\`\`js\nlet a\n\`\`\`\n`)
    expect(count(html, /<figure class="code-line dgm" data-line="\d+">/g)).toBe(9)
    expect(count(html, /<svg /g)).toBe(9)
    expect([...html.matchAll(/<figcaption>(.*?)<\/figcaption>/g)].map((m) => m[1])).toEqual(CAPTIONS)
    expect(html).toMatch(/<pre><code [^>]*class="code-line language-js"/)
  })
  test('strict: the error names its Markdown line', async () => {
    const { default: MarkdownIt } = await import('markdown-it')
    const { default: markdownItDgm } = await import('../src/markdown-it.js')
    const md = new MarkdownIt().use(markdownItDgm, { strict: true })
    expect(() => md.render('# T\n\n```dgm\nX ~ x\nx -> [f\n```\n')).toThrow(/^5:6: Expected `]`[^]*> 5 \| x -> \[f/)
  })
  test('require() gives the plugin function itself', () => {
    const out = execFileSync(process.execPath, ['-e', "const p = require('remark-dgm/markdown-it'); const h = require('remark-dgm/hexo'); console.log(typeof p, typeof p.default, typeof h.register)"], { encoding: 'utf8' })
    expect(out.trim()).toBe('function function function')
  })
})
