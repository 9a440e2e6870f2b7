#!/usr/bin/env node
/**
 * The `dgm` command: parse, check and render diagrams from the shell.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { analyze, render, type RenderOptions, type RenderResult } from './compile.js'
import { codeFrame, DgmError, formatDiagnostic, type Diagnostic } from './diagnostics.js'
import { toDrawio } from './export/drawio.js'
import { toMermaid } from './export/mermaid.js'
import { toPng } from './export/png.js'

const USAGE = `Usage:
  dgm parse FILE.dgm              print the diagram IR as JSON
  dgm check FILE.dgm              print findings as FILE:LINE:COL severity message (rule-id)
  dgm render FILE.dgm [-o OUT.svg] [--theme plain|color] [--background COLOR] [--scale N]
  dgm export FILE.dgm --to mermaid|drawio|png|svg [-o OUT] [--theme …] [--background …] [--scale N]
FILE may be - for standard input; --theme, --background and --scale shape svg and png.
Exit status: 0 ok, 1 errors in the diagram, 2 usage.`

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`)
  process.exit(2)
}

function report(diagnostics: readonly Diagnostic[], source: string, file: string): void {
  for (const d of diagnostics) {
    process.stderr.write(`${formatDiagnostic(d, file)}\n`)
    if (d.severity === 'error') process.stderr.write(`${codeFrame(source, d.span)}\n`)
  }
}

const FORMATS = ['svg', 'mermaid', 'drawio', 'png']

/** The rendered diagram in one of `FORMATS`, as the file's contents. */
function exported(result: RenderResult, format: string): string | Uint8Array {
  if (format === 'mermaid') return toMermaid(result.scene, { title: result.title })
  if (format === 'drawio') return toDrawio(result.scene, { title: result.title })
  if (format === 'png') return toPng(result.svg)
  return `${result.svg}\n`
}

function main(argv: string[]): number {
  const [command, file, ...rest] = argv
  if (command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (!command || !file) fail('Expected a command and a file')
  let source: string
  try {
    source = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (error) {
    process.stderr.write(`dgm: cannot read ${file}: ${(error as Error).message}\n`)
    return 2
  }
  const name = file === '-' ? '<stdin>' : file
  if (command === 'parse') {
    const { diagram, diagnostics } = analyze(source)
    const errors = diagnostics.filter((d) => d.severity === 'error')
    report(errors, source, name)
    process.stdout.write(`${JSON.stringify(diagram, null, 2)}\n`)
    return errors.length ? 1 : 0
  }
  if (command === 'check') {
    const { diagnostics } = analyze(source)
    for (const d of diagnostics) process.stdout.write(`${formatDiagnostic(d, name)}\n`)
    return diagnostics.some((d) => d.severity === 'error') ? 1 : 0
  }
  if (command === 'render' || command === 'export') {
    const options: RenderOptions = {}
    let output: string | undefined
    let format = command === 'render' ? 'svg' : undefined
    for (let i = 0; i < rest.length; i++) {
      const flag = rest[i]
      const value = rest[++i]
      if (value === undefined) fail(`Expected a value after ${flag}`)
      if (flag === '-o' || flag === '--output') output = value
      else if (flag === '--theme') options.theme = value as RenderOptions['theme']
      else if (flag === '--background') options.background = value
      else if (flag === '--scale') options.scale = Number(value)
      else if (flag === '--to' && command === 'export') format = value
      else fail(`Unknown option ${flag}`)
    }
    if (!format || !FORMATS.includes(format)) fail(`Expected --to ${FORMATS.join('|')}, got ${format ?? 'nothing'}`)
    try {
      const result = render(source, options)
      report(result.diagnostics, source, name)
      const out = exported(result, format)
      if (output) writeFileSync(output, out)
      else process.stdout.write(out)
      return 0
    } catch (error) {
      if (error instanceof DgmError) {
        report(error.diagnostics, source, name)
        return 1
      }
      if (error instanceof TypeError) fail(error.message)
      // A missing optional peer (resvg for png) is a setup problem, not a crash: one line naming the package.
      if (format === 'png' && error instanceof Error && error.message.includes('@resvg/resvg-js')) {
        process.stderr.write(`dgm: ${error.message}\n`)
        return 2
      }
      throw error
    }
  }
  fail(`Unknown command ${command}`)
}

process.exitCode = main(process.argv.slice(2))
