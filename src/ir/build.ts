/**
 * Ast → Diagram: decides which words name which node ("the same name means
 * the same node"), resolves bound names, and turns labels into display runs.
 */
import type { Diagnostic, Span } from '../diagnostics.js'
import type { Ast, ObjectiveStatement, Ref, Term } from '../parse/ast.js'
import { PRIOR_PATTERN, priorLabel, toRuns } from '../text/label.js'
import type { Diagram, DiagramNode, Objective, Phase, Wire } from './types.js'

/** An operator symbol followed by a note is an inline op: `(× \sigma)`. */
const INLINE_OP = /^([+\-−×*·/⊙⊕⊗∘]|\\(?:times|cdot|odot|oplus|otimes|circ))\s+(.+)$/

const SLICE_SUFFIX = { all: '[:]', 'drop-last': '[:-1]', 'drop-first': '[1:]' } as const

/** Levenshtein distance, for "did you mean" hints on short names. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]!
}

export interface BuildResult {
  diagram: Diagram
  diagnostics: Diagnostic[]
}

/** Build the diagram IR from a syntax tree. Never throws. */
export function build(ast: Ast): BuildResult {
  const diagnostics: Diagnostic[] = []
  const nodes = new Map<string, DiagramNode>()
  const wires = new Map<string, Wire>()
  const bindings = new Map<string, string>()
  const slices: DiagramNode[] = []
  const declaredSequences = new Set<string>()
  let caption: string | undefined

  const error = (ruleId: string, message: string, span: Span) =>
    diagnostics.push({ severity: 'error', ruleId, message, span })

  function addNode(id: string, make: () => Omit<DiagramNode, 'id' | 'trainable' | 'given'>, term?: Term): DiagramNode {
    let node = nodes.get(id)
    if (!node) {
      node = { id, trainable: false, given: false, ...make() }
      nodes.set(id, node)
    }
    if (term?.trainable) node.trainable = true
    if (term?.given) {
      node.given = true
      node.text = node.text.map((run) => ({ ...run, bold: true }))
    }
    return node
  }

  function opNode(text: string, span: Span) {
    const inline = INLINE_OP.exec(text)
    return inline
      ? { kind: 'op' as const, label: text, text: toRuns(inline[1]!), note: toRuns(inline[2]!), span }
      : { kind: 'op' as const, label: text, text: toRuns(text), span }
  }

  /** The node a term stands for, created on first use. */
  function resolve(term: Term, boundName?: string): DiagramNode {
    if (term.form === 'module') {
      const id = boundName ?? `[${term.text}]`
      return addNode(id, () => ({ kind: 'module', label: term.text, text: toRuns(term.text), span: term.span }), term)
    }
    if (term.form === 'op') {
      return addNode(boundName ?? `(${term.text})`, () => opNode(term.text, term.span), term)
    }
    const bound = !term.quoted && !term.slice ? bindings.get(term.text) : undefined
    if (bound) {
      const node = nodes.get(bound)!
      if (term.trainable) node.trainable = true
      return node
    }
    if (term.slice === 'all') declaredSequences.add(term.text)
    if (!term.slice || term.slice === 'all') {
      const node = addNode(term.text, () => ({ kind: 'variable', label: term.text, text: toRuns(term.text, { math: !term.quoted }), span: term.span }), term)
      return node
    }
    const id = term.text + SLICE_SUFFIX[term.slice]
    const drop = term.slice === 'drop-last' ? 'last' : 'first'
    const node = addNode(id, () => ({
      kind: 'variable',
      label: id,
      text: [...toRuns(term.text), { text: drop === 'last' ? '0..n-1' : '1..n', shift: 'sub' }],
      span: term.span
    }), term)
    if (!slices.includes(node)) slices.push(node)
    return node
  }

  function connect(from: DiagramNode, to: DiagramNode, kind: Wire['kind'], span: Span) {
    const key = `${from.id}\u0000${to.id}`
    if (!wires.has(key)) wires.set(key, { from: from.id, to: to.id, kind, span })
  }

  // Bindings first, so a name may be used above the line that binds it.
  for (const s of ast.statements) {
    if (s.type !== 'bind') continue
    if (s.term.form === 'word') {
      error('bind-term', `Expected \`[module]\` or \`(op)\` after \`${s.name.text} =\`, got \`${s.term.text}\``, s.term.span)
      continue
    }
    if (bindings.has(s.name.text)) {
      error('duplicate-binding', `Expected each name to be bound once, got \`${s.name.text}\` again`, s.name.span)
      continue
    }
    bindings.set(s.name.text, s.name.text)
    resolve(s.term, s.name.text)
  }

  for (const s of ast.statements) {
    switch (s.type) {
      case 'caption':
        caption = s.text
        break
      case 'sample': {
        const prior = PRIOR_PATTERN.test(s.source.text)
        const source = addNode(`source:${s.source.text}`, () => ({
          kind: prior ? 'prior' : 'dataset',
          label: s.source.text,
          text: toRuns(prior ? priorLabel(s.source.text) : s.source.text, { bold: !prior, math: prior }),
          span: s.source.span
        }))
        for (const target of s.targets) {
          if (target.form !== 'word') {
            error('sample-target', `Expected a variable after \`~\`, got a ${target.form} \`${target.text}\``, target.span)
            continue
          }
          connect(source, resolve(target), 'sample', target.span)
        }
        break
      }
      case 'chain': {
        let previous: DiagramNode[] = s.groups[0]!.map((t) => resolve(t))
        for (const group of s.groups.slice(1)) {
          const current = group.map((t) => resolve(t))
          for (const from of previous) for (const to of current) connect(from, to, 'flow', s.span)
          previous = current
        }
        break
      }
      default:
        break
    }
  }

  // A slice draws as a strip only when its whole sequence was declared `x[:]`.
  for (const node of slices) {
    const base = node.label.replace(/\[[^\]]*\]$/, '')
    if (declaredSequences.has(base)) node.sequence = { drop: node.label.endsWith('[:-1]') ? 'last' : 'first', of: base }
  }
  for (const name of declaredSequences) {
    const node = nodes.get(name)
    if (node) node.sequence = { drop: 'none' }
  }

  /** Find the node a name in `min`, `max` or `train` refers to. */
  function lookup(ref: Ref, what: string): DiagramNode | undefined {
    const id = bindings.get(ref.text) ?? [ref.text, `[${ref.text}]`, `(${ref.text})`].find((k) => nodes.has(k))
    if (id) return nodes.get(id)
    const names = [...nodes.values()].filter((n) => n.kind !== 'dataset' && n.kind !== 'prior').map((n) => n.label)
    const near = names.filter((n) => distance(n, ref.text) <= Math.max(1, Math.floor(n.length / 3)))
    const hint = near.length ? `; did you mean \`${near[0]}\`?` : ''
    error('unknown-name', `Expected ${what}, got \`${ref.text}\`, which names no node${hint}`, ref.span)
    return undefined
  }

  function objectives(statement: ObjectiveStatement): Objective[] {
    return statement.targets.flatMap((ref) => {
      const node = lookup(ref, `a node of the diagram after \`${statement.direction}\``)
      return node ? [{ node: node.id, direction: statement.direction, span: ref.span }] : []
    })
  }

  const base: Objective[] = []
  for (const s of ast.statements) if (s.type === 'objective') base.push(...objectives(s))

  const phases: Phase[] = []
  for (const s of ast.statements) {
    if (s.type !== 'phase') continue
    const label = s.label ?? String.fromCharCode(97 + (phases.length % 26))
    const own = s.objectives.flatMap(objectives)
    const merged = [...base.filter((o) => !own.some((p) => p.node === o.node)), ...own]
    const trainable = s.train
      ? s.train.flatMap((ref) => lookup(ref, 'a node to train') ?? []).map((n) => n.id)
      : [...nodes.values()].filter((n) => n.trainable).map((n) => n.id)
    phases.push({ label, trainable: [...new Set(trainable)], objectives: merged, span: s.span })
  }

  return {
    diagram: {
      ...(caption !== undefined ? { caption } : {}),
      nodes: [...nodes.values()],
      wires: [...wires.values()],
      objectives: base,
      phases
    },
    diagnostics
  }
}
