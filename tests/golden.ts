/**
 * Golden files: compare with the expected file, or write it when UPDATE=1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { expect } from 'vitest'

export const UPDATE = process.env.UPDATE === '1'

/** Assert `actual` equals the file's text; with UPDATE=1 rewrite the file instead. */
export function golden(path: string, actual: string): void {
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`Missing golden file ${path}: run with UPDATE=1 to create it`)
    writeFileSync(path, actual)
    return
  }
  expect(actual).toBe(readFileSync(path, 'utf8'))
}
