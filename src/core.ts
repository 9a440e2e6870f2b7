/**
 * `remark-dgm/core`: the renderer without any Markdown host.
 */
export { analyze, render } from './compile.js'
export { MAX_NODES } from './limits.js'
export type { AnalyzeResult, RenderOptions, RenderResult } from './compile.js'
export { DgmError, codeFrame, formatDiagnostic } from './diagnostics.js'
export type { Diagnostic, Point, Span } from './diagnostics.js'
export type { Diagram, DiagramNode, NodeKind, Objective, Phase, Sequence, Wire } from './ir/types.js'
export type { Scene, SceneNode, SceneWire, SceneMark, Box, ShapeKind } from './layout/scene.js'
export type { TextRun } from './text/label.js'
export type { Theme } from './render/svg.js'
export { toMermaid } from './export/mermaid.js'
export type { MermaidOptions } from './export/mermaid.js'
export { toDrawio } from './export/drawio.js'
export type { DrawioOptions } from './export/drawio.js'
export { toPng } from './export/png.js'
export type { PngOptions } from './export/png.js'
