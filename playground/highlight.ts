/**
 * Highlighting for the editor: the package's own rules (src/highlight, the
 * grammar it ships for Shiki and VS Code), run line by line as a CodeMirror
 * stream parser, so the playground, the error figure, Shiki and VS Code
 * colour the same text the same way.
 */
import { StreamLanguage, type StringStream } from '@codemirror/language'
import { kindOf, tokenizeLine, type TokenKind } from '../src/highlight/tokenize.js'

/** Each kind of token as a CodeMirror highlighting tag. */
const TAGS: Record<TokenKind, string> = {
  comment: 'comment',
  operator: 'operator',
  keyword: 'keyword',
  trainable: 'modifier',
  string: 'string',
  source: 'className',
  module: 'typeName',
  binding: 'variableName.definition',
  section: 'labelName',
  op: 'variableName.function',
  tex: 'escape',
  given: 'strong',
  variable: 'variableName',
  punctuation: 'punctuation'
}

/** The CodeMirror tag name for a TextMate scope (null: not highlighted). */
export function tagOf(scope: string | undefined): string | null {
  const kind = kindOf(scope)
  return kind ? TAGS[kind] : null
}

interface State {
  /** The rest of the current line's tokens: [end column, tag]. */
  queue: [number, string | null][]
}

/** dgm as a CodeMirror language. dgm is line based: every line is tokenized afresh when the stream reaches it. */
export const dgmLanguage: StreamLanguage<State> = StreamLanguage.define<State>({
  name: 'dgm',
  startState: () => ({ queue: [] }),
  copyState: (state) => ({ queue: [...state.queue] }),
  languageData: { commentTokens: { line: '#' } },
  token(stream: StringStream, state: State) {
    if (stream.sol()) {
      let end = 0
      state.queue = tokenizeLine(stream.string).map(({ text, scope }) => [(end += text.length), tagOf(scope)])
    }
    const [end, tag] = state.queue.shift() ?? [stream.string.length, null]
    stream.pos = end
    return tag
  }
})
