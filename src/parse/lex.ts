/**
 * Splits one line into tokens. Hand-written: the language is line-based and
 * tiny, and its errors must name the exact column, which a generic lexer
 * generator would not make simpler.
 */
import { lineSpan, type Diagnostic, type Span } from '../diagnostics.js'
import { MAX_LABEL_CHARS } from '../limits.js'
import { canonicalName, TRAILING_ARGUMENT_COMMAND } from '../text/label.js'

export type TokenKind =
  | 'arrow' // -> or →
  | 'tilde' // ~
  | 'comma'
  | 'equals'
  | 'star'
  | 'semicolon'
  | 'colon'
  | 'bracket' // [ … ]: a module, or a slice when glued to a word
  | 'paren' // ( … ): an op, or a phase label
  | 'string' // " … "
  | 'bold' // ** … **
  | 'word'

export interface Token {
  kind: TokenKind
  /** For bracket, paren, string and bold: the text inside; else the token itself. */
  text: string
  span: Span
  /** No white space between this token and the previous one. */
  glued: boolean
}

/** `∼` (tilde operator) and the full-width `～` and `，` are what a math font or a Chinese input method types for `~` and `,`. */
const PUNCTUATION: Record<string, TokenKind> = { '~': 'tilde', '∼': 'tilde', '～': 'tilde', ',': 'comma', '，': 'comma', '=': 'equals', ';': 'semicolon', ':': 'colon' }

/**
 * Full-width brackets, colons and quotes a Chinese input method types for the
 * ASCII ones. Refused with the character to type: they open and close pairs
 * (and start keyword lines), where guessing would mis-nest a label.
 */
const FULL_WIDTH: Record<string, string> = { '【': '[', '】': ']', '（': '(', '）': ')', '：': ':', '；': ';', '“': '"', '”': '"' }

/** Characters that end a word. */
const STOP = new Set([',', '~', '=', '[', ']', '(', ')', '"', ';', ':', '#', ' ', '\t', '*', '→', '∼', '～', '，', ...Object.keys(FULL_WIDTH)])

/** What a token kind is called in messages. */
export function describe(token: Token | undefined): string {
  if (!token) return 'end of line'
  switch (token.kind) {
    case 'bracket':
      return `\`[${token.text}]\``
    case 'paren':
      return `\`(${token.text})\``
    case 'string':
      return `\`"${token.text}"\``
    case 'bold':
      return `\`**${token.text}**\``
    default:
      return `\`${token.text}\``
  }
}

/**
 * Tokenise `text` (one line without its newline, comment included) at 1-based
 * line `line`. Stops at `#` outside quotes and brackets. Linear in the length.
 */
export function lex(text: string, line: number): { tokens: Token[]; error?: Diagnostic } {
  const tokens: Token[] = []
  let i = 0
  let glued = false
  const push = (kind: TokenKind, value: string, start: number, end: number) => {
    tokens.push({ kind, text: value, span: lineSpan(line, start + 1, end + 1), glued })
    glued = true
  }
  const fail = (start: number, end: number, message: string, ruleId = 'unexpected-character') => ({
    tokens,
    error: { severity: 'error' as const, ruleId, message, span: lineSpan(line, start + 1, end + 1) }
  })
  // Matched once per line, and only for a line whose words open a script group.
  let matched: Int32Array | undefined
  const closes = () => (matched ??= braceCloses(text))
  while (i < text.length) {
    const c = text[i]!
    if (c === ' ' || c === '\t') {
      i++
      glued = false
      continue
    }
    if (c === '#') break
    const start = i
    if (c === '-' && text[i + 1] === '>') {
      push('arrow', '->', i, i + 2)
      i += 2
    } else if (c === '→') {
      push('arrow', '→', i, i + 1)
      i++
    } else if (c === '=' && text[i + 1] === '>') {
      return fail(start, start + 2, 'Expected `->` for a wire, got `=>`', 'unexpected-token')
    } else if (PUNCTUATION[c]) {
      push(PUNCTUATION[c], c, i, i + 1)
      i++
    } else if (c === '*' && text[i + 1] === '*') {
      const close = text.indexOf('**', i + 2)
      if (close < 0) return fail(start, text.length, 'Expected `**` to close the bold datum, got end of line', 'unclosed-bold')
      push('bold', text.slice(i + 2, close), i, close + 2)
      i = close + 2
    } else if (c === '*') {
      push('star', '*', i, i + 1)
      i++
    } else if (c === '"') {
      const close = text.indexOf('"', i + 1)
      if (close < 0) return fail(start, text.length, 'Expected `"` to close the label, got end of line', 'unclosed-quote')
      push('string', text.slice(i + 1, close), i, close + 1)
      i = close + 1
    } else if (c === '[' || c === '(') {
      // Brackets nest so that labels such as `(f(x))` or `[W[0]]` stay whole.
      const open = c
      const close = c === '[' ? ']' : ')'
      let depth = 0
      let j = i
      for (; j < text.length; j++) {
        if (text[j] === open) depth++
        else if (text[j] === close && --depth === 0) break
      }
      if (j >= text.length) {
        return fail(start, text.length, `Expected \`${close}\` to close \`${open}\`, got end of line`, 'unclosed-bracket')
      }
      // A module's or op's label names it as a word names a variable: one spelling of its TeX.
      push(c === '[' ? 'bracket' : 'paren', canonicalName(text.slice(i + 1, j)), i, j + 1)
      i = j + 1
    } else if (FULL_WIDTH[c]) {
      const ascii = FULL_WIDTH[c]
      return fail(start, start + 1, `Expected \`${ascii}\`, got the full-width \`${c}\` that a Chinese input method types for it: switch the input method to half-width punctuation, or type \`${ascii}\``, 'full-width-punctuation')
    } else if (c === ']' || c === ')') {
      return fail(start, start + 1, `Unexpected \`${c}\` without an opening \`${c === ']' ? '[' : '('}\``, 'unopened-bracket')
    } else {
      let j = wordEnd(text, i, closes)
      const word = text.slice(i, j)
      // TeX reads `\hat y` as one symbol; so does a name, whatever the spaces.
      if (word.includes('\\') && TRAILING_ARGUMENT_COMMAND.test(word)) {
        let k = j
        while (text[k] === ' ' || text[k] === '\t') k++
        const next = wordEnd(text, k, closes)
        if (next > k) j = next
      }
      push('word', canonicalName(text.slice(i, j)), i, j)
      i = j
    }
  }
  const long = tokens.find((t) => t.text.length > MAX_LABEL_CHARS)
  if (long) return { tokens, error: tooLong(long.text, long.span, MAX_LABEL_CHARS) }
  return { tokens }
}

/**
 * Where the word starting at `from` ends. A `*` right after a script mark
 * (`v_*`, `\theta^*`, `x^{*}`) is TeX's starred script, part of the word: a
 * trainable mark comes before its term, never after `_` or `^`.
 */
function wordEnd(text: string, from: number, closes: () => Int32Array): number {
  let j = from
  const scriptStar = (k: number) => text[k] === '*' && k > from && /[_^]\{?$/.test(text.slice(Math.max(from, k - 2), k))
  while (j < text.length && (!STOP.has(text[j]!) || scriptStar(j)) && !(text[j] === '-' && text[j + 1] === '>')) {
    // A script group (after `_` or `^`) is part of the word whatever it holds, so that `x_{1:T}` and
    // `w_{i,j}` are one name as TeX reads them; a brace the line never closes is a character.
    const close = text[j] === '{' && j > from && (text[j - 1] === '_' || text[j - 1] === '^') ? closes()[j]! : -1
    j = close > j ? close + 1 : j + 1
  }
  return j
}

/**
 * Where the brace that opens at each index closes (-1: never, and for every
 * other character), in one pass with a stack: linear in the line however
 * many groups stay open.
 */
function braceCloses(text: string): Int32Array {
  const closes = new Int32Array(text.length).fill(-1)
  const open: number[] = []
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '{') open.push(k)
    else if (text[k] === '}' && open.length) closes[open.pop()!] = k
  }
  return closes
}

/** Where the line's first `:` token stands (0-based), or -1: a colon inside a label or a script group (`h_{1:T}`) is not one. */
export function firstColon(text: string, line: number): number {
  const colon = lex(text, line).tokens.find((t) => t.kind === 'colon')
  return colon ? colon.span.start.column - 1 : -1
}

/** The error for a label, name or caption over its length limit. */
export function tooLong(text: string, span: Span, limit: number): Diagnostic {
  return {
    severity: 'error',
    ruleId: 'label-too-long',
    message: `Expected at most ${limit} characters, got ${text.length}: shorten the label, or move the explanation into the text around the figure`,
    span
  }
}
