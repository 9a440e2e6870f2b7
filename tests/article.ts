/**
 * The captions of the article's nine figures, read from the original Hexo
 * post in ../shared/seeds: what every host must show under our figures.
 */
import { readFileSync } from 'node:fs'

const seed = readFileSync('../shared/seeds/three-elements-diagram.md', 'utf8')

export const CAPTIONS: string[] = [...seed.matchAll(/<figcaption>\s*([\s\S]*?)\s*<\/figcaption>/g)].map((m) => m[1]!)
