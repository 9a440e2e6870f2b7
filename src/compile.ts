/**
 * Runs the stages: text → parse → build (IR) → check → layout → SVG.
 * Every function here is synchronous (markdown-it and editor previews cannot
 * await) and only `DgmError` ever leaves it.
 */
import { check } from './check/check.js'
import { DgmError, type Diagnostic } from './diagnostics.js'
import { build } from './ir/build.js'
import { describe } from './ir/describe.js'
import type { Element } from 'hast'
import type { Diagram } from './ir/types.js'
import { layout } from './layout/layout.js'
import { validateRenderOptions } from './options.js'
import type { Scene } from './layout/scene.js'
import { parse } from './parse/parse.js'
import { serialise, toSvgTree, type Theme } from './render/svg.js'
import { unsafeCharacters } from './text/label.js'

/** Drawn 1.25× the layout's px: the size of the article's hand-drawn figures on a page. */
const DEFAULT_SCALE = 1.25


export interface AnalyzeResult {
  /** The IR; present even when there are errors (built from the lines that parsed). */
  diagram: Diagram
  /** Parse errors, IR errors, then the three-element findings; sorted by place. */
  diagnostics: Diagnostic[]
}

/** Options of `render`. */
export interface RenderOptions {
  /**
   * `plain` draws the article's black-and-white notation; `color` also tints
   * trainable modules, frozen modules and analytic ops.
   * @default 'plain'
   */
  theme?: Theme
  /** A CSS colour behind the figure. @default undefined (transparent) */
  background?: string
  /** Multiplies the SVG's width and height (the drawing keeps its viewBox). @default 1.25 */
  scale?: number
  /** Used as the title when the block has no `caption:` line. @default undefined */
  caption?: string
}

export interface RenderResult {
  /** The `<svg>` element as text, serialised from `tree`. */
  svg: string
  /** The `<svg>` element as a hast tree, for unified pipelines (no parsing back). */
  tree: Element
  width: number
  height: number
  /** The caption, if any: the SVG's `<title>`. */
  title: string | undefined
  /** The SVG's `<desc>`: what is sampled, trained and optimised. */
  description: string
  /** Warnings of the three-element analysis (errors throw instead). */
  diagnostics: Diagnostic[]
  diagram: Diagram
  scene: Scene
}

function byPlace(a: Diagnostic, b: Diagnostic): number {
  return a.span.start.line - b.span.start.line || a.span.start.column - b.span.start.column
}

/** Parse, build and check a diagram. Never throws for any input. */
export function analyze(source: string): AnalyzeResult {
  try {
    const parsed = parse(String(source))
    const built = build(parsed.ast)
    const errors = [...parsed.diagnostics, ...built.diagnostics]
    const diagram = built.diagram
    if (diagram.nodes.length === 0 && !errors.some((d) => d.severity === 'error')) {
      errors.push({ severity: 'error', ruleId: 'empty', message: 'Expected at least one node, got an empty diagram', span: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } })
    }
    // A refused diagram stops here: the checks would do the work its budget refused.
    const findings = built.refused ? [] : check(diagram)
    return { diagram, diagnostics: [...errors, ...findings].sort(byPlace) }
  } catch (error) {
    // A bug must not crash the host build: report it as a diagnostic.
    return {
      diagram: { nodes: [], wires: [], objectives: [], phases: [] },
      diagnostics: [{ severity: 'error', ruleId: 'internal', message: `Internal error: ${String(error)}`, span: { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } } }]
    }
  }
}

/** What `render` gives back but the SVG text: what a unified pipeline, which takes the tree, needs. */
export type Drawing = Omit<RenderResult, 'svg'>

/**
 * Render a `dgm` diagram to SVG, synchronously.
 * @throws {DgmError} when the diagram has errors; it carries all of them.
 */
export function render(source: string, options: RenderOptions = {}): RenderResult {
  return drawn(source, options, (drawing) => ({ svg: serialise(drawing.tree), ...drawing }))
}

/**
 * `render` without the SVG text: the adapters serialise the tree only where
 * they need text (an image or a file); inline, the host serialises the tree.
 * @throws {DgmError} when the diagram has errors; it carries all of them.
 */
export function draw(source: string, options: RenderOptions = {}): Drawing {
  return drawn(source, options, (drawing) => drawing)
}

/** Lays out and draws; `finish` runs inside the same guard, so that only a `DgmError` leaves. */
function drawn<T>(source: string, options: RenderOptions, finish: (drawing: Drawing) => T): T {
  validateRenderOptions(options)
  const { diagram, diagnostics } = analyze(source)
  if (diagnostics.some((d) => d.severity === 'error')) throw new DgmError(diagnostics, String(source))
  try {
    const scene = layout(diagram)
    const title = diagram.caption ?? (options.caption === undefined ? undefined : unsafeCharacters(options.caption).text)
    const description = describe(diagram)
    const scale = options.scale ?? DEFAULT_SCALE
    const tree = toSvgTree(scene, { title, description, theme: options.theme, background: options.background, scale })
    return finish({ tree, width: Math.round(scene.width * scale * 10) / 10, height: Math.round(scene.height * scale * 10) / 10, title, description, diagnostics, diagram, scene })
  } catch (error) {
    // A budget the layout checks (`MAX_LAYOUT_CELLS`) is the author's error, with its place.
    if (error instanceof DgmError) throw new DgmError(error.diagnostics, String(source))
    const span = { start: { line: 1, column: 1 }, end: { line: 1, column: 2 } }
    throw new DgmError([{ severity: 'error', ruleId: 'internal', message: `Internal error: ${String(error)}`, span }], String(source))
  }
}
