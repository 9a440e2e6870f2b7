// Packages editors/vscode into out/dgm-vscode.vsix: bundles the extension's
// entry with remark-dgm's markdown-it plugin (from dist/: run `npm run build`
// first) so the installed extension needs no npm install, copies the shipped
// grammar beside it, then runs vsce.
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createVSIX } from '@vscode/vsce'
import { bundle } from './bundle.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const extension = join(root, 'editors/vscode')
const require = createRequire(join(root, 'package.json'))

/** `remark-dgm/…` resolved as a user of the package would (through its "exports"), not by path. @type {import('esbuild').Plugin} */
const selfReference = {
  name: 'remark-dgm',
  setup(b) {
    b.onResolve({ filter: /^remark-dgm(\/|$)/ }, (args) => ({ path: require.resolve(args.path) }))
  }
}

/** @param {string} [out] where to write the .vsix */
export async function packageVsix(out = join(root, 'out/dgm-vscode.vsix')) {
  mkdirSync(join(extension, 'out'), { recursive: true })
  await bundle(join(extension, 'src/extension.js'), join(extension, 'out/extension.js'), { platform: 'node', format: 'cjs', target: 'node18', plugins: [selfReference] })
  copyFileSync(join(root, 'syntaxes/dgm.tmLanguage.json'), join(extension, 'out/dgm.tmLanguage.json'))
  mkdirSync(dirname(out), { recursive: true })
  await createVSIX({ cwd: extension, packagePath: out, dependencies: false, allowMissingRepository: true })
  return out
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(await packageVsix(process.argv[2]))
