/**
 * The VS Code extension: the .vsix builds and holds everything it needs; its
 * entry, loaded the way VS Code loads it (`require` the main, `activate()`,
 * `extendMarkdownIt(md)` on a real markdown-it), draws a dgm fence; and its
 * injection grammar highlights dgm fences inside Markdown.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createHighlighter } from 'shiki'
import { beforeAll, expect, test } from 'vitest'
import yauzl from 'yauzl'
import { packageVsix } from '../scripts/vsix.js'

const dir = mkdtempSync(join(tmpdir(), 'dgm-vsix-'))
const files = new Map<string, Buffer>()

/** Every entry of the zip, read with yauzl. */
function unzip(path: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>()
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error)
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(err)
          const chunks: Buffer[] = []
          stream.on('data', (c: Buffer) => chunks.push(c))
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks))
            zip.readEntry()
          })
        })
      })
      zip.on('end', () => resolve(entries))
      zip.readEntry()
    })
  })
}

beforeAll(async () => {
  const vsix = await packageVsix(join(dir, 'dgm.vsix'))
  for (const [name, body] of await unzip(vsix)) files.set(name, body)
}, 120_000)

test('the .vsix holds the manifest, the bundled entry and both grammars, and no node_modules', () => {
  expect([...files.keys()].sort()).toEqual([
    '[Content_Types].xml',
    'extension.vsixmanifest',
    'extension/LICENSE.txt',
    'extension/language-configuration.json',
    'extension/out/dgm.tmLanguage.json',
    'extension/out/extension.js',
    'extension/package.json',
    'extension/readme.md',
    'extension/syntaxes/dgm-markdown.tmLanguage.json'
  ])
  const manifest = JSON.parse(files.get('extension/package.json')!.toString())
  expect(manifest.contributes['markdown.markdownItPlugins']).toBe(true)
  expect(manifest.contributes.languages[0].id).toBe('dgm')
  for (const grammar of manifest.contributes.grammars) expect(files.has(`extension/${grammar.path.slice(2)}`)).toBe(true)
  expect(files.get('extension/out/dgm.tmLanguage.json')!.toString()).toBe(readFileSync('syntaxes/dgm.tmLanguage.json', 'utf8'))
})

test('the extension, unpacked outside the repository, renders a dgm fence in a real markdown-it', () => {
  for (const [name, body] of files) {
    mkdirSync(join(dir, 'unpacked', dirname(name)), { recursive: true })
    writeFileSync(join(dir, 'unpacked', name), body)
  }
  // Run where no node_modules can be found, as VS Code loads it: only markdown-it comes from this repository.
  const script = `
    const md = require(${JSON.stringify(require.resolve('markdown-it'))})()
    const main = require(${JSON.stringify(join(dir, 'unpacked/extension/out/extension.js'))})
    const api = main.activate({ subscriptions: [] })
    api.extendMarkdownIt(md)
    process.stdout.write(md.render('# Title\\n\\n\`\`\`dgm caption="A model"\\nx -> *[f] -> y\\n\`\`\`\\n\\n\`\`\`dgm\\nx -> [f\\n\`\`\`\\n'))`
  const result = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH } })
  expect(result.stderr).toBe('')
  expect(result.stdout).toContain('<h1>Title</h1>')
  expect(result.stdout).toMatch(/<figure class="dgm"[^>]*><svg [^>]*role="img"/)
  expect(result.stdout).toContain('<figcaption>A model</figcaption>')
  expect(result.stdout).toContain('role="alert"')
  expect(result.stdout).toContain('Expected `]` to close `[`')
  // The error figure's source is highlighted by the bundled copy of the package's rules (the CommonJS build).
  expect(result.stdout).toMatch(/<pre><code><span class="dgm-variable">x<\/span> <span class="dgm-operator" style="color:#[\da-f]{6}">-&gt;<\/span>/)
})

test('dgm fences in Markdown get the dgm scopes through the injection grammar', async () => {
  const dgm = JSON.parse(files.get('extension/out/dgm.tmLanguage.json')!.toString())
  const injection = JSON.parse(files.get('extension/syntaxes/dgm-markdown.tmLanguage.json')!.toString())
  const shiki = await createHighlighter({
    themes: ['github-light'],
    langs: ['markdown', dgm, { ...injection, name: 'markdown-dgm', injectTo: ['text.html.markdown'] }]
  })
  const lines = shiki.codeToTokensBase('Text\n\n```dgm\nx -> *[f]\n```\n', { lang: 'markdown', theme: 'github-light', includeExplanation: true })
  const scopes = lines.flat().flatMap((t) => t.explanation!.map((e) => [e.content, e.scopes.map((s) => s.scopeName).join(' ')]))
  expect(scopes.find(([text]) => text === '->')![1]).toContain('meta.embedded.block.dgm keyword.operator.arrow.dgm')
  expect(scopes.find(([text]) => text === '*')![1]).toContain('storage.modifier.trainable.dgm')
  expect(scopes.find(([text]) => text === 'dgm')![1]).toContain('fenced_code.block.language.markdown')
})
