/**
 * The article's nine figures as their author published them: captions, the
 * byte size of each hand-drawn draw.io original (raw and gzipped) and its crossings, kept in
 * fixtures/article/originals.json (source named there).
 */
import { readFileSync } from 'node:fs'

export interface Original {
  name: string
  caption: string
  drawioBytes: number
  drawioGzipBytes: number
  crossings: number
}

export const ORIGINALS: Original[] = JSON.parse(readFileSync('fixtures/article/originals.json', 'utf8')).figures

/** What every host must show under our figures, in the post's order. */
export const CAPTIONS: string[] = ORIGINALS.map((o) => o.caption)
