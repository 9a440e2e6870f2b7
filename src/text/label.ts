/**
 * Label text as written (`x_0`, `\mu`, `y'_{1..n}`) → runs of display text
 * with real sub- and superscripts. A tiny subset of TeX on purpose: what
 * authors of the article's figures type, and nothing that needs a math engine.
 */

/** A piece of a label drawn in one style. */
export interface TextRun {
  text: string
  /** Lowered and smaller (`x_0`) or raised and smaller (`x^2`). */
  shift?: 'sub' | 'sup'
  bold?: boolean
}

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', vartheta: 'ϑ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π',
  rho: 'ρ', sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ',
  Omega: 'Ω', cdot: '·', times: '×', nabla: '∇', partial: '∂', ell: 'ℓ', infty: '∞', pm: '±',
  odot: '⊙', oplus: '⊕', otimes: '⊗', circ: '∘', sum: 'Σ', prod: 'Π',
  emptyset: '∅', varnothing: '∅', dots: '…', ldots: '…', cdots: '⋯', to: '→', rightarrow: '→', leftarrow: '←',
  gets: '←', mapsto: '↦', in: '∈', sim: '∼', approx: '≈', propto: '∝', leq: '≤', le: '≤', geq: '≥', ge: '≥',
  neq: '≠', ne: '≠', top: '⊤', perp: '⊥', lVert: '‖', rVert: '‖', Vert: '‖', langle: '⟨', rangle: '⟩',
  forall: '∀', exists: '∃', mid: '|', lvert: '|', rvert: '|', star: '⋆', ast: '∗', dagger: '†', prime: '′',
  sqrt: '√', log: 'log', ln: 'ln', exp: 'exp', max: 'max', min: 'min', arg: 'arg', KL: 'KL'
}

/** Accents an author puts on a symbol: `\hat{y}`, `\tilde x`, `\bar\mu`, as Unicode combining marks. */
const ACCENTS: Record<string, string> = { hat: '\u0302', widehat: '\u0302', tilde: '\u0303', widetilde: '\u0303', bar: '\u0304', overline: '\u0305', vec: '\u20D7', dot: '\u0307', ddot: '\u0308' }

/** Fonts that change only the look of letters: `\mathbb{R}` → ℝ; the rest keep their letters. */
const DOUBLE_STRUCK: Record<string, string> = { R: 'ℝ', N: 'ℕ', Z: 'ℤ', E: '𝔼', P: 'ℙ', Q: 'ℚ', C: 'ℂ' }

const CALLIGRAPHIC: Record<string, string> = {
  N: '𝒩', U: '𝒰', L: 'ℒ', D: '𝒟', X: '𝒳', Y: '𝒴', Z: '𝒵', B: 'ℬ', G: '𝒢'
}

/**
 * A source written as a distribution is a prior: a name with its parameters,
 * `N(0, 1)`, `𝒩(0, I)`, `Bern(p)`, `Cat(\pi)`, or with its support, `U{1..T}`.
 * A data set is a bare name or a tuple, `X`, `(X, Y)`.
 */
export const PRIOR_PATTERN = /^(?:[A-Za-z]+|𝒩|𝒰|\\mathcal\s*\{?[A-Z]\}?)\s*[({]/

/** Commands that take one argument, which TeX lets an author write unbraced: `\hat y`, `\mathbb R`. */
const ARGUMENT_COMMANDS = [...Object.keys(ACCENTS), 'mathbb', 'mathcal', 'cal'].join('|')

/** Operator names that read with the symbol after them: `\log p` is one quantity, log p. */
const OPERATOR_COMMANDS = 'log|exp|ln'

/** A word that ends in a command whose argument is the next word (`\hat` in `\hat y`, `\log` in `\log p`). */
export const TRAILING_ARGUMENT_COMMAND = new RegExp(`\\\\(?:${ARGUMENT_COMMANDS}|${OPERATOR_COMMANDS})$`)

const OPERATOR_SPACE = new RegExp(`\\\\(${OPERATOR_COMMANDS})\\s+`, 'g')

const UNBRACED_ARGUMENT = new RegExp(`\\\\(${ARGUMENT_COMMANDS})(?![A-Za-z])\\s*(\\\\[A-Za-z]+|[^\\s\\\\{}])`, 'gu')
const BRACED_ARGUMENT = new RegExp(`\\\\(${ARGUMENT_COMMANDS})\\s*\\{([^{}]*)\\}`, 'g')

/**
 * A script of one character or one command in braces, `_{t}`, `^{*}`, `_{ \theta }`,
 * and not followed by a letter or digit, which its braces would keep apart
 * (`_{t}1` is t then 1, `_t1` would be one script).
 */
const SINGLE_SCRIPT = /([_^])\{\s*(\\[A-Za-z]+|[^\s\\{}])\s*\}(?![A-Za-z0-9])/g

/** A script group without nested braces: TeX ignores the spaces inside it. */
const SCRIPT_GROUP = /([_^])\{([^{}]*)\}/g

/** `x_{t - 1}` as `x_{t-1}`; a space that ends a command before a letter stays (`_{\alpha t}`). */
function scriptWithoutSpaces(group: string, mark: string, inner: string): string {
  if (!/\s/.test(inner)) return group
  return `${mark}{${inner.replace(/(\\[A-Za-z]+)\s+(?=[A-Za-z])|\s+/g, (_, command?: string) => (command ? `${command} ` : ''))}}`
}

/**
 * One spelling per name: `\hat y`, `\hat{y}` and `\hat{ y }` are the same
 * variable to TeX, so they are one node here, as are `e_t` and `e_{t}`.
 * Unbraced arguments get braces, a script of one character or command loses
 * them, an operator name keeps one space before its argument (`\log  p` →
 * `\log p`); everything else stays as written.
 */
export function canonicalName(written: string): string {
  if (written.includes('{')) written = written.replace(SCRIPT_GROUP, scriptWithoutSpaces).replace(SINGLE_SCRIPT, '$1$2')
  if (!written.includes('\\')) return written
  return written
    .replace(UNBRACED_ARGUMENT, (_, name: string, argument: string) => `\\${name}{${argument}}`)
    .replace(BRACED_ARGUMENT, (_, name: string, argument: string) => `\\${name}{${argument.trim()}}`)
    .replace(OPERATOR_SPACE, (_, name: string) => `\\${name} `)
}

/** Replace `\name` commands by their symbols; unknown commands stay as written. */
function symbols(text: string): string {
  // Every command starts with a backslash: most labels have none and skip the passes below.
  if (!text.includes('\\')) return text
  return text
    // Symbols first (but the root, whose braces come later), so that no letter an accent leaves
    // runs on into the command before it (`\mu\hat{x}`).
    .replace(/\\([A-Za-z]+)/g, (all, name: string) => (name === 'sqrt' ? all : SYMBOLS[name] ?? all))
    // Then accents, as the innermost: with their braces gone, a root or a font over an accented
    // letter (`\sqrt{\bar{\alpha}_t}`) finds its own; once more at the end, for an accent over a
    // font (`\hat{\mathbb{R}}`).
    .replace(ACCENT, accent)
    .replace(/\\mathbb\s*(?:\{\s*([A-Z])\s*\}|([A-Z]))/g, (all, braced?: string, bare?: string) => DOUBLE_STRUCK[(braced ?? bare)!] ?? all)
    .replace(/\\(?:mathrm|mathbf|mathit|mathsf|text|textrm|operatorname|boldsymbol|bm)\s*\{([^{}]*)\}/g, '$1')
    // A root over more than one character keeps its extent in parentheses: `√(2η)`.
    .replace(/\\sqrt\s*\{([^{}]*)\}/g, (_, inner: string) => ([...inner.trim()].length === 1 ? `√${inner.trim()}` : `√(${inner.trim()})`))
    .replace(/\\([,;:! ])/g, (_, space: string) => (space === '!' ? '' : ' '))
    .replace(/\\([{}_%&$#|])/g, (_, c: string) => (c === '|' ? '‖' : c))
    // `\s*\{?\s*` would try every split of a run of spaces (quadratic): one
    // branch with braces and one without keep the match linear.
    .replace(/\\(?:mathcal|cal)\s*(?:\{\s*([A-Z])\s*\}|([A-Z]))/g, (all, braced?: string, bare?: string) => CALLIGRAPHIC[(braced ?? bare)!] ?? all)
    .replace(/\\([A-Za-z]+)/g, (all, name: string) => SYMBOLS[name] ?? all)
    .replace(ACCENT, accent)
}

/** An accent and its argument: one braced group without nested braces, one command, or one character. */
const ACCENT = new RegExp(`\\\\(${Object.keys(ACCENTS).join('|')})(?![A-Za-z])\\s*(?:\\{([^{}]*)\\}|(\\\\[A-Za-z]+)|([^\\s\\\\{}]))`, 'g')

/** The accented argument as one letter with its mark. */
function accent(_: string, name: string, braced?: string, command?: string, char?: string): string {
  const mark = ACCENTS[name]!
  const base = symbols(braced ?? command ?? char!)
  const first = String.fromCodePoint(base.codePointAt(0) ?? 0x25cc)
  // Composed where Unicode has the letter (ŷ, x̄ stay combining): fonts draw those best.
  return (base ? first + mark + base.slice(first.length) : '\u25CC' + mark).normalize('NFC')
}

/** Reads one argument of `_` or `^`: `{…}` (balanced) or one character. */
function argument(text: string, at: number): [string, number] {
  if (text[at] === '{') {
    let depth = 0
    for (let j = at; j < text.length; j++) {
      if (text[j] === '{') depth++
      else if (text[j] === '}' && --depth === 0) return [text.slice(at + 1, j), j + 1]
    }
    return [text.slice(at + 1), text.length]
  }
  const cp = text.codePointAt(at)
  if (cp === undefined) return ['', at]
  const char = String.fromCodePoint(cp)
  return [char, at + char.length]
}

function push(runs: TextRun[], run: TextRun): void {
  if (run.text === '') return
  const last = runs[runs.length - 1]
  if (last && last.shift === run.shift && last.bold === run.bold) last.text += run.text
  else runs.push(run)
}

/**
 * Turn a written label into display runs.
 * @param written the label as the author wrote it
 * @param options `bold` for data sets and given data; `math` false keeps `_` and `^` literal (quoted labels)
 */
export function toRuns(written: string, options: { bold?: boolean; math?: boolean } = {}): TextRun[] {
  const bold = options.bold ? { bold: true } : {}
  const text = symbols(written)
  if (options.math === false) return text ? [{ text, ...bold }] : []
  const runs: TextRun[] = []
  let plain = ''
  let i = 0
  while (i < text.length) {
    const c = text[i]!
    if ((c === '_' || c === '^') && i + 1 < text.length) {
      push(runs, { text: plain, ...bold })
      plain = ''
      const [written, next] = argument(text, i + 1)
      // One level of shift is drawn: a script inside a script (`x_{t_1}`) joins its parent's.
      const arg = written.replace(/[_^{}]/g, '')
      push(runs, { text: arg, shift: c === '_' ? 'sub' : 'sup', ...bold })
      i = next
    } else {
      plain += c
      i++
    }
  }
  push(runs, { text: plain, ...bold })
  return runs
}

/** The label as plain text, for titles, descriptions and screen readers. */
export function plainText(runs: readonly TextRun[]): string {
  return runs.map((r) => (r.shift === 'sup' ? `^${r.text}` : r.text)).join('')
}

/** Prior sources read better in calligraphic: `N(0, 1)` → `𝒩(0, 1)`. */
export function priorLabel(written: string): string {
  return written.replace(/^N\s*([({])/, '𝒩$1').replace(/^U\s*([({])/, '𝒰$1')
}

/**
 * What a drawing must not carry: characters XML 1.0 forbids (C0 controls but
 * tab, line feed and carriage return; U+FFFE, U+FFFF; lone surrogates), which
 * make the SVG unreadable, and the bidi embedding, override and isolate
 * controls, which reorder the text around them in titles, descriptions and
 * captions ("Trojan Source"). Right-to-left scripts need none of them: the
 * Unicode bidi algorithm orders their letters by itself.
 */
const UNSAFE = /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const BIDI_NAMES: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING', '\u202B': 'RIGHT-TO-LEFT EMBEDDING', '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE', '\u202E': 'RIGHT-TO-LEFT OVERRIDE', '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE', '\u2068': 'FIRST STRONG ISOLATE', '\u2069': 'POP DIRECTIONAL ISOLATE'
}

function characterName(c: string): string {
  const code = `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`
  const bidi = BIDI_NAMES[c]
  if (bidi) return `${code} ${bidi}, a bidi control that could reorder the text around it`
  if (c >= '\uD800' && c <= '\uDFFF') return `${code}, half of a surrogate pair, which XML cannot hold`
  return `${code}, a character XML cannot hold`
}

/** `text` with every unsafe character replaced by U+FFFD, how many there were, and the first. */
export function unsafeCharacters(text: string): { text: string; count: number; first: { index: number; name: string } } {
  let count = 0
  let first = { index: -1, name: '' }
  const safe = text.replace(UNSAFE, (c: string, index: number) => {
    if (count++ === 0) first = { index, name: characterName(c) }
    return '\uFFFD'
  })
  return { text: safe, count, first }
}
