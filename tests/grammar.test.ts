/**
 * The shipped TextMate grammar, run by Shiki (the highlighter of Astro,
 * VitePress and Docusaurus plugins): the scope of every construct of the
 * README's syntax, and no text left unscoped in any README example or figure.
 * The shipped file is src/highlight/grammar.ts written out, and the package's
 * own tokenizer (error figure, playground) scopes every character as Shiki does.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { ensureSyntaxTree } from '@codemirror/language'
import { EditorState } from '@codemirror/state'
import { highlightTree } from '@lezer/highlight'
import { createHighlighter, type BundledLanguage, type Highlighter } from 'shiki'
import { beforeAll, describe, expect, test } from 'vitest'
import { dgmLanguage, tagOf } from '../playground/highlight.js'
import { grammar as rules, keywordScope, KEYWORDS } from '../src/highlight/grammar.js'
import { tokenizeLine } from '../src/highlight/tokenize.js'
import { golden } from './golden.js'

const require = createRequire(import.meta.url)
const grammar = JSON.parse(readFileSync(require.resolve('remark-dgm/dgm.tmLanguage.json'), 'utf8'))
let shiki: Highlighter
/** Our grammar's name; Shiki's types only know its bundled languages. */
const DGM = 'dgm' as BundledLanguage

beforeAll(async () => {
  shiki = await createHighlighter({ themes: ['github-light'], langs: [grammar] })
})

/** Each piece of text of `code` with the innermost dgm scope it got ('' for none). */
function scopes(code: string): [string, string][] {
  return shiki
    .codeToTokensBase(code, { lang: DGM, theme: 'github-light', includeExplanation: true })
    .flat()
    .flatMap((token) => token.explanation!.map((e): [string, string] => [e.content, e.scopes.at(-1)!.scopeName === 'source.dgm' ? '' : e.scopes.at(-1)!.scopeName]))
    .filter(([text]) => text.trim() !== '')
}

const CONSTRUCTS: [construct: string, line: string, expected: [string, string][]][] = [
  ['data set, sampling, joint sample, sequence', '(X, Y) ~ x, y[:]', [['(X, Y)', 'entity.name.class.source.dgm'], ['~', 'keyword.operator.sample.dgm'], ['x', 'variable.other.dgm'], [',', 'punctuation.separator.comma.dgm'], ['y', 'variable.other.dgm'], ['[:]', 'keyword.operator.slice.dgm']]],
  ['prior with a TeX command', 'N(0, 1) ~ \\epsilon', [['N(0, 1)', 'entity.name.class.source.dgm'], ['~', 'keyword.operator.sample.dgm'], ['\\epsilon', 'constant.character.tex.dgm']]],
  ['chain, module, op, slices', 'x[:-1] -> [f] → (ce)', [['x', 'variable.other.dgm'], ['[:-1]', 'keyword.operator.slice.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['[', 'punctuation.definition.module.begin.dgm'], ['f', 'entity.name.function.module.dgm'], [']', 'punctuation.definition.module.end.dgm'], ['→', 'keyword.operator.arrow.dgm'], ['(', 'punctuation.definition.op.begin.dgm'], ['ce', 'support.function.op.dgm'], [')', 'punctuation.definition.op.end.dgm']]],
  ['trainable module and variable', "*z' -> *[g]", [['*', 'storage.modifier.trainable.dgm'], ["z'", 'variable.other.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['*', 'storage.modifier.trainable.dgm'], ['[', 'punctuation.definition.module.begin.dgm'], ['g', 'entity.name.function.module.dgm'], [']', 'punctuation.definition.module.end.dgm']]],
  ['given datum', '**x** -> (LPIPS)', [['**', 'punctuation.definition.bold.begin.dgm'], ['x', 'markup.bold.given.dgm'], ['**', 'punctuation.definition.bold.end.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['(', 'punctuation.definition.op.begin.dgm'], ['LPIPS', 'support.function.op.dgm'], [')', 'punctuation.definition.op.end.dgm']]],
  ['inline op with a TeX note', '(× \\sigma)', [['(', 'punctuation.definition.op.begin.dgm'], ['×', 'support.function.op.dgm'], ['\\sigma', 'constant.character.tex.dgm'], [')', 'punctuation.definition.op.end.dgm']]],
  ['named node', 'ln1 = *[LN]', [['ln1', 'entity.name.variable.binding.dgm'], ['=', 'keyword.operator.assignment.dgm'], ['*', 'storage.modifier.trainable.dgm'], ['[', 'punctuation.definition.module.begin.dgm'], ['LN', 'entity.name.function.module.dgm'], [']', 'punctuation.definition.module.end.dgm']]],
  ['objectives and strings', 'min "posterior loss", loss', [['min', 'keyword.control.objective.dgm'], ['"', 'punctuation.definition.string.begin.dgm'], ['posterior loss', 'string.quoted.double.dgm'], ['"', 'punctuation.definition.string.end.dgm'], [',', 'punctuation.separator.comma.dgm'], ['loss', 'variable.other.dgm']]],
  ['phase', 'phase (b): train g; max loss', [['phase', 'keyword.control.phase.dgm'], ['(b)', 'entity.name.section.phase.dgm'], [':', 'punctuation.separator.key-value.dgm'], ['train', 'keyword.control.train.dgm'], ['g', 'variable.other.dgm'], [';', 'punctuation.separator.semicolon.dgm'], ['max', 'keyword.control.objective.dgm'], ['loss', 'variable.other.dgm']]],
  ['schedule lines', 'alternate: critic x5, generator', [['alternate', 'keyword.control.schedule.dgm'], [':', 'punctuation.separator.key-value.dgm'], ['critic', 'entity.name.section.phase.dgm'], ['x5', 'keyword.operator.count.dgm'], [',', 'punctuation.separator.comma.dgm'], ['generator', 'entity.name.section.phase.dgm']]],
  ['nested and periodic schedules', 'every C steps: eval', [['every', 'keyword.control.schedule.dgm'], ['C steps', 'entity.name.section.period.dgm'], [':', 'punctuation.separator.key-value.dgm'], ['eval', 'entity.name.section.phase.dgm']]],
  ['caption, # included', 'caption: A tiny model  # part of it', [['caption', 'keyword.other.caption.dgm'], [':', 'punctuation.separator.key-value.dgm'], ['A tiny model  # part of it', 'string.unquoted.caption.dgm']]],
  ['comment', 'x -> y  # a comment', [['x', 'variable.other.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['y', 'variable.other.dgm'], ['# a comment', 'comment.line.number-sign.dgm']]],
  ['a word named min is a variable in a chain', 'x -> min', [['x', 'variable.other.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['min', 'variable.other.dgm']]],
  ['the tilde operator and full-width punctuation an input method types', 'N(0, 1) ∼ z，w', [['N(0, 1)', 'entity.name.class.source.dgm'], ['∼', 'keyword.operator.sample.dgm'], ['z', 'variable.other.dgm'], ['，', 'punctuation.separator.comma.dgm'], ['w', 'variable.other.dgm']]],
  ['a script star is part of its name, a leading star marks training', '*v_* -> y^{*}', [['*', 'storage.modifier.trainable.dgm'], ['v_*', 'variable.other.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['y^{*}', 'variable.other.dgm']]],
  ['an unclosed bracket ends with its line', 'x -> [f\ny', [['x', 'variable.other.dgm'], ['->', 'keyword.operator.arrow.dgm'], ['[', 'punctuation.definition.module.begin.dgm'], ['f', 'entity.name.function.module.dgm'], ['y', 'variable.other.dgm']]]
]

test('the shipped grammar is src/highlight/grammar.ts written out (UPDATE=1 rewrites it)', () => {
  golden('syntaxes/dgm.tmLanguage.json', `${JSON.stringify(rules, null, 2)}\n`)
})

test('every keyword of the keyword lists is highlighted as a keyword where its list says it stands', () => {
  const lines: Record<keyof typeof KEYWORDS, (word: string) => string> = {
    schedule: (w) => `${w}: a x5, b`,
    scheduleInside: (w) => `${w} (a): b, c`,
    schedulePeriod: (w) => `${w} 10 steps: eval`,
    frame: (w) => `${w} x3:`,
    weights: (w) => `${w} h`,
    stop: (w) => `${w} x`,
    from: (w) => `bank f ${w} t`,
    objective: (w) => `${w} loss`,
    train: (w) => `phase a: ${w} g`,
    environment: (w) => (w === 'store' ? `${w} s in D` : `${w} Env: a -> s, r`),
    derivative: (w) => `${w} [D] at x`,
    between: (w) => `grad [D] ${w} x`,
    subset: (w) => `min L ${w} m`
  }
  for (const [key, words] of Object.entries(KEYWORDS) as [keyof typeof KEYWORDS, readonly string[]][]) {
    for (const word of words) expect(scopes(lines[key](word)), word).toContainEqual([word, keywordScope(key)])
  }
})

test('long hostile lines: every character kept, in time linear in the line (the bound only catches a hang)', () => {
  const units = [' ', 'a ', 'a', 'a -> ', '[', '(', '[(', '**', '"', ':', ';', '=', 'a, ', '- ', '\\a', 'x[:]', '~ ', '# ', 'min ', ':min ', 'a,a', '\t', '→', '*', 'x_{', 'x_{a}']
  const prefixes = ['', 'repeat', 'phase', 'update', 'caption', 'a', 'stop', 'a,', 'every', 'inside', 'alternate:', 'environment', 'store', 'grad', 'tap', 'density', 'min a']
  for (const prefix of prefixes) {
    for (const unit of units) {
      const line = prefix + unit.repeat(Math.ceil(20_000 / unit.length))
      expect(tokenizeLine(line).map((t) => t.text).join('')).toBe(line)
    }
  }
}, 120_000)

describe('TextMate grammar in Shiki', () => {
  for (const [construct, line, expected] of CONSTRUCTS) {
    test(construct, () => {
      expect(scopes(line).map(([text, scope]) => [text.trim(), scope])).toEqual(expected)
    })
  }

  const examples = [
    ...[...readFileSync('README.md', 'utf8').matchAll(/^```dgm\n([\s\S]*?)^```$/gm)].map((m) => m[1]!),
    ...readdirSync('fixtures/figures').map((name) => readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8'))
  ]
  test(`every character of the ${examples.length} README examples and figures gets a scope`, () => {
    expect(examples.length).toBeGreaterThan(15)
    for (const example of examples) expect(scopes(example).filter(([, scope]) => scope === '')).toEqual([])
  })

  test('the playground highlights every character of them and of the constructs above as Shiki does', () => {
    for (const example of [...examples, ...CONSTRUCTS.map(([, line]) => line)]) {
      const state = EditorState.create({ doc: example, extensions: [dgmLanguage] })
      const playground: (string | null)[] = Array.from({ length: example.length }, () => null)
      highlightTree(ensureSyntaxTree(state, example.length, 5000)!, { style: (tags) => tags.map(String).join(' ') }, (from, to, tag) => {
        for (let i = from; i < to; i++) playground[i] = tag
      })
      // Shiki's innermost scope of each character, as the playground's tag name (`variableName.function` is printed `function(variableName)`).
      const expected: (string | null)[] = []
      for (const token of shiki.codeToTokensBase(example, { lang: DGM, theme: 'github-light', includeExplanation: true }).flatMap((line) => [...line, null])) {
        if (!token) {
          expected.push(null)
          continue
        }
        for (const piece of token.explanation!) {
          const tag = tagOf(piece.scopes.at(-1)!.scopeName)?.replace(/^(\w+)\.(\w+)$/, '$2($1)') ?? null
          for (let i = 0; i < piece.content.length; i++) expected.push(/\s/.test(piece.content[i]!) ? null : tag)
        }
      }
      expect(playground.map((tag, i) => (/\s/.test(example[i]!) ? null : tag))).toEqual(expected.slice(0, example.length))
    }
  })

  test('Shiki renders a highlighted dgm block as HTML', () => {
    const html = shiki.codeToHtml('x -> *[f] -> y', { lang: DGM, theme: 'github-light' })
    expect(html).toMatch(/^<pre class="shiki github-light"/)
    expect(html.match(/<span style="color:#[0-9A-F]{6}">/g)!.length).toBeGreaterThan(3)
  })
})
