import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'

describe('public API of the built package', () => {
  test('each entry point exports exactly this', async () => {
    expect(Object.keys(await import('remark-dgm')).sort()).toEqual(['default'])
    expect(Object.keys(await import('remark-dgm/rehype')).sort()).toEqual(['default'])
    expect(Object.keys(await import('remark-dgm/core')).sort()).toEqual(['DgmError', 'MAX_NODES', 'analyze', 'codeFrame', 'formatDiagnostic', 'render', 'toDrawio', 'toMermaid', 'toPng'])
    expect(Object.keys(await import('remark-dgm/markdown-it')).sort()).toEqual(['default'])
    expect(Object.keys(await import('remark-dgm/hexo')).sort()).toEqual(['register'])
    expect(Object.keys(await import('remark-dgm/satteri')).sort()).toEqual(['satteriDgm'])
  })
  test('the CommonJS entries export the same', () => {
    const script = "const m = require('remark-dgm/markdown-it'); const h = require('remark-dgm/hexo'); console.log(JSON.stringify([typeof m, Object.keys(m), Object.keys(h)]))"
    const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' }).stdout
    expect(JSON.parse(out)).toEqual(['function', ['default'], ['register']])
  })
  test('typings ship beside each entry point', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
    for (const entry of ['.', './rehype', './core', './markdown-it', './hexo', './satteri']) {
      expect(readFileSync(pkg.exports[entry].types, 'utf8')).toContain('export')
    }
  })
})

const cli = (...args: string[]) => spawnSync(process.execPath, ['dist/cli.js', ...args], { encoding: 'utf8' })

describe('dgm CLI', () => {
  for (const name of readdirSync('fixtures/figures')) {
    test(`parse, check and render ${name}`, () => {
      const file = `fixtures/figures/${name}/input.dgm`
      const parsed = cli('parse', file)
      expect(parsed.status).toBe(0)
      expect(JSON.parse(parsed.stdout)).toEqual(JSON.parse(readFileSync(`fixtures/figures/${name}/ir.json`, 'utf8')))
      const checked = cli('check', file)
      expect([checked.status, checked.stdout]).toEqual([0, ''])
      const out = join(mkdtempSync(join(tmpdir(), 'dgm-')), 'out.svg')
      expect(cli('render', file, '-o', out).status).toBe(0)
      expect(readFileSync(out, 'utf8')).toBe(readFileSync(`fixtures/figures/${name}/output.svg`, 'utf8'))
    })
  }
  test('check prints FILE:LINE:COL severity message (rule-id) and fails on errors', () => {
    const result = cli('check', 'fixtures/diagnostics/many-errors/input.dgm')
    expect(result.status).toBe(1)
    expect(result.stdout.split('\n')[0]).toBe('fixtures/diagnostics/many-errors/input.dgm:3:6 error Expected `]` to close `[`, got end of line (unclosed-bracket)')
  })
  test('check exits 0 on warnings', () => {
    const result = cli('check', 'fixtures/diagnostics/three-element-warnings/input.dgm')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('warning')
  })
  test('render shows a code frame on errors; bad usage exits 2', () => {
    const result = cli('render', 'fixtures/diagnostics/unclosed-bracket/input.dgm')
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('> 2 | x -> *[f -> y')
    expect(result.stderr).toContain('^^^^^^^')
    expect(cli('render').status).toBe(2)
    expect(cli('render', 'fixtures/figures/gan/input.dgm', '--theme', 'neon').status).toBe(2)
  })
  test('reads standard input', () => {
    const result = spawnSync(process.execPath, ['dist/cli.js', 'render', '-'], { input: 'x -> [f] -> y', encoding: 'utf8' })
    expect(result.stdout.startsWith('<svg')).toBe(true)
  })
})
