/**
 * Text → Ast. Line-based recursive descent: each line is one statement, so an
 * error in one line is reported and the next line parses as if nothing
 * happened. Every error names what was expected and what was found.
 */
import { lineSpan, type Diagnostic, type Span } from '../diagnostics.js'
import type { Ast, ChainStatement, ObjectiveStatement, StopStatement, PhaseStatement, Ref, Slice, Statement, Term } from './ast.js'
import { MAX_CAPTION_CHARS, MAX_LABEL_CHARS } from '../limits.js'
import { canonicalName, unsafeCharacters } from '../text/label.js'
import { describe, firstColon, lex, tooLong, type Token } from './lex.js'
import type { EnvironmentStatement, StoreStatement } from './ast.js'
import type { DensityStatement, GradStatement, TapStatement } from './ast.js'
import type { BankStatement, CarryStatement, FrameStatement, LearnedStatement, SourceBindStatement, TiedBindStatement, UpdateStatement } from './ast.js'
import type { ScheduleStatement, ScheduleStep } from './ast.js'

/** Result of parsing: a tree of every line that parsed, and the errors of those that did not. */
export interface ParseResult {
  ast: Ast
  diagnostics: Diagnostic[]
}

const SLICES: Record<string, Slice> = { ':': 'all', ':-1': 'drop-last', '1:': 'drop-first' }

class LineError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message)
  }
}

function expected(what: string, token: Token | undefined, endOfLine: Span, ruleId = 'expected-term', hint?: string): never {
  // Authors used to C or JavaScript write `//` for a comment.
  const why = hint ?? (token?.kind === 'word' && token.text.startsWith('//') ? 'a comment starts with `#`' : undefined)
  throw new LineError({
    severity: 'error',
    ruleId,
    message: `Expected ${what}, got ${describe(token)}${why ? ` (${why})` : ''}`,
    span: token ? token.span : endOfLine
  })
}

function join(a: Span, b: Span): Span {
  return { start: a.start, end: b.end }
}

/** Reads the tokens of one line. */
class LineParser {
  private index = 0
  constructor(
    private readonly tokens: Token[],
    private readonly endOfLine: Span
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset]
  }

  next(): Token | undefined {
    return this.tokens[this.index++]
  }

  atEnd(): boolean {
    return this.index >= this.tokens.length
  }

  accept(kind: Token['kind']): Token | undefined {
    if (this.peek()?.kind === kind) return this.next()
    return undefined
  }

  fail(what: string, ruleId?: string): never {
    expected(what, this.peek(), this.endOfLine, ruleId)
  }

  endOfLineSpan(): Span {
    return this.endOfLine
  }

  expectEnd(what: string): void {
    if (this.atEnd()) return
    expected(what, this.peek(), this.endOfLine, 'unexpected-token', this.nameHint())
  }

  /**
   * What an author most likely meant where a term follows a word with no
   * arrow or comma between: a label with brackets (`\phi(x)`, `P(k|t,u)`) or
   * with a space (`\log|\det J|`), which only quotes keep in one piece; or
   * an op or module whose label runs on past its closing bracket
   * (`(‖g‖ − 1)²`), which one more pair keeps whole.
   */
  private nameHint(): string | undefined {
    const [before, token] = [this.tokens[this.index - 1], this.peek()!]
    if ((before?.kind === 'paren' || before?.kind === 'bracket') && token.glued && token.kind === 'word') {
      const [open, close] = before.kind === 'paren' ? ['(', ')'] : ['[', ']']
      return `a label that goes on after its closing \`${close}\` is written inside one more pair: \`${open}${open}${before.text}${close}${token.text}${close}\``
    }
    if (before?.kind !== 'word') return undefined
    if ((token.kind === 'paren' || token.kind === 'bracket') && token.glued) {
      const [open, close] = token.kind === 'paren' ? ['(', ')'] : ['[', ']']
      return `a name with brackets is written in quotes: \`"${before.text}${open}${token.text}${close}"\``
    }
    if (token.kind === 'word' && !token.text.startsWith('//')) return `a comma between two terms, or quotes around a label with a space: \`"${before.text} ${token.text}"\``
    return undefined
  }

  /** `*`? then `[module]`, `(op)`, a word with an optional glued slice, `"label"` or `**datum**`. */
  term(): Term {
    const star = this.accept('star')
    const token = this.next()
    if (!token || token.kind === 'star' || !['bracket', 'paren', 'word', 'string', 'bold'].includes(token.kind)) {
      this.index--
      this.fail('a term (`[module]`, `(op)`, a variable or `"label"`)')
    }
    const text = token.text.trim()
    if (text === '') {
      throw new LineError({
        severity: 'error',
        ruleId: 'empty-label',
        message: `Expected a label inside ${describe(token)}, got nothing`,
        span: token.span
      })
    }
    const form = token.kind === 'bracket' ? 'module' : token.kind === 'paren' ? 'op' : 'word'
    let span = star ? join(star.span, token.span) : token.span
    let slice: Slice | undefined
    const after = this.peek()
    if (form === 'word' && after?.kind === 'bracket' && after.glued) {
      this.next()
      slice = SLICES[after.text.replace(/\s+/g, '')]
      if (!slice) {
        throw new LineError({
          severity: 'error',
          ruleId: 'unknown-slice',
          message: `Expected a slice \`[:]\`, \`[:-1]\` or \`[1:]\`, got \`[${after.text}]\``,
          span: after.span
        })
      }
      span = join(span, after.span)
    }
    const inverse = form === 'module' ? inverseSuffix(this) : undefined
    if (inverse) span = join(span, inverse.span)
    return {
      form,
      text,
      trainable: Boolean(star),
      given: token.kind === 'bold',
      quoted: token.kind === 'string',
      ...(slice ? { slice } : {}),
      ...(inverse ? { inverse: true as const } : {}),
      span
    }
  }

  /** term { "," term } */
  group(): Term[] {
    const terms = [this.term()]
    while (this.accept('comma')) terms.push(this.term())
    return terms
  }

  /** A name or label: a word, `"label"`, `[module]`, `(op)` or `**datum**`. */
  ref(): Ref {
    const token = this.next()
    if (!token || !['word', 'string', 'bracket', 'paren', 'bold'].includes(token.kind)) {
      this.index--
      this.fail('a name')
    }
    return { text: token.text.trim(), span: token.span }
  }

  refs(): Ref[] {
    const refs = [this.ref()]
    while (this.accept('comma')) refs.push(this.ref())
    return refs
  }
}

function objective(p: LineParser, keyword: Token): ObjectiveStatement {
  const { targets, weights, subsets } = weightedTerms(p)
  const last = subsets[subsets.length - 1] ?? targets[targets.length - 1]!
  return {
    type: 'objective',
    direction: keyword.text === 'max' ? 'max' : 'min',
    targets,
    ...(weights.some(Boolean) ? { weights } : {}),
    ...(subsets.some(Boolean) ? { subsets } : {}),
    span: join(keyword.span, last.span)
  }
}

function phase(p: LineParser, keyword: Token): PhaseStatement {
  let label: string | undefined
  const labelToken = p.peek()
  if (labelToken?.kind === 'paren' || labelToken?.kind === 'word') {
    p.next()
    label = labelToken.text.trim()
  }
  if (!p.accept('colon')) p.fail('`:` after the phase label')
  let train: Ref[] | undefined
  const objectives: ObjectiveStatement[] = []
  const without: Ref[] = []
  let last: Span = keyword.span
  // Whether the item read last is a list of names (`train`, `without`).
  let names = false
  do {
    const word = p.next()
    names = word?.kind === 'word' && (word.text === 'train' || word.text === 'without')
    if (word?.kind === 'word' && word.text === 'train') {
      train = [...(train ?? []), ...p.refs()]
      last = train[train.length - 1]!.span
    } else if (word?.kind === 'word' && (word.text === 'min' || word.text === 'max')) {
      const o = objective(p, word)
      objectives.push(o)
      last = o.span
    } else if (word?.kind === 'word' && word.text === 'without') {
      without.push(...p.refs())
      last = without[without.length - 1]!.span
    } else if (!word && objectives.length === 0 && train === undefined && without.length === 0) {
      // `phase sampling:` alone: a panel that trains and optimises nothing.
      return { type: 'phase', label, train: [], objectives, span: join(keyword.span, last) }
    } else {
      expected('`train`, `min`, `max` or `without` in the phase', word, lineSpan(keyword.span.start.line, last.end.column, last.end.column + 1))
    }
  } while (p.accept('semicolon') && !p.atEnd())
  // `train label classifier`: words after a name read as one name with spaces, which only brackets make.
  const stray = p.peek()
  const name = p.peek(-1)
  if (names && stray?.kind === 'word' && name?.kind === 'word') {
    const words = [name.text]
    for (let k = 0; p.peek(k)?.kind === 'word'; k++) words.push(p.peek(k)!.text)
    expected('`;` between phase items or end of line', stray, p.endOfLineSpan(), 'unexpected-token', `a name with spaces is written in brackets: \`[${words.join(' ')}]\``)
  }
  p.expectEnd('`;` between phase items or end of line')
  return { type: 'phase', label, train, objectives, ...(without.length ? { without } : {}), span: join(keyword.span, last) }
}

function statement(line: string, lineNo: number): Statement | undefined {
  const trimmed = line.trimStart()
  const indent = line.length - trimmed.length
  // A caption is free text to the end of the line: `#` and `->` are kept.
  const caption = /^caption\s*:/.exec(trimmed)
  if (caption) {
    const text = trimmed.slice(caption[0].length).trim()
    const span = lineSpan(lineNo, indent + 1, line.trimEnd().length + 1)
    if (text.length > MAX_CAPTION_CHARS) throw new LineError(tooLong(text, span, MAX_CAPTION_CHARS))
    return { type: 'caption', text, span }
  }
  const update = updateStatement(line, lineNo, indent)
  if (update) return update
  const { tokens, error } = lex(line, lineNo)
  if (error) throw new LineError(error)
  if (tokens.length === 0) return undefined
  const lastToken = tokens[tokens.length - 1]!
  const endOfLine = lineSpan(lineNo, lastToken.span.end.column, lastToken.span.end.column + 1)
  const p = new LineParser(tokens, endOfLine)
  const first = tokens[0]!
  const second = tokens[1]

  if (first.kind === 'word' && first.text === 'phase' && second?.kind !== 'arrow' && second?.kind !== 'comma') {
    p.next()
    return phase(p, first)
  }
  if (first.kind === 'word' && SCHEDULE_KEYWORDS.has(first.text) && tokens.some((t) => t.kind === 'colon')) return schedule(line, first, p)
  if (first.kind === 'word' && (first.text === 'random' || first.text === 'batch') && second && second.kind !== 'arrow' && second.kind !== 'comma' && second.kind !== 'equals') {
    p.next()
    const ops = p.refs()
    p.expectEnd(`\`,\` or end of line after the ${first.text} ops`)
    return { type: first.text === 'random' ? 'random' : 'batch', ops, span: join(first.span, ops[ops.length - 1]!.span) }
  }
  if (first.kind === 'word' && first.text === 'stop' && second && second.kind !== 'arrow' && second.kind !== 'comma' && second.kind !== 'equals') {
    p.next()
    return stop(p, first)
  }
  const derivative = derivativeStatement(line, first, second, p)
  if (derivative) return derivative
  if (first.kind === 'word' && (first.text === 'min' || first.text === 'max') && second && second.kind !== 'arrow' && second.kind !== 'comma' && second.kind !== 'equals') {
    p.next()
    const o = objective(p, first)
    p.expectEnd('`,` or end of line after the objective')
    return o
  }
  if (first.kind === 'word' && TIME_KEYWORDS.has(first.text) && second && !['arrow', 'comma', 'equals', 'tilde'].includes(second.kind)) {
    return timeStatement(line, first, p)
  }
  const buffer = environmentStatement(first, second, p)
  if (buffer) return buffer
  const tilde = tokens.findIndex((t) => t.kind === 'tilde')
  if (tilde >= 0) {
    if (tilde === 0) expected('a data set or prior before `~`', first, endOfLine, 'expected-source')
    // The source is the text as written, e.g. `(X, Y)` or `N(0, 1)`, in the one spelling of its TeX (`\mathcal N` is `\mathcal{N}`).
    const start = first.span.start.column - 1
    const end = tokens[tilde - 1]!.span.end.column - 1
    const source: Ref = { text: canonicalName(line.slice(start, end).trim()), span: join(first.span, tokens[tilde - 1]!.span) }
    if (source.text.length > MAX_LABEL_CHARS) throw new LineError(tooLong(source.text, source.span, MAX_LABEL_CHARS))
    for (let i = 0; i <= tilde; i++) p.next()
    const targets = p.group()
    p.expectEnd('`,` or end of line after the sampled variables')
    return { type: 'sample', source, targets, span: join(first.span, targets[targets.length - 1]!.span) }
  }
  const weights = weightsStatement(line, tokens, p)
  if (weights) return weights
  if (first.kind === 'word' && second?.kind === 'equals') {
    p.next()
    p.next()
    const term = p.term()
    p.expectEnd('end of line after the bound term')
    return { type: 'bind', name: { text: first.text, span: first.span }, term, span: join(first.span, term.span) }
  }
  nearMiss(tokens)
  return chain(p)
}

function chain(p: LineParser): ChainStatement {
  const groups = [p.group()]
  while (p.accept('arrow')) groups.push(p.group())
  p.expectEnd('`->`, `,` or end of line')
  const lastGroup = groups[groups.length - 1]!
  return { type: 'chain', groups, span: join(groups[0]![0]!.span, lastGroup[lastGroup.length - 1]!.span) }
}

/**
 * Replace what a drawing must not carry (see `unsafeCharacters`) by U+FFFD,
 * which keeps every column and shows the reader where it was; one warning per
 * line, so a line of a million control characters is one finding.
 */
function makeSafe(line: string, lineNo: number, diagnostics: Diagnostic[]): string {
  const found = unsafeCharacters(line)
  if (!found.count) return line
  const more = found.count > 1 ? ` (and ${found.count - 1} more on this line)` : ''
  diagnostics.push({
    severity: 'warning',
    ruleId: 'unsafe-character',
    message: `Expected printable text, got ${found.first.name}: drawn as \`\uFFFD\`${more}`,
    span: lineSpan(lineNo, found.first.index + 1, found.first.index + 2)
  })
  return found.text
}

/** Parse a whole `dgm` block. Never throws: bad lines become diagnostics. */
export function parse(source: string): ParseResult {
  const statements: Statement[] = []
  const diagnostics: Diagnostic[] = []
  const lines = source.split(/\r\n|\r|\n/)
  lines.forEach((written, index) => {
    try {
      const line = makeSafe(written, index + 1, diagnostics)
      const s = statement(line, index + 1)
      if (s) statements.push(s)
      if (s) meaninglessIndent(line, index + 1, diagnostics)
    } catch (error) {
      if (!(error instanceof LineError)) throw error
      diagnostics.push(error.diagnostic)
    }
  })
  return { ast: { type: 'dgm', statements }, diagnostics }
}

// ── Weights and time (issue 10) ─────────────────────────────────────────────

/**
 * `f1, f2 = *[f]` (tied instances) and `p = N(0, 1)` (a bound source), or
 * undefined when the line is neither. A binding whose right side is a word
 * names a source: a variable needs no second name, and a source does when it
 * is sampled twice (`p ~ z1` and `p ~ z2` from one prior).
 */
function weightsStatement(line: string, tokens: Token[], p: LineParser): SourceBindStatement | TiedBindStatement | undefined {
  const equals = tokens.findIndex((t) => t.kind === 'equals')
  if (equals < 1 || tokens[0]!.kind !== 'word') return undefined
  const left = tokens.slice(0, equals)
  const namesOnly = left.every((t, i) => t.kind === (i % 2 === 0 ? 'word' : 'comma')) && left.length % 2 === 1
  if (!namesOnly) return undefined
  const names: Ref[] = left.filter((t) => t.kind === 'word').map((t) => ({ text: t.text, span: t.span }))
  const right = tokens[equals + 1]
  if (names.length > 1) {
    for (let i = 0; i <= equals; i++) p.next()
    const term = p.term()
    p.expectEnd('end of line after the tied block')
    if (term.form === 'word') {
      expected('a `[module]` (tied instances) or an `(op)` after the names', tokens[equals + 1], term.span, 'tied-term')
    }
    return { type: 'bind-tied', names, term, span: join(names[0]!.span, term.span) }
  }
  if (right?.kind !== 'word') return undefined
  const last = tokens[tokens.length - 1]!
  const text = line.slice(right.span.start.column - 1, last.span.end.column - 1).trim()
  const span = join(right.span, last.span)
  if (text.length > MAX_LABEL_CHARS) throw new LineError(tooLong(text, span, MAX_LABEL_CHARS))
  return { type: 'bind-source', name: names[0]!, source: { text, span }, span: join(names[0]!.span, span) }
}

/** Words an author types for a statement keyword, and the keyword meant. */
const KEYWORD_MISSES: Record<string, string> = {
  minimize: 'min', minimise: 'min', maximize: 'max', maximise: 'max', Min: 'min', Max: 'max', argmin: 'min', argmax: 'max', MIN: 'min', MAX: 'max',
  phases: 'phase', Phase: 'phase', stage: 'phase', step: 'phase', trains: 'train', Caption: 'caption', title: 'caption',
  schedules: 'schedule', Schedule: 'schedule', alternating: 'alternate', alternates: 'alternate', nested: 'inside', within: 'inside', each: 'every',
  Environment: 'environment', env: 'environment', world: 'environment', Store: 'store', push: 'store', append: 'store'
}

/**
 * A chain that cannot be one, read as the near miss it probably is: an
 * unknown keyword (`minimize loss`), a doubled bracket (`[[f]]`). Throws the
 * message that says what the author meant; returns when nothing matches.
 */
function nearMiss(tokens: Token[]): void {
  const [first, second] = tokens
  if (!first) return
  const meant = first.kind === 'word' ? KEYWORD_MISSES[first.text] : undefined
  if (meant && second && second.kind !== 'arrow' && second.kind !== 'comma') {
    throw new LineError({
      severity: 'error',
      ruleId: 'unknown-keyword',
      message: `Expected a statement, got \`${first.text}\`, which is not a keyword; did you mean \`${meant}\`?`,
      span: first.span
    })
  }
  const doubled = tokens.find((t) => t.kind === 'bracket' && /^\[.*\]?$/s.test(t.text.trim()))
  if (doubled) {
    throw new LineError({
      severity: 'error',
      ruleId: 'double-bracket',
      message: `Expected \`[module]\`, got \`[${doubled.text}]\`: one pair of brackets makes a module; for boxes that share weights write \`f1, f2 = [f]\``,
      span: doubled.span
    })
  }
}

const TIME_KEYWORDS = new Set(['carry', 'repeat', 'loop', 'learned', 'bank'])

/** `carry a -> b [from c]`, `repeat N [shared]: refs`, `loop HEADER: refs`, `learned a, b`, `bank [D] by t`. */
function timeStatement(line: string, keyword: Token, p: LineParser): CarryStatement | FrameStatement | LearnedStatement | BankStatement {
  p.next()
  if (keyword.text === 'bank') {
    const module = p.term()
    if (module.form !== 'module') expected('a `[module]` after `bank` (the networks of the bank)', undefined, module.span, 'bank-term')
    const by = p.next()
    if (by?.kind !== 'word' || by.text !== 'by') expected('`by` and the index that picks a network', by, p.endOfLineSpan())
    const index = p.term()
    p.expectEnd('end of line after the index')
    return { type: 'bank', module, index, span: join(keyword.span, index.span) }
  }
  if (keyword.text === 'learned') {
    const targets = p.group()
    p.expectEnd('`,` or end of line after the learned tensors')
    for (const t of targets) if (t.form !== 'word') expected('a variable name (a learned tensor)', undefined, t.span, 'learned-term')
    return { type: 'learned', targets, span: join(keyword.span, targets[targets.length - 1]!.span) }
  }
  if (keyword.text === 'carry') {
    const from = p.term()
    if (!p.accept('arrow')) p.fail('`->` between the carried value and where it goes next step')
    const to = p.term()
    let initial: Term | undefined
    const word = p.peek()
    if (word?.kind === 'word' && word.text === 'from') {
      p.next()
      initial = p.term()
    }
    p.expectEnd('`from` and the initial state, or end of line')
    return { type: 'carry', from, to, ...(initial ? { initial } : {}), span: join(keyword.span, (initial ?? to).span) }
  }
  const headerStart = p.peek()!
  if (headerStart.kind === 'colon') p.fail(keyword.text === 'loop' ? 'what the loop runs over, `t = T -> 1`' : 'the count, `repeat N:`')
  let last: Token = headerStart
  let shared = false
  while (!p.atEnd() && p.peek()!.kind !== 'colon') last = p.next()!
  if (!p.accept('colon')) p.fail(`\`:\` and the names inside the ${keyword.text === 'loop' ? 'loop' : 'stack'}`)
  let header = line.slice(headerStart.span.start.column - 1, last.span.end.column - 1).trim()
  if (keyword.text === 'repeat' && /\sshared$/.test(header)) {
    shared = true
    header = header.replace(/\s+shared$/, '')
  }
  if (header.length > MAX_LABEL_CHARS) throw new LineError(tooLong(header, join(headerStart.span, last.span), MAX_LABEL_CHARS))
  const members = p.refs()
  p.expectEnd('`,` or end of line after the names in the frame')
  return { type: 'frame', keyword: keyword.text === 'loop' ? 'loop' : 'repeat', header, shared, members, span: join(keyword.span, members[members.length - 1]!.span) }
}

/**
 * Indentation groups nothing in `dgm` (every line stands alone), so an
 * indented line is drawn exactly as if it were not: say so, and name the
 * statements that do group nodes, since that is what an indented block
 * under a line usually means.
 */
function meaninglessIndent(line: string, lineNo: number, diagnostics: Diagnostic[]): void {
  const indent = /^[ \t]+/.exec(line)
  if (!indent) return
  diagnostics.push({
    severity: 'warning',
    ruleId: 'meaningless-indent',
    message: 'Expected no indentation, got an indented line: lines stand alone and indentation groups nothing; to frame nodes write `repeat N: a, b` or `loop t = T -> 1: a, b`',
    span: lineSpan(lineNo, 1, indent[0].length + 1)
  })
}

/**
 * `update target from source: rule`, read before the line is lexed: the rule
 * is free text to the end of the line, like a caption (`τξ + (1-τ)θ` need not
 * lex as terms).
 */
function updateStatement(line: string, lineNo: number, indent: number): UpdateStatement | undefined {
  const trimmed = line.slice(indent)
  if (!/^update\s/.test(trimmed)) return undefined
  const colon = firstColon(line, lineNo)
  const head = colon < 0 ? line : line.slice(0, colon)
  const { tokens, error } = lex(head, lineNo)
  if (error) throw new LineError(error)
  const last = tokens[tokens.length - 1]!
  const p = new LineParser(tokens, lineSpan(lineNo, last.span.end.column, last.span.end.column + 1))
  // `update -> x` or `update, x` is a chain through a variable named `update`.
  if (tokens[1]?.kind === 'arrow' || tokens[1]?.kind === 'comma') return undefined
  p.next()
  const target = p.term()
  const from = p.next()
  if (from?.kind !== 'word' || from.text !== 'from') expected('`from` and what the state is updated from', from, p.endOfLineSpan())
  const source = p.term()
  p.expectEnd('`:` and the update rule')
  if (colon < 0) expected('`:` and the update rule (`: EMA \\tau`)', undefined, lineSpan(lineNo, line.length + 1, line.length + 2), 'expected-rule')
  const text = line.slice(colon + 1).trim()
  const start = colon + 1 + (line.slice(colon + 1).length - line.slice(colon + 1).trimStart().length)
  const span = lineSpan(lineNo, start + 1, start + text.length + 1)
  if (!text) expected('the update rule after `:` (`: EMA \\tau`)', undefined, span, 'expected-rule')
  if (text.length > MAX_LABEL_CHARS) throw new LineError(tooLong(text, span, MAX_LABEL_CHARS))
  return { type: 'update', target, source, rule: { text, span }, span: join(tokens[0]!.span, span) }
}

// ── Gradients, objectives and phases (issue 11) ──────────────────────────────

/** `stop a -> b -> c`: a chain whose first arrow stops the gradient. */
function stop(p: LineParser, keyword: Token): StopStatement {
  const c = chain(p)
  if (c.groups.length < 2) p.fail('`->` after the first term: `stop` marks wires', 'expected-arrow')
  return { type: 'stop', chain: c, span: join(keyword.span, c.span) }
}

/**
 * The terms of an objective, each with an optional weight written before it
 * (`min \lambda L1, L_adv`): two names without a comma between them are a
 * weight and its term.
 */
function weightedTerms(p: LineParser): { targets: Ref[]; weights: (Ref | undefined)[]; subsets: (Ref | undefined)[] } {
  const targets: Ref[] = []
  const weights: (Ref | undefined)[] = []
  const subsets: (Ref | undefined)[] = []
  do {
    const first = p.ref()
    const after = p.peek()
    if (after && after.kind !== 'comma' && after.kind !== 'semicolon' && !isSubset(p)) {
      weights.push(first)
      targets.push(p.ref())
    } else {
      weights.push(undefined)
      targets.push(first)
    }
    subsets.push(subset(p))
  } while (p.accept('comma'))
  return { targets, weights, subsets }
}

// ── Derivatives, taps, side outputs and subsets (issue 11) ───────────────────

const DERIVATIVE_KEYWORDS = new Set(['grad', 'tap', 'density'])

/**
 * `grad [D] wrt x -> g`, `tap [VGG] at \phi_3 -> …` and
 * `density N(0, I) at z -> \log p(z)`, or undefined when the line is none of
 * them (`grad -> x` chains through a variable named `grad`).
 */
function derivativeStatement(line: string, first: Token, second: Token | undefined, p: LineParser): GradStatement | TapStatement | DensityStatement | undefined {
  if (first.kind !== 'word' || !DERIVATIVE_KEYWORDS.has(first.text) || !second || ['arrow', 'comma', 'equals', 'tilde'].includes(second.kind)) return undefined
  p.next()
  const word = (text: string, what: string) => {
    const token = p.next()
    if (token?.kind !== 'word' || token.text !== text) expected(`\`${text}\` and ${what}`, token, p.endOfLineSpan(), `expected-${text}`)
  }
  if (first.text === 'grad') {
    const target = p.ref()
    word('wrt', 'the input it is differentiated with respect to (`grad [D] wrt x`)')
    const wrt = p.term()
    const then = rest(p)
    return { type: 'grad', target, wrt, then, span: join(first.span, lastSpan(then) ?? wrt.span) }
  }
  if (first.text === 'tap') {
    const module = p.term()
    word('at', 'the feature it gives off (`tap [VGG] at \\phi_3`)')
    const taps = p.group()
    const then = rest(p)
    return { type: 'tap', module, taps, then, span: join(first.span, lastSpan(then) ?? taps[taps.length - 1]!.span) }
  }
  // The prior is the text as written up to `at`, as before `~`: `N(0, I)` lexes as a word and an op.
  const tokens: Token[] = []
  while (!p.atEnd() && !(p.peek()!.kind === 'word' && p.peek()!.text === 'at')) tokens.push(p.next()!)
  if (!tokens.length) p.fail('a prior before `at` (`density N(0, I) at z`)', 'expected-source')
  const span = join(tokens[0]!.span, tokens[tokens.length - 1]!.span)
  const source: Ref = { text: line.slice(span.start.column - 1, span.end.column - 1).trim(), span }
  if (source.text.length > MAX_LABEL_CHARS) throw new LineError(tooLong(source.text, span, MAX_LABEL_CHARS))
  word('at', 'the value whose density is taken (`density N(0, I) at z`)')
  const at = p.term()
  const then = rest(p)
  return { type: 'density', source, at, then, span: join(first.span, lastSpan(then) ?? at.span) }
}

/** `-> group -> group` to the end of the line: where a statement's values flow. */
function rest(p: LineParser): Term[][] {
  const groups: Term[][] = []
  while (p.accept('arrow')) groups.push(p.group())
  p.expectEnd('`->` or end of line')
  return groups
}

function lastSpan(groups: Term[][]): Span | undefined {
  const last = groups[groups.length - 1]
  return last?.[last.length - 1]!.span
}

/** `^{-1}` (or `^-1`) glued to a module: its inverse use. */
function inverseSuffix(p: LineParser): Token | undefined {
  const after = p.peek()
  if (after?.kind !== 'word' || !after.glued || !after.text.startsWith('^')) return undefined
  if (!/^\^(\{-1\}|-1)$/.test(after.text)) {
    throw new LineError({
      severity: 'error',
      ruleId: 'inverse-suffix',
      message: `Expected \`^{-1}\` after a module (its inverse use), got \`${after.text}\`: a power belongs in the label, \`[f^2]\``,
      span: after.span
    })
  }
  return p.next()
}

/** At `on NAME` after an objective's term. */
function isSubset(p: LineParser): boolean {
  const on = p.peek()
  const what = p.peek(1)
  return on?.kind === 'word' && on.text === 'on' && what !== undefined && what.kind !== 'comma' && what.kind !== 'semicolon'
}

/** `on m` after a term: the subset the term is taken over (masked positions, labelled nodes). */
function subset(p: LineParser): Ref | undefined {
  if (!isSubset(p)) return undefined
  p.next()
  return p.ref()
}

// ── Environments and buffers (issue 11) ──────────────────────────────────────

/**
 * `environment Env: a -> s', r` (a source that answers an action with a state
 * and a reward) and `store s, a, r, s' in D` (values written into a data set,
 * a replay or rollout buffer), or undefined when the line is neither: a
 * keyword followed by an arrow, a comma, `=` or `~` is a variable of that name.
 */
function environmentStatement(first: Token, second: Token | undefined, p: LineParser): EnvironmentStatement | StoreStatement | undefined {
  if (first.kind !== 'word' || (first.text !== 'environment' && first.text !== 'store')) return undefined
  if (!second || ['arrow', 'comma', 'equals', 'tilde'].includes(second.kind)) return undefined
  p.next()
  if (first.text === 'store') {
    const values = variables(p.group(), 'a variable to store (`store s, a, r in D`)')
    const word = p.next()
    if (word?.kind !== 'word' || word.text !== 'in') expected('`in` and the data set written into (`store s, a in D`)', word, p.endOfLineSpan())
    const into = p.ref()
    p.expectEnd('end of line after the data set')
    return { type: 'store', values, into, span: join(first.span, into.span) }
  }
  const name = p.ref()
  if (!p.accept('colon')) p.fail('`:` after the environment\'s name, then what it takes and gives back (`environment Env: a -> s\', r`)')
  const inputs = variables(p.group(), 'the action the environment takes (a variable)')
  if (!p.accept('arrow')) p.fail('`->` and what the environment gives back (`a -> s\', r`)', 'expected-arrow')
  const outputs = variables(p.group(), 'what the environment gives back (a variable)')
  p.expectEnd('`,` or end of line after what the environment gives back')
  return { type: 'environment', name, inputs, outputs, span: join(first.span, outputs[outputs.length - 1]!.span) }
}

/** The terms, each a variable: a module or an op cannot be an action, a state or a stored value. */
function variables(terms: Term[], what: string): Term[] {
  for (const t of terms) {
    if (t.form !== 'word' || t.trainable) {
      throw new LineError({ severity: 'error', ruleId: 'environment-term', message: `Expected ${what}, got \`${t.trainable ? '*' : ''}${t.form === 'module' ? `[${t.text}]` : t.form === 'op' ? `(${t.text})` : t.text}\``, span: t.span })
    }
  }
  return terms
}

// ── Schedules between phases (issue 11) ──────────────────────────────────────

/** Statement keywords of schedules; a line is a schedule only when it also has a `:` (no chain has one). */
const SCHEDULE_KEYWORDS = new Set(['schedule', 'alternate', 'inside', 'every'])

/** A count of steps: a whole number from 1, or a name (`k`, `n_{critic}`, `\tau`). */
const COUNT = /^(?:[1-9]\d*|[A-Za-z\\{][^\s]*)$/

/**
 * `schedule: a -> b`, `alternate: a x5, b`, `inside b: a xk`,
 * `every C steps: eval`: how the phases follow each other.
 */
function schedule(line: string, keyword: Token, p: LineParser): ScheduleStatement {
  p.next()
  const kind = keyword.text === 'schedule' ? 'sequence' : (keyword.text as 'alternate' | 'inside' | 'every')
  let outer: Ref | undefined
  let period: Ref | undefined
  if (kind === 'inside') outer = phaseName(p, 'the outer phase, `inside b: a xk`')
  if (kind === 'every') period = schedulePeriod(line, p)
  if (!p.accept('colon')) p.fail(kind === 'inside' ? '`:` after the outer phase' : '`:` after the period')
  // An `every` line may name an update's target as written elsewhere, `[Q']`.
  const steps = [scheduleStep(p, kind === 'every')]
  const separator = kind === 'sequence' ? 'arrow' : 'comma'
  while (kind !== 'inside' && p.accept(separator)) steps.push(scheduleStep(p, kind === 'every'))
  p.expectEnd(kind === 'sequence' ? '`->` and the next phase, or end of line' : kind === 'inside' ? 'end of line after the inner phase and its count' : '`,` and the next name, or end of line')
  const last = steps[steps.length - 1]!
  if ((kind === 'sequence' || kind === 'alternate') && steps.length < 2) {
    expected(kind === 'sequence' ? '`->` and the phase that follows' : '`,` and the phase that takes the next turn', undefined, p.endOfLineSpan(), 'expected-phase')
  }
  if (kind === 'inside' && !last.count) expected('`x` and the count of steps after the inner phase, `inside b: a xk`', undefined, p.endOfLineSpan(), 'expected-count')
  const counted = kind === 'every' ? steps.find((s) => s.count) : undefined
  if (counted) expected('a phase or an update without a count (the period is the count)', undefined, counted.count!.span, 'unexpected-token')
  return { type: 'schedule', kind, steps, ...(outer ? { outer } : {}), ...(period ? { period } : {}), span: join(keyword.span, last.span) }
}

/** A phase as named in its `phase` line: `pretrain`, `a` or `(a)`; with `module`, also a `[module]` (an update's target). */
function phaseName(p: LineParser, what: string, module = false): Ref {
  const token = p.peek()
  if (token?.kind !== 'word' && token?.kind !== 'paren' && token?.kind !== 'string' && !(module && token?.kind === 'bracket')) p.fail(what, 'expected-phase')
  p.next()
  return { text: token.text.trim(), span: token.span }
}

/** `critic`, `critic x5`, `critic ×5`, `adapt x k`. */
function scheduleStep(p: LineParser, module = false): ScheduleStep {
  const phase = phaseName(p, module ? 'a phase name or an update\'s target' : 'a phase name', module)
  const mark = p.peek()
  if (mark?.kind !== 'word') return { phase, span: phase.span }
  const glued = /^[x×](.+)$/.exec(mark.text)
  if (!glued && mark.text !== 'x' && mark.text !== '×') p.fail('`x5` (a count of steps), `,`, `->` or end of line', 'unexpected-token')
  p.next()
  let count: Ref
  if (glued) {
    count = { text: glued[1]!, span: lineSpan(mark.span.start.line, mark.span.start.column + 1, mark.span.end.column) }
  } else {
    const value = p.peek()
    if (value?.kind !== 'word') p.fail(`a count of steps after \`${mark.text}\` (\`x5\`, \`xk\`)`, 'bad-count')
    p.next()
    count = { text: value.text, span: value.span }
  }
  if (!COUNT.test(count.text)) badCount(count)
  return { phase, count, span: join(phase.span, mark.span.end.column >= count.span.end.column ? mark.span : count.span) }
}

function badCount(count: Ref): never {
  throw new LineError({
    severity: 'error',
    ruleId: 'bad-count',
    message: `Expected a count of steps (a whole number from 1, or a name such as \`k\`), got \`${count.text}\``,
    span: count.span
  })
}

/** `every C steps:`, `every 1000 steps:`, `every step:`: the period as written, to the colon. */
function schedulePeriod(line: string, p: LineParser): Ref {
  const start = p.peek()
  if (!start || start.kind === 'colon') p.fail('the period, `every C steps:`', 'expected-period')
  let last = start
  while (!p.atEnd() && p.peek()!.kind !== 'colon') last = p.next()!
  const text = line.slice(start.span.start.column - 1, last.span.end.column - 1).trim()
  if (text.length > MAX_LABEL_CHARS) throw new LineError(tooLong(text, join(start.span, last.span), MAX_LABEL_CHARS))
  const number = /^[\d.+-]\S*/.exec(text)
  if (number && !/^[1-9]\d*$/.test(number[0])) badCount({ text: number[0], span: lineSpan(start.span.start.line, start.span.start.column, start.span.start.column + number[0].length) })
  return { text, span: join(start.span, last.span) }
}
