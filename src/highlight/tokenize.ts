/**
 * Runs ./grammar.ts on text, for the highlighters that cannot run TextMate
 * grammars themselves: the error figure (HTML spans) and the playground
 * (CodeMirror). Shiki and VS Code run the same grammar with Oniguruma. Written
 * by hand because the libraries that run TextMate grammars in JavaScript
 * (vscode-textmate, Shiki) load Oniguruma as WebAssembly, asynchronously, and
 * the plugins are synchronous; this runs the subset the grammar uses (match,
 * begin/end, captures, includes) with JavaScript regular expressions.
 */
import { grammar as dgmGrammar, type Capture, type Grammar, type GrammarRule } from './grammar.js'

/** A piece of a line and the innermost scope the grammar gives it (none for the space between tokens). */
export interface Token {
  text: string
  scope?: string
}

interface Rule {
  regex: RegExp
  name?: string
  captures: Record<string, Capture>
  /** A begin rule: what ends it, what its body holds. */
  block?: { end: RegExp; endCaptures: Record<string, Capture>; contentName?: string; patterns: () => Rule[] }
}

/** Resolve includes into a flat list of compiled rules (recursion through the repository is lazy). */
function compile(grammar: Grammar): Rule[] {
  const cache = new Map<GrammarRule, Rule[]>()
  // `d`: group positions, for the captures; `y` is not used: the earliest match anywhere after the position wins.
  const regex = (source: string) => new RegExp(source, 'gdu')
  const rules = (list: GrammarRule[]): Rule[] => list.flatMap((rule) => resolve(rule.include ? grammar.repository[rule.include.replace(/^#/, '')]! : rule))
  const resolve = (rule: GrammarRule): Rule[] => {
    const known = cache.get(rule)
    if (known) return known
    const out: Rule[] = []
    cache.set(rule, out)
    if (rule.match) out.push({ regex: regex(rule.match), name: rule.name, captures: rule.captures ?? {} })
    else if (rule.begin && rule.end) {
      let inner: Rule[] | undefined
      out.push({
        regex: regex(rule.begin),
        name: rule.name,
        captures: rule.beginCaptures ?? rule.captures ?? {},
        block: { end: regex(rule.end), endCaptures: rule.endCaptures ?? rule.captures ?? {}, contentName: rule.contentName, patterns: () => (inner ??= rules(rule.patterns ?? [])) }
      })
    } else out.push(...rules(rule.patterns ?? []))
    return out
  }
  return rules(grammar.patterns)
}

let top: Rule[] | undefined

/**
 * The tokens of one line (without its line break), in order; their texts
 * concatenate back to the line. dgm is line based: every line starts afresh,
 * and an unclosed `[` or `(` ends with its line, as in the parser.
 */
export function tokenizeLine(line: string): Token[] {
  top ??= compile(dgmGrammar)
  const tokens: Token[] = []
  const stack: Rule[] = []
  let pos = 0
  const emit = (end: number, scope: string | undefined) => {
    if (end <= pos) return
    const last = tokens[tokens.length - 1]
    if (last && last.scope === scope) last.text += line.slice(pos, end)
    else tokens.push(scope ? { text: line.slice(pos, end), scope } : { text: line.slice(pos, end) })
    pos = end
  }
  /**
   * Each rule's next match, as last searched: which start a search tries
   * fails or matches the same whatever position the search began at, so a
   * match still ahead (or none at all) stands for any later position. Without
   * this every step would rescan the line with every rule: quadratic.
   */
  const found = new Map<RegExp, { from: number; match: RegExpExecArray | null }>()
  const next = (regex: RegExp): RegExpExecArray | null => {
    const known = found.get(regex)
    if (known && known.from <= pos && (!known.match || known.match.index >= pos)) return known.match
    regex.lastIndex = pos
    const match = regex.exec(line)
    found.set(regex, { from: pos, match })
    return match
  }
  while (pos < line.length) {
    const open = stack[stack.length - 1]
    const content = open?.block!.contentName ?? open?.name
    // The earliest match wins; on a tie, the end of the open rule, then the first pattern.
    let best: { match: RegExpExecArray; rule?: Rule } | undefined
    const candidates: [RegExp, Rule | undefined][] = [
      ...(open ? [[open.block!.end, undefined] as [RegExp, undefined]] : []),
      ...(open ? open.block!.patterns() : top).map((rule): [RegExp, Rule] => [rule.regex, rule])
    ]
    for (const [regex, rule] of candidates) {
      const match = next(regex)
      if (match && (!best || match.index < best.match.index)) best = { match, rule }
    }
    if (!best) {
      emit(line.length, content)
      break
    }
    const { match, rule } = best
    if (match.index > pos) {
      emit(match.index, content)
      continue
    }
    if (match[0].length === 0) {
      // An empty end (`$`) closes its rule; an empty pattern match must not stall: its character keeps the open rule's scope.
      if (!rule) stack.pop()
      else emit(pos + 1, content)
      continue
    }
    const base = rule ? rule.name : open!.name
    const captures = rule ? rule.captures : open!.block!.endCaptures
    if (rule?.block) stack.push(rule)
    else if (!rule) stack.pop()
    // Each character takes the innermost capture that covers it, else the rule's name.
    const scopes: (string | undefined)[] = Array.from({ length: match[0].length }, () => base)
    for (let group = 0; group < match.length; group++) {
      const span = match.indices?.[group]
      const name = captures[String(group)]?.name
      if (span && name) for (let i = span[0]; i < span[1]; i++) scopes[i - match.index] = name
    }
    const start = match.index
    scopes.forEach((scope, i) => emit(start + i + 1, scope))
  }
  return tokens
}

/**
 * What a scope means to a reader, the one table the highlighters colour by
 * (HTML class `dgm-<kind>`, CodeMirror tag); the first prefix that matches wins.
 */
const KINDS = [
  ['comment', 'comment'],
  ['keyword.operator', 'operator'],
  ['keyword', 'keyword'],
  ['storage.modifier', 'trainable'],
  ['string', 'string'],
  ['entity.name.class', 'source'],
  ['entity.name.function', 'module'],
  ['entity.name.variable', 'binding'],
  ['entity.name.section', 'section'],
  ['support.function', 'op'],
  ['constant.character', 'tex'],
  ['markup.bold', 'given'],
  ['variable', 'variable'],
  ['punctuation', 'punctuation']
] as const

export type TokenKind = (typeof KINDS)[number][1]

/** The kind of a scope (undefined: not highlighted). */
export function kindOf(scope: string | undefined): TokenKind | undefined {
  if (!scope) return undefined
  return KINDS.find(([prefix]) => scope === prefix || scope.startsWith(`${prefix}.`))?.[1]
}
