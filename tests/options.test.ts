/**
 * Options are checked once, alike in `render`, in the plugins and in a
 * fence's meta (issue 12, items 2 and 4). Each test is named after a finding.
 */
import MarkdownIt from 'markdown-it'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { VFile } from 'vfile'
import { describe, expect, test } from 'vitest'
import { render } from '../src/compile.js'
import markdownItDgm from '../src/markdown-it.js'
import { register } from '../src/hexo.js'
import { MAX_META_CHARS } from '../src/limits.js'
import { parseMeta, validateOptions } from '../src/options.js'
import rehypeDgm from '../src/rehype.js'
import remarkDgm from '../src/remark.js'
import { satteriDgm } from '../src/satteri.js'
import { fakeHexo } from './fake-hexo.js'

const SOURCE = 'x -> *[f] -> y'

/** Every entry point that takes options, called with `options`. */
const ENTRIES: Record<string, (options: unknown) => unknown> = {
  render: (options) => render(SOURCE, options as never),
  remark: (options) => remarkDgm(options as never),
  rehype: (options) => rehypeDgm(options as never),
  'markdown-it': (options) => new MarkdownIt().use(markdownItDgm, options as never),
  hexo: (options) => register(fakeHexo().hexo, options as never),
  satteri: (options) => satteriDgm(options as never)
}
const each = Object.entries(ENTRIES)

/** Render one fence through remark; the figure's HTML and the messages. */
function remarkFence(meta: string) {
  const file = new VFile({ value: `\`\`\`dgm ${meta}\n${SOURCE}\n\`\`\`\n`, path: 'post.md' })
  const html = String(unified().use(remarkParse).use(remarkDgm).use(remarkRehype).use(rehypeStringify).processSync(file))
  return { html, messages: file.messages.map((m) => `${m.line}:${m.column} ${m.reason}`) }
}

describe('numbers are bounded', () => {
  test.each(each)('%s: scale=1e308 is refused', (_name, call) => {
    expect(() => call({ scale: 1e308 })).toThrow(/`scale`: expected a number from 0\.1 to 10/)
  })
  test.each(each)('%s: scale=1e-320 is refused', (_name, call) => {
    expect(() => call({ scale: 1e-320 })).toThrow(TypeError)
  })
  test.each(each)('%s: scale NaN is refused; 0.1 and 10 are accepted', (_name, call) => {
    expect(() => call({ scale: Number.NaN })).toThrow(TypeError)
    expect(() => call({ scale: 0.1 })).not.toThrow()
    expect(() => call({ scale: 10 })).not.toThrow()
  })
  test('fence meta scale=1e308 is refused: a message, and no width="Infinity" in the page', () => {
    const { html, messages } = remarkFence('scale=1e308')
    expect(html).not.toContain('Infinity')
    expect(html).toMatch(/<svg [^>]*width="\d+(\.\d+)?"/)
    expect(messages).toEqual(['1:8 Invalid fence meta: Invalid option `scale`: expected a number from 0.1 to 10, got 1e+308'])
  })
  test('fence meta scale=1e-320 is refused: no width="0"', () => {
    const { html, messages } = remarkFence('scale=1e-320')
    expect(html).not.toMatch(/width="0"/)
    expect(messages).toHaveLength(1)
  })
})

describe('background is only a CSS colour', () => {
  const refused = ['url(#x)', 'url(javascript:alert(1))', 'expression(alert(1))', 'var(--x)', 'white\n', 'red\nfill', 'red;fill:url(#x)', '"><script>', 'rgb(0 0 0', 'rgb(0, 0 0)', 'notacolour', '#ggg', '']
  test.each(refused)('background %j is refused', (background) => {
    for (const [name, call] of each) expect(() => call({ background }), name).toThrow(/`background`/)
  })
  test('background url() is refused in the fence meta too', () => {
    const { html, messages } = remarkFence('background="url(#x)"')
    expect(html).not.toContain('url(')
    expect(messages[0]).toMatch(/^1:8 Invalid fence meta: Invalid option `background`/)
  })
  const accepted = ['white', 'RebeccaPurple', '#fff', '#ffffff80', 'rgb(0, 0, 0)', 'rgba(0, 0, 0, 0.5)', 'rgb(0 0 0)', 'rgb(0 0 0 / 50%)', 'hsl(120deg 100% 50%)', 'hsla(120, 100%, 50%, .3)', 'hsl(120 100% 50% / 0.2)', 'transparent', 'currentColor']
  test.each(accepted)('%s is accepted', (background) => {
    for (const [name, call] of each) expect(() => call({ background }), name).not.toThrow()
    expect(render(SOURCE, { background }).svg).toContain(`fill="${background}"`)
  })
  test('rgb(0 0 0 / 50%) is accepted', () => {
    expect(render(SOURCE, { background: 'rgb(0 0 0 / 50%)' }).svg).toContain('<rect width="100%" height="100%" fill="rgb(0 0 0 / 50%)"/>')
  })
})

describe('the same checks everywhere', () => {
  test('render rejects unknown keys', () => {
    expect(() => render(SOURCE, { colour: 'red' } as never)).toThrow(/Unknown option `colour`: expected one of `theme`, `background`, `scale`, `caption`/)
  })
  test.each(each)('%s rejects unknown keys', (_name, call) => {
    expect(() => call({ colour: 'red' })).toThrow(/Unknown option `colour`/)
  })
  test('render(src, null) throws a TypeError naming options', () => {
    expect(() => render(SOURCE, null as never)).toThrow(new TypeError('Invalid options: expected an object, got null'))
  })
  test.each(each)('%s: numbers, strings and arrays as options are TypeErrors naming options', (_name, call) => {
    expect(() => call(5)).toThrow(new TypeError('Invalid options: expected an object, got number'))
    expect(() => call('dark')).toThrow(new TypeError('Invalid options: expected an object, got string'))
    expect(() => call([])).toThrow(new TypeError('Invalid options: expected an object, got an array'))
  })
  test('the plugins take null as no options, as unified does', () => {
    expect(validateOptions(null)).toEqual({ figureClassName: 'dgm', strict: false })
    expect(() => remarkDgm(null)).not.toThrow()
  })
  test('caption: 1 is a TypeError', () => {
    expect(() => render(SOURCE, { caption: 1 } as never)).toThrow(new TypeError('Invalid option `caption`: expected a string, got number'))
  })
})

describe('fence meta', () => {
  test('pairs: bare, double-quoted with escapes, single-quoted; flags other tools read are skipped', () => {
    expect(parseMeta(`caption="A \\"quoted\\" title" theme='color' scale=2 {1,3} showLineNumbers`)).toEqual({
      caption: 'A "quoted" title',
      overrides: { theme: 'color', scale: 2 },
      problems: []
    })
  })
  test('problems name the key and where it starts in the meta', () => {
    expect(parseMeta('caption=x size=3 theme=neon').problems).toEqual([
      { message: 'Unknown fence meta `size`: expected one of `caption`, `theme`, `background`, `scale`', offset: 10 },
      { message: "Invalid fence meta: Invalid option `theme`: expected one of 'plain', 'color', got \"neon\"", offset: 17 }
    ])
  })
  test('100k-character meta parses in linear time', () => {
    // Each of these made the old pattern backtrack quadratically (19 s for 100k characters).
    for (const meta of ['a'.repeat(100_000), 'a='.repeat(50_000), `caption="${'\\'.repeat(100_000)}`, ' '.repeat(100_000) + 'a']) {
      const started = performance.now()
      expect(parseMeta(meta).problems).toEqual([{ message: `Expected a fence meta of at most ${MAX_META_CHARS} characters, got ${meta.length}: move the caption into the block (\`caption: …\`)`, offset: 0 }])
      // A hang bound, not a timing: the old pattern took seconds.
      expect(performance.now() - started).toBeLessThan(1000)
    }
  })
  test('meta at the length limit is read in one pass: work grows with its length, not its square', () => {
    // Count the scanner's reads of the meta, one character at a time.
    const reads = (meta: string) => {
      let count = 0
      const counting = new Proxy({}, { get: (_target, key) => (key === 'length' ? meta.length : (count++, meta[Number(key)])) })
      parseMeta(counting as unknown as string)
      return count
    }
    for (const unit of ['a', 'a=', 'a="', ' ', 'a=\\']) {
      const small = reads(unit.repeat(Math.floor(MAX_META_CHARS / 10 / unit.length)))
      const large = reads(unit.repeat(Math.floor(MAX_META_CHARS / unit.length)))
      // Ten times the meta, about ten times the reads (quadratic would be a hundred).
      expect(large / small, unit).toBeLessThan(15)
    }
  })
})
