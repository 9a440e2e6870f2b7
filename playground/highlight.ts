/**
 * Highlighting for the editor, read from the TextMate grammar the package
 * ships (syntaxes/dgm.tmLanguage.json), so the playground, Shiki and VS Code
 * colour the same text the same way. CodeMirror cannot run TextMate grammars
 * and a Lezer grammar would be a second copy of the rules, so this runs the
 * subset the grammar uses (match, begin/end, captures, includes) as a
 * CodeMirror stream parser. The regular expressions are written to mean the
 * same in Oniguruma and JavaScript.
 */
import { StreamLanguage, type StringStream } from '@codemirror/language'

interface Capture {
  name?: string
}
interface GrammarRule {
  include?: string
  match?: string
  begin?: string
  end?: string
  name?: string
  contentName?: string
  captures?: Record<string, Capture>
  beginCaptures?: Record<string, Capture>
  endCaptures?: Record<string, Capture>
  patterns?: GrammarRule[]
}
export interface Grammar {
  patterns: GrammarRule[]
  repository: Record<string, GrammarRule>
}

interface Rule {
  regex: RegExp
  name?: string
  captures: Record<string, Capture>
  /** A begin rule: what ends it, what its body holds. */
  block?: { end: RegExp; endCaptures: Record<string, Capture>; contentName?: string; patterns: () => Rule[] }
}

/** TextMate scopes → CodeMirror highlighting tags; the first prefix that matches wins. */
const TAGS: [scope: string, tag: string][] = [
  ['comment', 'comment'],
  ['keyword.operator', 'operator'],
  ['keyword', 'keyword'],
  ['storage.modifier', 'modifier'],
  ['string', 'string'],
  ['entity.name.class', 'className'],
  ['entity.name.function', 'typeName'],
  ['entity.name.variable', 'variableName.definition'],
  ['entity.name.section', 'labelName'],
  ['support.function', 'variableName.function'],
  ['constant.character', 'escape'],
  ['markup.bold', 'strong'],
  ['variable', 'variableName'],
  ['punctuation', 'punctuation']
]

/** The CodeMirror tag name for a TextMate scope (null: not highlighted). */
export function tagOf(scope: string | undefined): string | null {
  if (!scope) return null
  return TAGS.find(([prefix]) => scope === prefix || scope.startsWith(`${prefix}.`))?.[1] ?? null
}

/** Resolve includes into a flat list of compiled rules (recursion through the repository is lazy). */
function compile(grammar: Grammar): Rule[] {
  const cache = new Map<GrammarRule, Rule[]>()
  const regex = (source: string) => new RegExp(source, 'gdu')
  const rules = (list: GrammarRule[]): Rule[] =>
    list.flatMap((rule) => {
      if (rule.include) return resolve(grammar.repository[rule.include.replace(/^#/, '')]!)
      return resolve(rule)
    })
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

interface State {
  /** Open begin/end rules, innermost last. */
  stack: Rule[]
  /** Pieces of the last match still to emit: [end column, tag]. */
  queue: [number, string | null][]
}

/** The pieces of a match, each with the innermost scope of the captures that cover it. */
function pieces(match: RegExpExecArray, base: string | undefined, captures: Record<string, Capture>): [number, string | null][] {
  const start = match.index
  const scopes: (string | undefined)[] = Array.from({ length: match[0].length }, () => base)
  for (let group = 0; group < match.length; group++) {
    const span = match.indices?.[group]
    const name = captures[String(group)]?.name
    if (!span || !name) continue
    for (let i = span[0]; i < span[1]; i++) scopes[i - start] = name
  }
  const out: [number, string | null][] = []
  scopes.forEach((scope, i) => {
    const tag = tagOf(scope)
    const last = out[out.length - 1]
    if (last && last[1] === tag) last[0] = start + i + 1
    else out.push([start + i + 1, tag])
  })
  return out
}

/** A CodeMirror language that highlights with `grammar`'s rules. dgm is line based: every line starts afresh. */
export function textMateLanguage(grammar: Grammar): StreamLanguage<State> {
  const top = compile(grammar)
  return StreamLanguage.define<State>({
    name: 'dgm',
    startState: () => ({ stack: [], queue: [] }),
    copyState: (state) => ({ stack: [...state.stack], queue: [...state.queue] }),
    languageData: { commentTokens: { line: '#' } },
    token(stream: StringStream, state: State) {
      if (stream.sol() && state.queue.length === 0) state.stack = []
      const queued = state.queue.shift()
      if (queued) {
        stream.pos = queued[0]
        return queued[1]
      }
      const open = state.stack[state.stack.length - 1]
      const content = tagOf(open?.block?.contentName ?? open?.name)
      // The earliest match wins; on a tie, the end of the open rule, then the first pattern.
      let best: { match: RegExpExecArray; rule?: Rule } | undefined
      const candidates: [RegExp, Rule | undefined][] = [
        ...(open ? [[open.block!.end, undefined] as [RegExp, undefined]] : []),
        ...(open ? open.block!.patterns() : top).map((rule): [RegExp, Rule] => [rule.regex, rule])
      ]
      for (const [regex, rule] of candidates) {
        regex.lastIndex = stream.pos
        const match = regex.exec(stream.string)
        if (match && (!best || match.index < best.match.index)) best = { match, rule }
      }
      if (!best) {
        stream.skipToEnd()
        return content
      }
      if (best.match.index > stream.pos) {
        stream.pos = best.match.index
        return content
      }
      const { match, rule } = best
      if (match[0].length === 0) {
        if (!rule) state.stack.pop()
        stream.next()
        return content
      }
      if (!rule) {
        state.stack.pop()
        state.queue = pieces(match, open!.name, open!.block!.endCaptures)
      } else {
        if (rule.block) state.stack.push(rule)
        state.queue = pieces(match, rule.name, rule.captures)
      }
      const [end, tag] = state.queue.shift()!
      stream.pos = end
      return tag
    }
  })
}
