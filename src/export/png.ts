/**
 * SVG → PNG without a browser, through resvg (`@resvg/resvg-js`: Rust, its
 * prebuilt binary ships in the npm package). Synchronous like the rest.
 */

/** Options of `toPng`. */
export interface PngOptions {
  /**
   * Font files to use besides the system's fonts. The SVG asks for Helvetica,
   * Arial or Liberation Sans (the font its labels were measured with), which
   * resvg finds among the system fonts (Debian: `fonts-liberation2`).
   * @default []
   */
  fontFiles?: string[]
}

interface Resvg {
  render(): { asPng(): Uint8Array }
}
type ResvgConstructor = new (svg: string, options: object) => Resvg

let resvg: ResvgConstructor | undefined

/**
 * Loaded on first use: `@resvg/resvg-js` is an optional peer dependency, and
 * `remark-dgm/core` must stay importable in browsers, so no static import of
 * it or of `node:module`.
 */
function loadResvg(): ResvgConstructor {
  if (resvg) return resvg
  const nodeModule = globalThis.process?.getBuiltinModule?.('node:module')
  if (!nodeModule) throw new Error('toPng needs Node.js ≥ 20.16 (process.getBuiltinModule)')
  try {
    resvg = (nodeModule.createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: ResvgConstructor }).Resvg
  } catch {
    throw new Error('toPng needs the package @resvg/resvg-js: npm install @resvg/resvg-js')
  }
  return resvg
}

/**
 * Rasterise an SVG from `render()` at its own width and height (so `scale`
 * in `render` sets the PNG's size). `currentColor` is drawn black.
 */
export function toPng(svg: string, options: PngOptions = {}): Uint8Array {
  const Resvg = loadResvg()
  const font = { loadSystemFonts: true, fontFiles: options.fontFiles ?? [], defaultFontFamily: 'Liberation Sans', sansSerifFamily: 'Liberation Sans' }
  return new Resvg(svg, { font, fitTo: { mode: 'original' } }).render().asPng()
}
