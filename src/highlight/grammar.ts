/**
 * The one set of highlighting rules for dgm, as a TextMate grammar (scope
 * `source.dgm`). syntaxes/dgm.tmLanguage.json, the file the package ships for
 * Shiki and VS Code, is this object written out (tests/grammar.test.ts fails
 * when they differ; `UPDATE=1` rewrites it); the error figure and the
 * playground run it through ./tokenize.ts. The regular expressions are
 * written to mean the same in Oniguruma (Shiki, VS Code) and JavaScript.
 */

/** A TextMate capture: the scope given to one group of a match. */
export interface Capture {
  name?: string
}

/** The subset of a TextMate rule this grammar uses: match, begin/end, captures, includes. */
export interface GrammarRule {
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
  $schema?: string
  name: string
  scopeName: string
  fileTypes?: string[]
  patterns: GrammarRule[]
  repository: Record<string, GrammarRule>
}

/**
 * Every keyword word of dgm, by where it stands on a line. A list's words get
 * the scope `keyword.control.<key>.dgm` (the schedule lists: `schedule`). A
 * new keyword goes into the list of its position; the rules below are built
 * from these lists.
 */
export const KEYWORDS = {
  /** Start a line that lists phases: `alternate: critic x5, generator`, `schedule: a, b`. */
  schedule: ['schedule', 'alternate'],
  /** Start a line that nests a schedule in a phase: `inside (a): b, c`. */
  scheduleInside: ['inside'],
  /** Start a line that runs phases periodically: `every C steps: eval`. */
  schedulePeriod: ['every'],
  /** Start a line and open a frame, its header up to `:`: `repeat ×N:`, `loop t = T..1:`. */
  frame: ['repeat', 'loop'],
  /** Start a line that declares weights or state: `carry h`, `learned E`, `bank f by t`; `update` has its own rule (its `:` opens the rule's text). */
  weights: ['carry', 'learned', 'bank'],
  /** Start a line and mark the terms after them: `stop x`, `random z`, `batch x`. */
  stop: ['stop', 'random', 'batch'],
  /** Stand between two terms, spaces on both sides: `update ȳ from y`, `bank f by t`. */
  from: ['from', 'by'],
  /** Objectives: at the start of a line or after a phase's `:` or `;`. */
  objective: ['min', 'max'],
  /** After a phase's `:` or `;`: `train g`, `without d`. */
  train: ['train', 'without'],
  /** Start a line about the world an agent acts in: `environment Env: a -> s, r`, `store s, a in D`. */
  environment: ['environment', 'store'],
  /** Start a line that derives a value from a module: `grad [D] wrt x`, `tap [VGG] at h`, `density p at z`. */
  derivative: ['grad', 'tap', 'density'],
  /** Stand between two terms inside an environment or derivative line: `store s in D`, `grad [D] wrt x`. */
  between: ['in', 'wrt', 'at'],
  /** After an objective's term, before its subset: `min L on m`. */
  subset: ['on']
} as const satisfies Record<string, readonly string[]>

/** `a|b|c`, the words of one list as a regular-expression alternative. */
const either = (words: readonly string[]) => words.join('|')

/*
 * Every rule runs on untrusted text in the plugins, so no rule may backtrack
 * more than linearly: no two neighbouring parts match the same run of spaces
 * (a lazy `.*?` before `\s*` would rescan a long run of spaces at each of
 * its positions). A capture keeps the spaces before its `~` or `:`; they
 * show nothing.
 */

/** A name a binding can give: no space and none of dgm's punctuation. */
const NAME = String.raw`[^\s=#,~∼～，\[\]()"*;:]+`

/** The scope of a list's words: the schedule lists share `schedule`; words between terms read as `from` does. */
export const keywordScope = (key: keyof typeof KEYWORDS) => `keyword.control.${key.startsWith('schedule') ? 'schedule' : key === 'between' ? 'from' : key}.dgm`
const keyword = (key: keyof typeof KEYWORDS, group = '1') => ({ [group]: { name: keywordScope(key) } })
const KEY_VALUE = { name: 'punctuation.separator.key-value.dgm' }

export const grammar: Grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'dgm',
  scopeName: 'source.dgm',
  fileTypes: ['dgm'],
  patterns: ['caption', 'phase', 'schedule', 'source', 'weights-and-time', 'environment', 'binding', 'objective', 'stop', 'derivative', 'subset', 'train', 'comment', 'term', 'punctuation'].map((name) => ({ include: `#${name}` })),
  repository: {
    caption: {
      match: String.raw`^\s*(caption)\s*(:)(.*)$`,
      captures: {
        '1': { name: 'keyword.other.caption.dgm' },
        '2': { name: 'punctuation.separator.key-value.dgm' },
        '3': { name: 'string.unquoted.caption.dgm' }
      }
    },
    phase: {
      match: String.raw`^\s*(phase)(?:\s*(\([^)]*\))|\s+([^\s:#]+))?\s*(:)`,
      captures: {
        '1': { name: 'keyword.control.phase.dgm' },
        '2': { name: 'entity.name.section.phase.dgm' },
        '3': { name: 'entity.name.section.phase.dgm' },
        '4': { name: 'punctuation.separator.key-value.dgm' }
      }
    },
    schedule: {
      begin: String.raw`^\s*(?:(${either(KEYWORDS.schedule)})\s*(:)|(${either(KEYWORDS.scheduleInside)})\s+([^:#\s][^:#]*)?(:)|(${either(KEYWORDS.schedulePeriod)})\s+([^:#\s][^:#]*)?(:))`,
      beginCaptures: {
        ...keyword('schedule'),
        '2': KEY_VALUE,
        ...keyword('scheduleInside', '3'),
        '4': { name: 'entity.name.section.phase.dgm' },
        '5': KEY_VALUE,
        ...keyword('schedulePeriod', '6'),
        '7': { name: 'entity.name.section.period.dgm' },
        '8': KEY_VALUE
      },
      end: '$',
      patterns: [
        { include: '#comment' },
        { include: '#arrow' },
        { include: '#punctuation' },
        {
          match: String.raw`(\([^)]*\)|[^\s,#;:()→-]+)(?:\s+([x×]\s?[^\s,#;:→-]+))?`,
          captures: {
            '1': { name: 'entity.name.section.phase.dgm' },
            '2': { name: 'keyword.operator.count.dgm' }
          }
        }
      ]
    },
    source: {
      match: String.raw`^\s*([^~∼～#"\s][^~∼～#"]*)([~∼～])`,
      captures: {
        '1': { name: 'entity.name.class.source.dgm' },
        '2': { name: 'keyword.operator.sample.dgm' }
      }
    },
    binding: {
      match: String.raw`^\s*(${NAME})\s*(=)`,
      captures: {
        '1': { name: 'entity.name.variable.binding.dgm' },
        '2': { name: 'keyword.operator.assignment.dgm' }
      }
    },
    'weights-and-time': {
      patterns: [
        {
          match: String.raw`^\s*(${either(KEYWORDS.frame)})\s+([^:#\s][^:#]*)?(:)`,
          captures: {
            ...keyword('frame'),
            '2': { name: 'entity.name.section.frame.dgm' },
            '3': { name: 'punctuation.separator.key-value.dgm' }
          }
        },
        {
          begin: String.raw`^\s*(update)(?=\s)`,
          beginCaptures: keyword('weights'),
          end: '$',
          patterns: [
            {
              match: '(:)(.*)$',
              captures: {
                '1': { name: 'punctuation.separator.key-value.dgm' },
                '2': { name: 'string.unquoted.rule.dgm' }
              }
            },
            { match: String.raw`(?<=\s)(${either(KEYWORDS.from)})(?=\s)`, captures: keyword('from') },
            { include: '#term' }
          ]
        },
        { match: String.raw`^\s*(${either(KEYWORDS.weights)})(?=\s)`, captures: keyword('weights') },
        { match: String.raw`(?<=\s)(${either(KEYWORDS.from)})(?=\s)`, captures: keyword('from') },
        {
          match: String.raw`^\s*((?:${NAME}\s*,\s*)+${NAME})\s*(=)`,
          captures: {
            '1': { name: 'entity.name.variable.binding.dgm' },
            '2': { name: 'keyword.operator.assignment.dgm' }
          }
        }
      ]
    },
    environment: {
      patterns: [
        {
          match: String.raw`^\s*(environment)\s+([^\s:#]+)\s*(:)`,
          captures: { ...keyword('environment'), '2': { name: 'entity.name.class.environment.dgm' }, '3': KEY_VALUE }
        },
        {
          begin: String.raw`^\s*(store)(?=\s+[^\s,=~-])`,
          beginCaptures: keyword('environment'),
          end: '$',
          patterns: [{ include: '#between' }, { include: '#comment' }, { include: '#term' }, { include: '#punctuation' }]
        }
      ]
    },
    derivative: {
      begin: String.raw`^\s*(${either(KEYWORDS.derivative)})(?=\s+[^\s,=~-])`,
      beginCaptures: keyword('derivative'),
      end: '$',
      patterns: [{ include: '#between' }, { include: '#comment' }, { include: '#term' }, { include: '#punctuation' }]
    },
    between: { match: String.raw`(?<=\s)(${either(KEYWORDS.between)})(?=\s)`, captures: keyword('between') },
    subset: { match: String.raw`(?<=\S\s)(${either(KEYWORDS.subset)})(?=\s+[^\s,;#\-→])`, captures: keyword('subset') },
    objective: { match: String.raw`(?:^|(?<=[:;]))\s*(${either(KEYWORDS.objective)})(?=[\s"\[(]|$)`, captures: keyword('objective') },
    stop: { match: String.raw`^\s*(${either(KEYWORDS.stop)})(?=\s+[^\s,=~-])`, captures: keyword('stop') },
    train: { match: String.raw`(?<=[:;])\s*(${either(KEYWORDS.train)})(?=[\s"\[(]|$)`, captures: keyword('train') },
    comment: { match: '#.*$', name: 'comment.line.number-sign.dgm' },
    term: { patterns: ['arrow', 'bold', 'star', 'string', 'slice', 'inverse', 'module', 'op', 'tex', 'name'].map((name) => ({ include: `#${name}` })) },
    arrow: { match: '->|→', name: 'keyword.operator.arrow.dgm' },
    bold: {
      match: String.raw`(\*\*)([^*]*)(\*\*)`,
      captures: {
        '1': { name: 'punctuation.definition.bold.begin.dgm' },
        '2': { name: 'markup.bold.given.dgm' },
        '3': { name: 'punctuation.definition.bold.end.dgm' }
      }
    },
    // Not a script's star (`v_*`, `\theta^{*}`): that is part of the name (see lex.ts).
    star: { match: String.raw`(?<![_^])(?<![_^]\{)\*`, name: 'storage.modifier.trainable.dgm' },
    string: {
      match: '(")([^"]*)(")',
      captures: {
        '0': { name: 'string.quoted.double.dgm' },
        '1': { name: 'punctuation.definition.string.begin.dgm' },
        '3': { name: 'punctuation.definition.string.end.dgm' }
      }
    },
    slice: { match: String.raw`(?<=[\w'}])\[\s*(?::|:-1|1:)\s*\]`, name: 'keyword.operator.slice.dgm' },
    inverse: { match: String.raw`(?<=\])\^(?:\{-1\}|-1)`, name: 'keyword.operator.inverse.dgm' },
    module: {
      begin: String.raw`\[`,
      end: String.raw`\]|$`,
      beginCaptures: { '0': { name: 'punctuation.definition.module.begin.dgm' } },
      endCaptures: { '0': { name: 'punctuation.definition.module.end.dgm' } },
      contentName: 'entity.name.function.module.dgm',
      patterns: [{ include: '#tex' }, { include: '#nested-bracket' }]
    },
    'nested-bracket': {
      begin: String.raw`\[`,
      end: String.raw`\]|$`,
      patterns: [{ include: '#tex' }, { include: '#nested-bracket' }]
    },
    op: {
      begin: String.raw`\(`,
      end: String.raw`\)|$`,
      beginCaptures: { '0': { name: 'punctuation.definition.op.begin.dgm' } },
      endCaptures: { '0': { name: 'punctuation.definition.op.end.dgm' } },
      contentName: 'support.function.op.dgm',
      patterns: [{ include: '#tex' }, { include: '#nested-paren' }]
    },
    'nested-paren': {
      begin: String.raw`\(`,
      end: String.raw`\)|$`,
      patterns: [{ include: '#tex' }, { include: '#nested-paren' }]
    },
    tex: { match: String.raw`\\[A-Za-z]+`, name: 'constant.character.tex.dgm' },
    // A script's star (`v_*`, `x^{*}`) belongs to the name, and so does a closed script group
    // (`x_{1:T}`, `w_{i,j}`), as lex.ts reads them.
    name: { match: String.raw`(?:(?<=[_^])\{(?:[^{}\n]|\{[^{}\n]*\})*\}|[^\s,~∼～，=\[\]()"#;:*→\\-]|(?<=[_^])\*|(?<=[_^]\{)\*|-(?!>))+`, name: 'variable.other.dgm' },
    punctuation: {
      patterns: [
        { match: '[,，]', name: 'punctuation.separator.comma.dgm' },
        { match: ';', name: 'punctuation.separator.semicolon.dgm' }
      ]
    }
  }
}
