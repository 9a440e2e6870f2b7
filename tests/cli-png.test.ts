/**
 * `dgm export --to png` where `@resvg/resvg-js` (an optional peer) is not
 * installed: the built CLI copied next to every dependency but resvg.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'

test('without @resvg/resvg-js, png export is one line naming the package and exit code 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dgm-nopng-'))
  cpSync('dist', join(dir, 'dist'), { recursive: true })
  mkdirSync(join(dir, 'node_modules'))
  for (const entry of readdirSync('node_modules')) {
    if (entry !== '@resvg' && entry !== '.bin') symlinkSync(resolve('node_modules', entry), join(dir, 'node_modules', entry))
  }
  const out = spawnSync(process.execPath, [join(dir, 'dist/cli.js'), 'export', resolve('fixtures/figures/simple-classification/input.dgm'), '--to', 'png'], {
    cwd: dir,
    encoding: 'utf8'
  })
  expect(out.status).toBe(2)
  expect(out.stderr).toBe('dgm: toPng needs the package @resvg/resvg-js: npm install @resvg/resvg-js\n')
  expect(out.stdout).toBe('')
})
