/**
 * One contract, every host: the figure replaces the whole code block (no
 * `<pre>` around it, no `<code>` in it), the error figure is recognisable
 * without CSS, and every finding lands at its real place in the Markdown
 * file, in every adapter, on every document shape.
 */
import { unified as astroUnified } from '@astrojs/markdown-remark'
import { compileSync, evaluate } from '@mdx-js/mdx'
import rehypeShiki from '@shikijs/rehype'
import type { Element } from 'hast'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHtml } from 'hast-util-to-html'
import { toString } from 'hast-util-to-string'
import MarkdownIt from 'markdown-it'
import { createElement } from 'react'
import * as runtime from 'react/jsx-runtime'
import { renderToStaticMarkup } from 'react-dom/server'
import rehypeParse from 'rehype-parse'
import rehypeStringify from 'rehype-stringify'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { markdownToHtml } from 'satteri'
import { unified } from 'unified'
import { visitParents } from 'unist-util-visit-parents'
import { VFile } from 'vfile'
import { describe, expect, test, vi } from 'vitest'
import { render } from '../src/compile.js'
import { DgmError } from '../src/diagnostics.js'
import markdownItDgm from '../src/markdown-it.js'
import { register } from '../src/hexo.js'
import rehypeDgm from '../src/rehype.js'
import remarkDgm from '../src/remark.js'
import { satteriDgm } from '../src/satteri.js'
import type { Options } from '../src/options.js'
import { fakeHexo, hexoPage, post } from './fake-hexo.js'
import { expectDrawing, expectErrorFigure, figuresOf } from './figure-html.js'

/** A good block and a broken one; the fault `[` sits on line 11, column 7 of the file. */
const DOC = '# Post\n\nSome text.\n\n```dgm caption="Good"\nx -> *[f] -> y\n```\n\n```dgm\nX ~ x\nx -> *[f -> y\n```\n'
const BROKEN_SOURCE = 'X ~ x\nx -> *[f -> y'
const AT = /^Line 11, column 7: Expected `]` to close `\[`/

const remarkHtml = (doc: string, options?: Options) =>
  String(unified().use(remarkParse).use(remarkFrontmatter).use(remarkDgm, options).use(remarkRehype).use(rehypeStringify).processSync(new VFile({ value: doc, path: 'post.md' })))
const rehypeHtml = (doc: string, options?: Options) =>
  String(unified().use(remarkParse).use(remarkFrontmatter).use(remarkRehype).use(rehypeDgm, options).use(rehypeStringify).processSync(new VFile({ value: doc, path: 'post.md' })))
const markdownItHtml = (doc: string, options?: Options) => new MarkdownIt().use(markdownItDgm, options).render(doc)
const hexoHtml = (doc: string, options?: Options) => {
  const { hexo, filters } = fakeHexo(options ? { dgm: options } : {})
  register(hexo)
  const data = post(doc)
  filters[0]!.fn(data)
  return hexoPage(data.content, (markdown) => new MarkdownIt({ html: true }).render(markdown))
}
const satteriHtml = (doc: string, options?: Options) => markdownToHtml(doc, { mdastPlugins: [satteriDgm(options)] }).html

/** Every host, rendering a Markdown file to HTML. */
const HOSTS = { remark: remarkHtml, rehype: rehypeHtml, 'markdown-it': markdownItHtml, hexo: hexoHtml, satteri: satteriHtml }

describe('the figure replaces the whole code block', () => {

  test.each(Object.entries(HOSTS))('%s: figure not in <pre>, no <code> in the drawing; error figure with placed messages and its source', (_name, toHtml) => {
    const figures = figuresOf(toHtml(DOC))
    expect(figures).toHaveLength(2)
    expectDrawing(figures[0]!)
    expectErrorFigure(figures[1]!, BROKEN_SOURCE, AT)
  })

  test('Sätteri with smart punctuation leaves quotes and braces in labels as written', () => {
    const doc = '```dgm caption="It\'s {a}"\nx -> *[f] -> y\'\n```\n'
    const html = markdownToHtml(doc, { mdastPlugins: [satteriDgm()], features: { smartPunctuation: true } }).html
    expect(html).toContain('>y&#39;</text>')
    expect(html).toContain('<figcaption>It&#39;s &#123;a&#125;</figcaption>')
  })

  test('rehype over HTML: the figure replaces the <pre>, messages at their HTML place', () => {
    const input = '<p>Before</p>\n<pre><code class="language-dgm">caption: Hi\nx -> *[f] -> y\n</code></pre>\n<pre><code class="language-dgm">x -> [f\n</code></pre>'
    const html = String(unified().use(rehypeParse, { fragment: true }).use(rehypeDgm).use(rehypeStringify).processSync(input))
    const figures = figuresOf(html)
    expectDrawing(figures[0]!)
    expectErrorFigure(figures[1]!, 'x -> [f', /^Line 5, column 38: /)
  })

  test('MDX compile: no pre component around the figure', () => {
    const code = String(compileSync(DOC, { remarkPlugins: [remarkDgm] }))
    expect(code).toContain('_components.figure')
    expect(code).not.toMatch(/_components\.pre[^]*?_components\.svg/)
  })

  test('MDX evaluate: the page has the figure in place of the code block', async () => {
    const { default: Content } = await evaluate(DOC, { ...runtime, remarkPlugins: [remarkDgm] })
    const figures = figuresOf(renderToStaticMarkup(createElement(Content)))
    expect(figures).toHaveLength(2)
    expect(figures.map((f) => f.parent)).toEqual(['root', 'root'])
    expectErrorFigure(figures[1]!, BROKEN_SOURCE, AT)
  })

  test('Shiki (@shikijs/rehype) after us highlights the other code and leaves the figures alone', async () => {
    const doc = `${DOC}\n\`\`\`js\nlet a = 1\n\`\`\`\n`
    const pipeline = (highlight: boolean) => {
      const processor = unified().use(remarkParse).use(remarkDgm).use(remarkRehype)
      return (highlight ? processor.use(rehypeShiki, { theme: 'github-light' }) : processor).use(rehypeStringify).process(doc)
    }
    const [plain, highlighted] = (await Promise.all([pipeline(false), pipeline(true)])).map(String)
    expect(highlighted).toContain('class="shiki')
    const figures = figuresOf(highlighted!)
    expect(figures.map((f) => toHtml(f.element))).toEqual(figuresOf(plain!).map((f) => toHtml(f.element)))
  })

  test.each(['shiki', 'prism'] as const)('Astro with @astrojs/markdown-remark and its %s highlighter', async (syntaxHighlight) => {
    const renderer = await astroUnified({ remarkPlugins: [remarkDgm] }).createRenderer({ syntaxHighlight })
    const { code } = await renderer.render(`${DOC}\n\`\`\`js\nlet a = 1\n\`\`\`\n`)
    expect(code).toMatch(syntaxHighlight === 'shiki' ? /class="astro-code/ : /class="language-js"/)
    const figures = figuresOf(code)
    expect(figures).toHaveLength(2)
    expectDrawing(figures[0]!)
    expectErrorFigure(figures[1]!, BROKEN_SOURCE, AT)
  })

  test('the flagship fixture: nine drawings, none in a <pre>', () => {
    const figures = figuresOf(readFileSync('fixtures/markdown/three-elements-diagram/output.html', 'utf8'))
    expect(figures).toHaveLength(9)
    figures.forEach(expectDrawing)
  })
})

describe('the error figure shows the source highlighted by the shipped grammar', () => {
  /** The source's spans: [text, class] for each highlighted piece of the error figure's code. */
  const spansOf = (html: string) => {
    const code = figuresOf(html).find((f) => f.className.includes('dgm-error'))!.element
    const pieces: [string, string][] = []
    visitParents(code, 'element', (node: Element) => {
      if (node.tagName === 'span') pieces.push([toString(node), String((node.properties.className as string[])[0])])
    })
    return pieces
  }

  test.each(Object.entries(HOSTS))('%s: keywords, data, modules and stars in their spans; the text is the source', (_name, toHtml) => {
    const pieces = spansOf(toHtml(DOC))
    expect(pieces).toEqual([
      ['X ', 'dgm-source'],
      ['~', 'dgm-operator'],
      ['x', 'dgm-variable'],
      ['x', 'dgm-variable'],
      ['->', 'dgm-operator'],
      ['*', 'dgm-trainable'],
      ['[', 'dgm-punctuation'],
      ['f -> y', 'dgm-module']
    ])
  })

  test('a real unified pipeline and markdown-it: untrusted text stays text, colours read without site CSS, every character kept', () => {
    const source = 'caption: <script>alert(1)</script> & "q"\nphase (a): train *[g <b>]; min "l & m"  # </code></pre><i>\nN(0, 1) ~ \\epsilon -> (× \\sigma) -> x[:-1]\r\nx -> [f'
    const doc = `\`\`\`\`dgm\n${source}\n\`\`\`\`\n`
    for (const html of [remarkHtml(doc), markdownItHtml(doc)]) {
      expect(html).not.toMatch(/<(script|b|i)>/)
      const figure = figuresOf(html).find((f) => f.className.includes('dgm-error'))!
      const code = figure.element.children.find((c): c is Element => c.type === 'element' && c.tagName === 'pre')!.children[0] as Element
      expect(toString(code).replace(/\r?\n/g, '\n')).toBe(source.replace(/\r\n/g, '\n'))
      const styled = new Map<string, string>()
      visitParents(code, 'element', (node: Element) => {
        if (node.tagName === 'span' && node.properties.style) styled.set(String((node.properties.className as string[])[0]), String(node.properties.style))
      })
      // Inline colours: the keyword, data, module, op, string and comment kinds all get one.
      for (const kind of ['keyword', 'source', 'module', 'op', 'string', 'comment', 'trainable']) expect(styled.get(`dgm-${kind}`), kind).toMatch(/color:#[\da-f]{6}/)
    }
  })
})

/**
 * The 13 document shapes: each holds one broken block whose only `[` is the
 * fault, so the expected place is read from the document itself.
 */
const SHAPES: Record<string, string> = {
  'top level': '# T\n\n```dgm\nx -> [f\n```\n',
  'indented fence': 'Text\n\n   ```dgm\n   x -> [f\n   ```\n',
  'fence in a list': '- item\n\n  ```dgm\n  x -> [f\n  ```\n',
  'nested list': '- a\n  - b\n\n    ```dgm\n    x -> [f\n    ```\n',
  blockquote: '> quote\n>\n> ```dgm\n> x -> [f\n> ```\n',
  'blockquote in a list': '1. item\n\n   > ```dgm\n   > x -> [f\n   > ```\n',
  'tabs (a tab split by the list indentation)': '- item\n\n\t```dgm\n\tx -> [f\n\t```\n',
  'content indented less than its fence': '   ```dgm\n x -> [f\n   ```\n',
  CRLF: '# T\r\n\r\n```dgm\r\ny -> [g] -> z\r\nx -> [f\r\n```\r\n',
  'front matter': '---\ntitle: T\n---\n\n```dgm\nx -> [f\n```\n',
  '~~~ fence': 'Text\n\n~~~dgm\nx -> [f\n~~~\n',
  'longer backtick fence closed by a longer run': '````dgm\nx -> [f\n`````\n',
  'fence right after a paragraph': 'One\ntwo\n```dgm\ny\nx -> [f\n```\n'
}

/** Where the first `[` of a document is, as a 1-based line and column (CRLF is one line break). */
function fault(doc: string): { line: number; column: number } {
  const before = doc.slice(0, doc.lastIndexOf('['))
  const lines = before.split(/\r\n|\r|\n/)
  return { line: lines.length, column: lines.at(-1)!.length + 1 }
}

/** Run a host in strict mode; return the error it throws. */
function strictError(host: keyof typeof HOSTS, doc: string): unknown {
  try {
    HOSTS[host](doc, { strict: true })
  } catch (error) {
    return error
  }
  return undefined
}

describe('positions: every adapter, every document shape', () => {
  const cases = Object.entries(SHAPES).flatMap(([shape, doc]) => Object.keys(HOSTS).map((host) => ({ shape, host: host as keyof typeof HOSTS, doc })))
  test.each(cases)('$host · $shape', ({ host, doc }) => {
    const error = strictError(host, doc)
    expect(error).toBeInstanceOf(DgmError)
    const { diagnostics, frame, source } = error as DgmError
    const want = fault(doc)
    expect(diagnostics[0]!.span.start).toEqual(want)
    // The code frame is the Markdown file's, pointing at the fault.
    expect(source.replace(/\r\n/g, '\n')).toBe(doc.replace(/\r\n/g, '\n'))
    const hostLine = doc.split(/\r\n|\n/)[want.line - 1]!
    expect(frame).toContain(`> ${want.line} | ${hostLine}`)
    expect(frame.split('\n').find((l) => l.includes('^'))!.indexOf('^') - frame.split('\n').find((l) => l.startsWith('>'))!.indexOf('|') - 2).toBe(want.column - 1)
  })
})

describe('fence-meta problems are reported in every host, at their place on the fence line', () => {
  const doc = '# T\n\n  ```dgm caption="Hi" size=3 scale=1e308\n  x -> [f] -> y\n  ```\n'
  test('remark and rehype: vfile messages', () => {
    for (const pipeline of [remarkDgm, null]) {
      const file = new VFile({ value: doc, path: 'post.md' })
      const processor = pipeline ? unified().use(remarkParse).use(remarkDgm).use(remarkRehype) : unified().use(remarkParse).use(remarkRehype).use(rehypeDgm)
      processor.use(rehypeStringify).processSync(file)
      expect(file.messages.filter((m) => m.ruleId === 'fence-meta').map((m) => [m.line, m.column, m.fatal])).toEqual([
        [3, 23, false],
        [3, 30, false]
      ])
    }
  })
  test('markdown-it: on the console, as the build log (only fence-meta: errors show in the figure)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    markdownItHtml(doc)
    expect(warn.mock.calls.map((c) => String(c[0]))).toEqual([
      'remark-dgm: 3:23 warning Unknown fence meta `size`: expected one of `caption`, `theme`, `background`, `scale`, `output` (fence-meta)',
      'remark-dgm: 3:30 warning Invalid fence meta: Invalid option `scale`: expected a number from 0.1 to 10, got 1e+308 (fence-meta)'
    ])
    warn.mockRestore()
  })
  test('Hexo: in its log', () => {
    const { hexo, filters, logged } = fakeHexo()
    register(hexo)
    filters[0]!.fn(post(doc))
    expect(logged.map((l) => l.split(' warning ')[0])).toEqual(['warn remark-dgm: _posts/t.md:3:23', 'warn remark-dgm: _posts/t.md:3:30'])
  })
  test('Sätteri: through its diagnostics', () => {
    const reported: string[] = []
    const plugin = satteriDgm()
    plugin.code({ lang: 'dgm', meta: 'caption="Hi" size=3 scale=1e308', value: 'x -> [f] -> y', position: { start: { line: 3, column: 3 } } }, { source: doc, report: (d) => reported.push(`${d.severity} ${d.message}`) })
    expect(reported.map((r) => r.slice(0, 20))).toEqual(['warning 3:23 warning', 'warning 3:30 warning'])
    // And through the real Sätteri: the figure is drawn all the same.
    expect(satteriHtml(doc)).toContain('<figcaption>Hi</figcaption>')
  })
})

describe('output strategies', () => {
  const GOOD = '```dgm caption="Good"\nx -> *[f] -> y\n```\n'
  const svgOf = (options: Parameters<typeof render>[1] = {}) => render('x -> *[f] -> y', { caption: 'Good', scale: 1.25, ...options })
  const imgs = (html: string) => [...html.matchAll(/<img ([^>]*)>/g)].map((m) => Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((a) => [a[1], a[2]])))
  const decode = (src: string) => decodeURIComponent(src.replace(/^data:image\/svg\+xml,/, '').replaceAll('&#x26;', '&').replaceAll('&amp;', '&'))

  test.each(Object.entries(HOSTS))('%s: `img` is an <img> whose data URI is the SVG on white, with alt and size', (_name, toHtml) => {
    const html = toHtml(GOOD, { output: 'img' })
    expect(html).not.toContain('<svg')
    const [img] = imgs(html)
    const expected = svgOf({ background: 'white' })
    expect(img!.src).toMatch(/^data:image\/svg\+xml,%3Csvg/)
    expect(decode(img!.src!)).toBe(expected.svg)
    expect(img!.alt).toBe(expected.description.replaceAll('"', '&#x22;'))
    expect([img!.width, img!.height]).toEqual([/ width="([^"]+)"/.exec(expected.svg)![1], / height="([^"]+)"/.exec(expected.svg)![1]])
    expect(html).toContain('<figcaption>Good</figcaption>')
  })

  test('a block sets its own output in the fence meta; a bad one is a placed warning', () => {
    const html = remarkHtml('```dgm output=img\nx -> [f] -> y\n```\n\n```dgm\nx -> [f] -> y\n```\n')
    expect(imgs(html)).toHaveLength(1)
    expect(html.match(/<svg /g)).toHaveLength(1)
    const file = new VFile({ value: '```dgm output=png\nx -> [f] -> y\n```\n', path: 'post.md' })
    unified().use(remarkParse).use(remarkDgm).use(remarkRehype).use(rehypeStringify).processSync(file)
    expect(file.messages.map((m) => [m.line, m.column, m.reason])).toEqual([[1, 8, "Invalid fence meta: Invalid option `output`: expected one of 'inline', 'img', 'file', got \"png\""]])
  })

  test('`file` in unified: the SVG on vfile data under a content-hashed name, the <img> pointing at it; the same drawing is one file', () => {
    const file = new VFile({ value: `${GOOD}\n${GOOD}\n\`\`\`dgm\na -> [g] -> b\n\`\`\`\n`, path: 'post.md' })
    const html = String(unified().use(remarkParse).use(remarkDgm, { output: 'file', fileBase: '/assets/dgm/' }).use(remarkRehype).use(rehypeStringify).processSync(file))
    const files = file.data.dgmFiles!
    expect(files).toHaveLength(2)
    for (const f of files) expect(f.path).toMatch(/^\/assets\/dgm\/[\da-f]{16}\.svg$/)
    expect(imgs(html).map((i) => i.src)).toEqual([files[0]!.path, files[0]!.path, files[1]!.path])
    expect(files[0]!.contents).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${svgOf({ background: 'white' }).svg}\n`)
    // Deterministic: another run names the same drawing alike.
    const again = new VFile({ value: GOOD, path: 'other.md' })
    unified().use(remarkParse).use(remarkDgm, { output: 'file', fileBase: '/assets/dgm/' }).use(remarkRehype).use(rehypeStringify).processSync(again)
    expect(again.data.dgmFiles).toEqual([files[0]])
  })

  test('`file` in markdown-it goes to env.dgmFiles; Hexo sets a route under its root; Sätteri, with no output folder, gets `img`', () => {
    const env: { dgmFiles?: { path: string; contents: string }[] } = {}
    const html = new MarkdownIt().use(markdownItDgm, { output: 'file' }).render(GOOD, env)
    expect(imgs(html)[0]!.src).toBe(env.dgmFiles![0]!.path)
    const { hexo, filters, generators } = fakeHexo({ root: '/blog/', dgm: { output: 'file' } })
    register(hexo)
    const data = post(GOOD)
    filters[0]!.fn(data)
    const name = env.dgmFiles![0]!.path.replace('/dgm/', '')
    expect(generators.get('dgm')!()).toEqual([{ path: `dgm/${name}`, data: env.dgmFiles![0]!.contents }])
    expect(data.content).toContain(`src="/blog/dgm/${name}"`)
    expect(imgs(satteriHtml(GOOD, { output: 'file' }))[0]!.src).toMatch(/^data:image\/svg\+xml,/)
  })

  test('`fileDir`: every host writes each file there, once, under its hashed name; Sätteri too, so `file` is kept', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dgm-filedir-')), 'public', 'dgm')
    const doc = `${GOOD}\n${GOOD}\n\`\`\`dgm output=file\na -> [g] -> b\n\`\`\`\n`
    const pages = [remarkHtml(doc, { output: 'file', fileDir: dir }), markdownItHtml(doc, { output: 'file', fileDir: dir }), satteriHtml(doc, { fileDir: dir })]
    const names = readdirSync(dir).sort()
    expect(names).toHaveLength(2)
    for (const name of names) expect(readFileSync(join(dir, name), 'utf8')).toMatch(/^<\?xml [^>]*>\n<svg [^>]*>[^]*<\/svg>\n$/)
    // remark and markdown-it: all three blocks as files; Sätteri: the block that asks for `file`.
    expect(pages.map((html) => imgs(html).map((i) => i.src!.replace('/dgm/', '')).filter((src) => names.includes(src)).length)).toEqual([3, 3, 1])
    expect(readFileSync(join(dir, imgs(pages[0]!)[0]!.src!.replace('/dgm/', '')), 'utf8')).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${svgOf({ background: 'white' }).svg}\n`)
  })

  test('output options are checked', () => {
    expect(() => remarkDgm({ output: 'png' as never })).toThrow("Invalid option `output`: expected one of 'inline', 'img', 'file', got \"png\"")
    expect(() => remarkDgm({ fileBase: 'javascript:alert(1)//' })).toThrow('Invalid option `fileBase`')
    expect(() => remarkDgm({ fileBase: '/dgm' })).toThrow('Invalid option `fileBase`')
    expect(() => remarkDgm({ fileDir: '' })).toThrow('Invalid option `fileDir`')
  })
})
