// Author text reaches the SVG only as characters XML can hold, and without
// bidi controls that could reorder the text around a label (issue 12, item 5).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { parseXml } from './safety.js'
import { UNSAFE_CHARACTERS } from './shapes.js'

const BIDI = /[\u202A-\u202E\u2066-\u2069]/
const hex = (c: string) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`

/** Every place author text goes, with `{}` where the character is put. */
const PLACES: [string, string][] = [
  ['a caption', 'caption: a{}b\nX ~ x\nx -> *[f] -> loss\nmin loss'],
  ['a data set', '"D{}" ~ x\nx -> *[f] -> loss\nmin loss'],
  ['a module label', 'X ~ x\nx -> *[f{}] -> loss\nmin loss'],
  ['a quoted label', 'X ~ x\nx -> *[f] -> "l{}ss"\nmin "l{}ss"'],
  ['a variable', 'X ~ x{}\nx{} -> *[f] -> loss\nmin loss'],
  ['a phase label', 'X ~ x\nx -> *[f] -> loss\nphase (a{}): min loss'],
  ['a comment', 'X ~ x # {}\nx -> *[f] -> loss\nmin loss']
]

describe('C0 controls and U+FFFE/U+FFFF in labels make the SVG invalid XML', () => {
  test.each(PLACES)('each unsafe character in %s is drawn as U+FFFD with a warning at its place', (_, template) => {
    for (const c of UNSAFE_CHARACTERS) {
      const source = template.replaceAll('{}', c)
      const { svg, title, description, diagnostics } = render(source)
      expect(() => parseXml(svg), hex(c)).not.toThrow()
      expect(`${svg}${title}${description}`).not.toMatch(BIDI)
      const warnings = diagnostics.filter((d) => d.ruleId === 'unsafe-character')
      const lines = source.split('\n')
      const expected = lines.flatMap((line, i) => (line.includes(c) ? [`${i + 1}:${line.indexOf(c) + 1}`] : []))
      expect(warnings.map((d) => `${d.span.start.line}:${d.span.start.column}`), hex(c)).toEqual(expected)
      expect(warnings[0]!.severity).toBe('warning')
      expect(warnings[0]!.message).toContain(hex(c))
    }
  })

  test('a line of a million control characters is one warning', () => {
    const { diagnostics } = analyze(`x -> y # ${'\u0001'.repeat(1_000_000)}`)
    expect(diagnostics.map((d) => `${d.ruleId} ${d.span.start.column}`)).toEqual(['unsafe-character 10'])
    expect(diagnostics[0]!.message).toContain('and 999999 more on this line')
  })
})

describe('bidi controls (RLO etc.) cannot reorder text around them', () => {
  test('an override in a label does not reach the title or the description', () => {
    const { svg, title, description, diagnostics } = render('caption: evil \u202Egnp.exe\nX ~ x\nx -> *[f\u202E] -> loss\nmin loss')
    expect(`${svg}${title}${description}`).not.toMatch(BIDI)
    expect(title).toBe('evil \uFFFDgnp.exe')
    expect(description).toBe('Samples x from data set X. Trains f\uFFFD and minimises loss.')
    expect(diagnostics[0]!.message).toBe('Expected printable text, got U+202E RIGHT-TO-LEFT OVERRIDE, a bidi control that could reorder the text around it: drawn as `\uFFFD`')
  })

  test('right-to-left letters need no control and are kept', () => {
    const { svg, diagnostics } = render('"נתונים" ~ x\nx -> *[f] -> "خسارة"\nmin "خسارة"')
    expect(diagnostics).toEqual([])
    expect(svg).toContain('נתונים')
    expect(svg).toContain('خسارة')
  })

  test('RenderOptions.caption is made safe the same way', () => {
    const { svg, title } = render('x -> y', { caption: 'a\u0001b\u202Ec\uFFFF' })
    expect(title).toBe('a\uFFFDb\uFFFDc\uFFFD')
    expect(() => parseXml(svg)).not.toThrow()
  })
})

describe('every SVG the CLI writes parses as XML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dgm-xml-'))
  beforeAll(() => {
    execFileSync('npm', ['run', 'build'], { stdio: 'ignore' })
  }, 120_000)

  const inputs = [
    ...readdirSync('fixtures/figures').map((name) => readFileSync(`fixtures/figures/${name}/input.dgm`, 'utf8')),
    ...PLACES.map(([, template]) => template.replaceAll('{}', UNSAFE_CHARACTERS.join('')))
  ]
  test.each(inputs.map((source, i) => [i, source]))('input %i', (i, source) => {
    const input = join(dir, `${i}.dgm`)
    const output = join(dir, `${i}.svg`)
    writeFileSync(input, source)
    execFileSync(process.execPath, ['dist/cli.js', 'render', input, '-o', output], { stdio: 'ignore' })
    const svg = readFileSync(output, 'utf8')
    expect(svg).toMatch(/^<svg/)
    expect(() => parseXml(svg)).not.toThrow()
  })
})
