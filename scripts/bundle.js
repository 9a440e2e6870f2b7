// One esbuild call for the scripts that bundle something to ship (the
// playground's page script, the VS Code extension): minified, no license
// comments (the bundles are not published to npm), warnings only.
import { build } from 'esbuild'

/**
 * Bundle `entry` into `outfile`; `options` say where it runs (platform, format, target, …).
 * @param {string} entry
 * @param {string} outfile
 * @param {import('esbuild').BuildOptions} options
 */
export function bundle(entry, outfile, options) {
  return build({ entryPoints: [entry], outfile, bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', ...options })
}
