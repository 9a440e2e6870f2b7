// Renders 1,000 diagrams in this one process and prints its peak RSS in MB.
import { readdirSync, readFileSync } from 'node:fs'
import { render } from '../dist/core.js'
import { synthetic } from './synthetic.js'

const sources = [
  ...readdirSync('fixtures/figures').map((n) => readFileSync(`fixtures/figures/${n}/input.dgm`, 'utf8')),
  synthetic(30, 7),
  synthetic(100, 7)
]
let bytes = 0
for (let i = 0; i < 1000; i++) bytes += render(sources[i % sources.length]).svg.length
process.stdout.write(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1024, bytes }))
