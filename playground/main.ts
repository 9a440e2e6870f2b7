/**
 * The playground: a dgm editor beside its figure, re-rendered on every
 * change with the same synchronous `render()` the plugins use. Everything
 * runs in the page; the source is shared through the URL's fragment, which
 * browsers never send to a server.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands'
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language'
import { lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint'
import { EditorState, type Text } from '@codemirror/state'
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view'
import { tags } from '@lezer/highlight'
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string'
import { render, type RenderOptions, type RenderResult } from '../src/compile.js'
import { DgmError, type Diagnostic } from '../src/diagnostics.js'
import { dgmLanguage } from './highlight.js'

/** Every gallery figure, put in by scripts/playground.js at build time. */
declare const GALLERY: { group: string; name: string; source: string }[]

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
const figure = $('figure')
const problems = $<HTMLUListElement>('problems')
const status = $('status')
const themeInput = $<HTMLSelectElement>('theme')
const scaleInput = $<HTMLInputElement>('scale')
const backgroundInput = $<HTMLInputElement>('background')

const highlightStyle = HighlightStyle.define([
  { tag: tags.comment, color: 'var(--hl-comment)', fontStyle: 'italic' },
  { tag: [tags.keyword, tags.operator, tags.modifier], color: 'var(--hl-keyword)', fontWeight: 'bold' },
  { tag: tags.string, color: 'var(--hl-string)' },
  { tag: [tags.className, tags.strong], color: 'var(--hl-data)', fontWeight: 'bold' },
  { tag: tags.typeName, color: 'var(--hl-module)' },
  { tag: [tags.function(tags.variableName), tags.labelName], color: 'var(--hl-op)' },
  { tag: tags.escape, color: 'var(--hl-tex)' },
  { tag: tags.definition(tags.variableName), color: 'var(--hl-module)', fontStyle: 'italic' }
])

function options(): RenderOptions {
  const scale = Number(scaleInput.value)
  return {
    theme: themeInput.value as RenderOptions['theme'],
    scale: Number.isFinite(scale) && scale > 0 ? scale : undefined,
    background: backgroundInput.value.trim() || undefined
  }
}

/** A diagnostic's 1-based line and column span → offsets in the document, kept inside it. */
function toLint(doc: Text, d: Diagnostic): LintDiagnostic {
  const offset = (point: Diagnostic['span']['start']) => {
    const line = doc.line(Math.min(Math.max(point.line, 1), doc.lines))
    return Math.min(line.from + point.column - 1, line.to)
  }
  const from = offset(d.span.start)
  const to = Math.max(offset(d.span.end), from)
  return { from, to, severity: d.severity, message: d.message, source: d.ruleId }
}

let last: RenderResult | undefined

function update(view: EditorView): void {
  const source = view.state.doc.toString()
  let diagnostics: readonly Diagnostic[]
  try {
    last = render(source, options())
    diagnostics = last.diagnostics
    figure.innerHTML = last.svg
    figure.classList.remove('stale')
    status.textContent = `${last.width} × ${last.height} px`
  } catch (error) {
    if (error instanceof TypeError) {
      status.textContent = error.message
      return
    }
    if (!(error instanceof DgmError)) throw error
    diagnostics = error.diagnostics
    // Keep the last good figure, faded, while the author is mid-edit.
    figure.classList.add('stale')
    if (!last) figure.textContent = 'The figure appears when the errors under the editor are fixed.'
    const errors = diagnostics.filter((d) => d.severity === 'error').length
    status.textContent = `${errors} error${errors === 1 ? '' : 's'}: showing the last figure that rendered`
  }
  view.dispatch(setDiagnostics(view.state, diagnostics.map((d) => toLint(view.state.doc, d))))
  problems.replaceChildren(
    ...diagnostics.map((d) => {
      const item = document.createElement('li')
      item.className = d.severity
      item.dataset.line = String(d.span.start.line)
      item.textContent = `${d.span.start.line}:${d.span.start.column} ${d.severity} ${d.message} (${d.ruleId})`
      item.addEventListener('click', () => {
        const { from } = toLint(view.state.doc, d)
        view.dispatch({ selection: { anchor: from }, scrollIntoView: true })
        view.focus()
      })
      return item
    })
  )
  share(source)
}

/** The source and the options in the fragment: `#s=…&theme=…`. */
function share(source: string): void {
  const params = new URLSearchParams({ s: compressToEncodedURIComponent(source) })
  const { theme, scale, background } = options()
  if (theme && theme !== 'plain') params.set('theme', theme)
  if (scale !== undefined && scaleInput.value !== scaleInput.defaultValue) params.set('scale', String(scale))
  if (background) params.set('background', background)
  window.history.replaceState(null, '', `#${params}`)
}

function fromFragment(): string | undefined {
  const params = new URLSearchParams(location.hash.slice(1))
  if (params.has('theme')) themeInput.value = params.get('theme')!
  if (params.has('scale')) scaleInput.value = params.get('scale')!
  if (params.has('background')) backgroundInput.value = params.get('background')!
  const packed = params.get('s')
  return packed ? (decompressFromEncodedURIComponent(packed) ?? undefined) : undefined
}

let pending = 0
const view = new EditorView({
  parent: $('editor'),
  state: EditorState.create({
    doc: fromFragment() ?? (GALLERY.find((g) => g.name === 'simple-classification') ?? GALLERY[0])?.source ?? '',
    extensions: [
      lineNumbers(),
      history(),
      highlightActiveLine(),
      keymap.of([...defaultKeymap, ...historyKeymap]),
      dgmLanguage,
      syntaxHighlighting(highlightStyle),
      lintGutter(),
      EditorView.lineWrapping,
      EditorView.updateListener.of((u) => {
        // Render after the update (a listener may not dispatch), at most once per frame.
        if (u.docChanged) pending ||= requestAnimationFrame(() => {
          pending = 0
          update(view)
        })
      })
    ]
  })
})

function load(source: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } })
}

const gallery = $('gallery')
for (const group of new Set(GALLERY.map((g) => g.group))) {
  const heading = document.createElement('h2')
  heading.textContent = group
  const list = document.createElement('div')
  for (const item of GALLERY.filter((g) => g.group === group)) {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = item.name
    button.dataset.figure = item.name
    button.addEventListener('click', () => load(item.source))
    list.append(button)
  }
  gallery.append(heading, list)
}

for (const input of [themeInput, scaleInput, backgroundInput]) input.addEventListener('input', () => update(view))

/** Flips the mode the page shows now: the one chosen here, else the system's. */
$('dark').addEventListener('click', () => {
  const { mode } = document.documentElement.dataset
  const dark = mode ? mode === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches
  document.documentElement.dataset.mode = dark ? 'light' : 'dark'
})

function download(name: string, blob: Blob): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1000)
}

/** The same bytes as `dgm render FILE -o FILE.svg` with the same options. */
$('download-svg').addEventListener('click', () => {
  if (last) download('diagram.svg', new Blob([`${last.svg}\n`], { type: 'image/svg+xml' }))
})

/** Drawn by the browser onto a canvas at twice the SVG's size; `currentColor` is black there. */
$('download-png').addEventListener('click', () => {
  if (!last) return
  const { svg, width, height } = last
  const image = new Image()
  image.onload = () => {
    const canvas = document.createElement('canvas')
    canvas.width = Math.ceil(width * 2)
    canvas.height = Math.ceil(height * 2)
    canvas.getContext('2d')!.drawImage(image, 0, 0, canvas.width, canvas.height)
    canvas.toBlob((blob) => blob && download('diagram.png', blob), 'image/png')
  }
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
})

$('copy-fence').addEventListener('click', async () => {
  const { theme, background } = options()
  const meta = [theme !== 'plain' ? `theme=${theme}` : '', scaleInput.value !== scaleInput.defaultValue ? `scale=${scaleInput.value}` : '', background ? `background="${background}"` : '']
  const info = ['dgm', ...meta.filter(Boolean)].join(' ')
  const fence = `\`\`\`${info}\n${view.state.doc.toString().replace(/\n+$/, '')}\n\`\`\`\n`
  await navigator.clipboard.writeText(fence)
  status.textContent = 'Copied the Markdown fence'
})

update(view)
