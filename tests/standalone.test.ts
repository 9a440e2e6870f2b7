/**
 * The repository stands on its own: a user's clone has nothing beside it, so
 * no test, script, benchmark or example may read outside the repository.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'

test('no tracked file refers to a folder beside the repository', () => {
  const files = execFileSync('git', ['ls-files', '--', 'src', 'tests', 'scripts', 'bench', 'examples', '.ci', 'package.json'], { encoding: 'utf8' })
    .split('\n')
    .filter((f) => /\.(ts|js|mjs|cjs|json|sh)$|^\.ci\//.test(f) && f !== 'tests/standalone.test.ts')
  expect(files.length).toBeGreaterThan(20)
  const outside = files.filter((f) => /\.\.\/shared\b|\.\.\/\.\.\/shared\b/.test(readFileSync(f, 'utf8')))
  expect(outside).toEqual([])
})
