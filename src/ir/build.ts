/**
 * Ast → Diagram: decides which words name which node ("the same name means
 * the same node"), resolves bound names, and turns labels into display runs.
 */
import type { Diagnostic, Span } from '../diagnostics.js'
import { MAX_HINT_CHARS, MAX_HINTS, MAX_NODES, MAX_PHASE_ELEMENTS, MAX_SCHEDULE_STEPS, MAX_WIRES } from '../limits.js'
import type { EnvironmentStatement, StoreStatement } from '../parse/ast.js'
import type { DensityStatement, GradStatement, TapStatement } from '../parse/ast.js'
import type { Ast, BankStatement, CarryStatement, ChainStatement, FrameStatement, LearnedStatement, ObjectiveStatement, Ref, SourceBindStatement, Term, TiedBindStatement, UpdateStatement } from '../parse/ast.js'
import { PRIOR_PATTERN, priorLabel, toRuns } from '../text/label.js'
import type { Diagram, DiagramNode, Group, Objective, Phase, Tie, Wire } from './types.js'
import type { ScheduleStatement, ScheduleStep } from '../parse/ast.js'
import type { Schedule } from './types.js'
import { append } from './multimap.js'
import { written } from './describe.js'

/** The run that ends a tied instance's label (and a shared stack's `×N`): the renderer draws it as the tie glyph. */
const TIE_MARK = ' ≡'

/** An operator symbol followed by a note is an inline op: `(× \sigma)`. */
const INLINE_OP = /^([+\-−×*·/⊙⊕⊗∘]|\\(?:times|cdot|odot|oplus|otimes|circ))\s+(.+)$/

/**
 * Text that is free-form unless it writes TeX: a script group (`X_{LR}`) or a
 * command (`\log \pi_w`). Then its scripts are drawn as scripts; else `_` and
 * `^` stay as written (`MS_COCO`, `"top_k loss"`).
 */
const WRITES_TEX = /[_^]\{|\\[A-Za-z]/

/**
 * A data set's name written as a symbol with a one-character script, as the
 * samples under it are (`X_t`, `(X_s, Y_s)`, `Y_1`, `E^+`): a lone letter,
 * not the end of a word (`MS_COCO`), and a script of one letter, of digits
 * or one sign.
 */
const SYMBOL_SCRIPT = /(?<![A-Za-z0-9])[A-Za-z][_^](?:[A-Za-z]|\d+|[+\-*])(?![A-Za-z0-9])/

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

/**
 * The first name within a third of its length (at least 1) of `unknown`, for a
 * "did you mean" hint. Names longer than MAX_HINT_CHARS are not compared, so a
 * hint costs at most MAX_NODES × MAX_HINT_CHARS² steps.
 */
function nearest(unknown: string, names: Iterable<string>): string | undefined {
  if (unknown.length > MAX_HINT_CHARS) return undefined
  for (const name of names) {
    if (name.length > MAX_HINT_CHARS) continue
    const allowed = Math.max(1, Math.floor(name.length / 3))
    if (Math.abs(name.length - unknown.length) <= allowed && distance(name, unknown) <= allowed) return name
  }
  return undefined
}

export interface BuildResult {
  /** Built up to the first budget exceeded, if any. */
  diagram: Diagram
  diagnostics: Diagnostic[]
  /** A budget (`limits.ts`) was exceeded: building stopped there, and later stages must not run. */
  refused: boolean
}

/** Thrown inside `build` to stop at the first exceeded budget, before the work it bounds. */
class Refused extends Error {}

/** Build the diagram IR from a syntax tree. Never throws. */
export function build(ast: Ast): BuildResult {
  const diagnostics: Diagnostic[] = []
  const nodes = new Map<string, DiagramNode>()
  const wires = new Map<string, Wire>()
  /** The wire of each `update` into its target (see closeLoops). */
  const updateWrites = new Set<Wire>()
  const bindings = new Map<string, string>()
  const slices = new Set<DiagramNode>()
  const declaredSequences = new Set<string>()
  const ties: Tie[] = []
  const groups: Group[] = []
  let caption: string | undefined

  const error = (ruleId: string, message: string, span: Span) =>
    diagnostics.push({ severity: 'error', ruleId, message, span })
  const refuse = (ruleId: string, message: string, span: Span): never => {
    error(ruleId, message, span)
    throw new Refused()
  }

  function addNode(id: string, make: () => Omit<DiagramNode, 'id' | 'trainable' | 'given'>, term?: Term): DiagramNode {
    let node = nodes.get(id)
    if (!node) {
      node = { id, trainable: false, given: false, ...make() }
      if (nodes.size >= MAX_NODES) {
        refuse('too-many-nodes', `Expected at most ${MAX_NODES} nodes, got \`${node.label}\` as node ${MAX_NODES + 1}: split the diagram into smaller figures`, node.span)
      }
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
      ? { kind: 'op' as const, label: text, text: toRuns(inline[1]!), note: toRuns(inline[2]!), inline: true as const, span }
      : { kind: 'op' as const, label: text, text: toRuns(text), span }
  }

  /** The node a term stands for, created on first use. */
  function resolve(term: Term, boundName?: string): DiagramNode {
    if (term.form === 'module') {
      if (term.inverse) return inverseUse(term, boundName)
      const id = boundName ?? `[${term.text}]`
      return addNode(id, () => ({ kind: 'module', label: term.text, text: toRuns(term.text), span: term.span }), term)
    }
    if (term.form === 'op') {
      return addNode(boundName ?? `(${term.text})`, () => opNode(term.text, term.span), term)
    }
    const bound = !term.quoted && !term.slice ? bindings.get(term.text) : undefined
    if (bound) {
      const node = nodes.get(bound)!
      if (node.kind === 'dataset' || node.kind === 'prior') sourceAsVariable(term.text, node, term.span)
      if (term.trainable) node.trainable = true
      return node
    }
    if (term.slice === 'all') declaredSequences.add(term.text)
    if (!term.slice || term.slice === 'all') {
      const node = addNode(term.text, () => ({ kind: 'variable', label: term.text, text: toRuns(term.text, { math: !term.quoted || WRITES_TEX.test(term.text) }), span: term.span }), term)
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
    slices.add(node)
    return node
  }

  function connect(from: DiagramNode, to: DiagramNode, kind: Wire['kind'], span: Span): Wire {
    const key = `${from.id}\u0000${to.id}`
    let wire = wires.get(key)
    if (!wire) {
      wire = { from: from.id, to: to.id, kind, span }
      wires.set(key, wire)
    }
    return wire
  }

  /** The wires of `a, b -> c -> d`, made on first use. */
  function chain(s: ChainStatement): Wire[] {
    return flowInto(s.groups[0]!.map((t) => resolve(t)), s.groups.slice(1), s.span)
  }

  /** The wires from `first` through each of `groups` in turn, every node of a group to every node of the next. */
  function flowInto(first: DiagramNode[], groups: Term[][], span: Span): Wire[] {
    const made: Wire[] = []
    let previous = first
    for (const group of groups) {
      budgetWires(previous.length * group.length, { start: group[0]!.span.start, end: group[group.length - 1]!.span.end })
      const current = group.map((t) => resolve(t))
      for (const from of previous) for (const to of current) made.push(connect(from, to, 'flow', span))
      previous = current
    }
    return made
  }

  /** Refuse `count` new wires, counted as written, before they are made. */
  function budgetWires(count: number, span: Span) {
    if (wires.size + count <= MAX_WIRES) return
    refuse(
      'too-many-wires',
      `Expected at most ${MAX_WIRES} wires, got ${wires.size + count} with this group (\`a, b -> c, d\` draws a wire from each name on the left to each on the right): split the diagram into smaller figures, or route many wires through one node`,
      span
    )
  }

  // ── Weights and time (issue 10) ──

  /** A source drawn from its written text: a prior when it reads as a distribution, else a data set. */
  function sourceNode(written: string, span: Span) {
    const prior = PRIOR_PATTERN.test(written)
    return {
      kind: prior ? ('prior' as const) : ('dataset' as const),
      label: written,
      // A data set's name is taken as written (`MS_COCO`) unless it writes TeX (`X_{LR}`) or a symbol's script (`X_t`).
      text: toRuns(prior ? priorLabel(written) : written, { bold: !prior, math: prior || WRITES_TEX.test(written) || SYMBOL_SCRIPT.test(written) }),
      span
    }
  }

  /** `p = N(0, 1)` names a source; `f1, f2 = *[f]` makes tied instances of one module. */
  function bindWeights(s: SourceBindStatement | TiedBindStatement) {
    const names = s.type === 'bind-source' ? [s.name] : s.names
    const fresh = names.filter((name) => {
      if (!bindings.has(name.text) && !names.some((other) => other !== name && other.text === name.text)) return true
      error('duplicate-binding', `Expected each name to be bound once, got \`${name.text}\` again`, name.span)
      return false
    })
    if (s.type === 'bind-source') {
      for (const name of fresh) {
        bindings.set(name.text, name.text)
        addNode(name.text, () => sourceNode(s.source.text, s.source.span))
      }
      return
    }
    const instances = fresh.map((name) => {
      bindings.set(name.text, name.text)
      // An op has no weights to tie: its instances are just named apart.
      if (s.term.form === 'op') return addNode(name.text, () => opNode(s.term.text, name.span), s.term)
      // The tie mark: `≡` after the label, the same on every instance of the set.
      return addNode(name.text, () => ({ kind: 'module', label: s.term.text, text: [...toRuns(s.term.text), { text: TIE_MARK }], span: name.span }), s.term)
    })
    if (s.term.form === 'op') return
    if (instances.length > 1) ties.push({ label: s.term.text, nodes: instances.map((n) => n.id), span: s.span })
  }

  /** The node a bound source name stands for before `~`, or undefined for a source written out. */
  function boundSource(ref: Ref): DiagramNode | undefined {
    const id = bindings.get(ref.text)
    if (!id) return undefined
    const node = nodes.get(id)!
    if (node.kind === 'dataset' || node.kind === 'prior') return node
    error('sample-source', `Expected a data set or prior before \`~\`, got \`${ref.text}\`, which names a ${node.kind}`, ref.span)
    return undefined
  }

  function sourceAsVariable(name: string, source: DiagramNode, span: Span) {
    diagnostics.push({
      severity: 'warning',
      ruleId: 'source-as-variable',
      message: `Expected a variable, got \`${name}\`, the name of ${source.kind === 'prior' ? 'prior' : 'data set'} \`${source.label}\`: sample from it (\`${name} ~ ${name.toLowerCase() === name ? `${name}_1` : name.toLowerCase()}\`) and use the sample`,
      span
    })
  }

  /**
   * One wire written with `stop` and without (a straight-through estimator,
   * `y_hard - sg(y_soft) + y_soft`, as `stop y_soft -> (ST)` and `y_soft -> (ST)`):
   * one name to one name is one wire, which either carries the gradient or
   * not, and the stop wins; the author meant two values.
   */
  function stoppedAndNot(carrying: Map<Wire, Span>, stopping: Map<Wire, Span>) {
    for (const [wire, span] of stopping) {
      const plain = carrying.get(wire)
      if (!plain) continue
      const [from, to] = [written(nodes.get(wire.from)!), written(nodes.get(wire.to)!)]
      diagnostics.push({
        severity: 'warning',
        ruleId: 'stopped-and-not',
        message: `Expected \`${from} -> ${to}\` either with \`stop\` (line ${span.start.line}) or without (line ${plain.start.line}), got both: it is one wire, drawn stopped; for a value used both ways, pass the stopped copy through an op of its own (\`stop ${from} -> (sg) -> "sg(${nodes.get(wire.from)!.label})"\`)`,
        span: plain.start.line > span.start.line ? plain : span
      })
    }
  }

  /** `X ~ x` then `X -> [f]`: the data set's name used as a variable, which draws a second, unrelated `X`. */
  function datasetNamesAsVariables() {
    const sources = new Map([...nodes.values()].filter((n) => n.kind === 'dataset').map((n) => [n.label, n]))
    for (const node of nodes.values()) {
      const source = node.kind === 'variable' ? sources.get(node.label) : undefined
      if (source && !bindings.has(node.label)) sourceAsVariable(node.label, source, node.span)
    }
  }

  /**
   * `carry h -> [cell] from h_0`: the state runs back up into the cell, to be
   * read one step later; its initial value enters the cell as a plain wire,
   * and is given (drawn bold) unless it is trained or computed.
   */
  function carry(s: CarryStatement) {
    budgetWires(2, s.span)
    const from = resolve(s.from)
    const to = resolve(s.to)
    const key = `${from.id}\u0000${to.id}`
    const existing = wires.get(key)
    if (existing) existing.back = true
    else wires.set(key, { from: from.id, to: to.id, kind: 'flow', back: true, span: s.span })
    if (!s.initial) return
    const initial = resolve(s.initial)
    connect(initial, to, 'flow', s.initial.span)
    initialStates.push(initial)
  }

  /** `bank [D] by t`: the module is drawn as a deck of cards, and the index feeds it. */
  function bank(s: BankStatement) {
    // A tied set's label (`d_1, d_2 = *[D_k]`, then `bank [D_k] by k`) names every instance: one bank applied twice.
    const tie = s.module.form === 'module' ? ties.find((t) => t.label === s.module.text) : undefined
    const modules = tie ? tie.nodes.map((id) => nodes.get(id)!) : [resolve(s.module)]
    budgetWires(modules.length, s.span)
    const index = resolve(s.index)
    for (const module of modules) {
      module.bank = true
      connect(index, module, 'flow', s.index.span)
    }
  }

  /** `learned cls, e_{pos}`: trained tensors shared by every sample, starred and boxed. */
  function learned(s: LearnedStatement) {
    for (const term of s.targets) {
      const node = resolve(term)
      if (node.kind !== 'variable') continue
      node.learned = true
      node.trainable = true
    }
  }

  /**
   * `update target from online: EMA \tau`: the rule is an op between the two,
   * on dashed wires; the target becomes state (boxed when it is a variable).
   */
  function update(s: UpdateStatement) {
    budgetWires(2, s.span)
    const target = existing(s.target)
    const source = existing(s.source)
    const rule = addNode(`update:${target.id}`, () => opNode(s.rule.text, s.rule.span))
    target.state = true
    for (const [from, to] of [[source, rule], [rule, target]] as const) {
      const key = `${from.id}\u0000${to.id}`
      if (!wires.has(key)) wires.set(key, { from: from.id, to: to.id, kind: 'flow', update: true, span: s.span })
    }
    updateWrites.add(wires.get(`${rule.id}\u0000${target.id}`)!)
  }

  /**
   * A bare word names a module or op drawn elsewhere (`update target from online`), or a tied
   * set by its label (`update Q' from Q` after `Q_1, Q_2 = *[Q]`: its first instance, as `train Q`
   * reads), before it names a variable.
   */
  function existing(term: Term): DiagramNode {
    const bare = term.form === 'word' && !term.quoted && !bindings.has(term.text)
    const tied = () => (nodes.has(term.text) ? undefined : ties.find((t) => t.label === term.text)?.nodes[0])
    const id = bare ? ([`[${term.text}]`, `(${term.text})`].find((k) => nodes.has(k)) ?? tied()) : undefined
    return id ? nodes.get(id)! : resolve(term)
  }

  /** Initial states given to `carry … from`, made given after all wires are known. */
  const initialStates: DiagramNode[] = []
  function giveInitialStates() {
    for (const node of initialStates) {
      const produced = [...wires.values()].some((w) => w.to === node.id)
      if (node.kind === 'variable' && !node.trainable && !produced && !node.given) {
        node.given = true
        node.text = node.text.map((run) => ({ ...run, bold: true }))
      }
    }
  }

  /**
   * `repeat N: a, b` / `loop t = T -> 1: a, b`: a labelled frame around the
   * named nodes. Frames nest whichever is written first: one whose nodes all
   * sit in another goes inside it, around the frames whose nodes it holds;
   * frames that cut each other are refused, as a frame cannot draw that.
   */
  function frame(s: FrameStatement, lookup: (ref: Ref, what: string) => DiagramNode | undefined) {
    const members = [...new Set(s.members.flatMap((ref) => lookup(ref, `a node to put in the ${s.keyword === 'loop' ? 'loop' : 'stack'}`) ?? []).map((n) => n.id))]
    if (!members.length) return
    const label =
      s.keyword === 'loop'
        ? toRuns(s.header.replace(/\s*->\s*/g, ' → ').replace(/\.\./g, '‥'))
        : [{ text: `×${s.header}${s.shared ? TIE_MARK : ''}` }]
    const inFrame = new Set(members)
    const nestedIn = new Map<string, Group[]>()
    for (const g of groups) if (g.parent) append(nestedIn, g.parent, g)
    /** A group's nodes with those of the groups nested in it, each found once per frame line. */
    const found = new Map<string, string[]>()
    const all = (g: Group): string[] => found.get(g.id) ?? found.set(g.id, [...g.nodes, ...(nestedIn.get(g.id) ?? []).flatMap(all)]).get(g.id)!
    // Inside the innermost frame that holds every member; around the frames beside it whose nodes are all members.
    const holders = groups.filter((g) => {
      const nodes = new Set(all(g))
      return members.every((id) => nodes.has(id))
    })
    const parent = holders.find((g) => !holders.some((h) => h.parent === g.id))
    const siblings = groups.filter((g) => g.parent === parent?.id)
    const inner = siblings.filter((g) => all(g).every((id) => inFrame.has(id)))
    const clash = siblings.find((g) => !inner.includes(g) && all(g).some((id) => inFrame.has(id)))
    if (clash) {
      error('frame-overlap', `Expected the frames to nest, got \`${s.header}\` sharing nodes with another frame but neither inside the other`, s.span)
      return
    }
    const id = `frame${groups.length + 1}`
    const nested = new Set(inner.flatMap(all))
    if (parent) parent.nodes = parent.nodes.filter((n) => !inFrame.has(n))
    for (const g of inner) g.parent = id
    groups.push({ id, label, nodes: members.filter((n) => !nested.has(n)), ...(parent ? { parent: parent.id } : {}) })
  }

  // ── Environments and buffers (issue 11) ──

  /**
   * `environment Env: a -> s', r`: a box of its own, named like a bound name
   * (a phase may leave it out, `without Env`), wired from the action and to
   * what it gives back.
   */
  function environment(s: EnvironmentStatement) {
    if (bindings.has(s.name.text)) {
      error('duplicate-binding', `Expected each name to be bound once, got \`${s.name.text}\` again`, s.name.span)
      return
    }
    budgetWires(s.inputs.length + s.outputs.length, s.span)
    bindings.set(s.name.text, s.name.text)
    const env = addNode(s.name.text, () => ({ kind: 'module', label: s.name.text, text: toRuns(s.name.text), environment: true, span: s.name.span }))
    for (const t of s.inputs) connect(resolve(t), env, 'flow', t.span)
    for (const t of s.outputs) connect(env, resolve(t), 'flow', t.span)
  }

  /**
   * `store s, a, r, s' in D`: each value runs back up into the data set, a
   * write that carries no gradient; the data set must be one the diagram
   * samples from or binds (`D ~ s, a`, `D = Replay`).
   */
  function store(s: StoreStatement) {
    const id = bindings.get(s.into.text) ?? (nodes.has(`source:${s.into.text}`) ? `source:${s.into.text}` : undefined)
    const buffer = id === undefined ? undefined : nodes.get(id)!
    if (buffer?.kind !== 'dataset') {
      const got = buffer ? `${buffer.environment ? 'environment' : buffer.kind} \`${buffer.label}\`` : `\`${s.into.text}\`, which names no data set`
      error('store-target', `Expected a data set after \`in\` (a buffer the diagram samples from, \`${s.into.text} ~ s, a\`), got ${got}`, s.into.span)
      return
    }
    budgetWires(s.values.length, s.span)
    for (const t of s.values) {
      const value = resolve(t)
      const key = `${value.id}\u0000${buffer.id}`
      const wire = wires.get(key) ?? { from: value.id, to: buffer.id, kind: 'flow' as const, span: t.span }
      wire.back = true
      wire.store = true
      wires.set(key, wire)
    }
  }

  /**
   * Wires that close a loop on purpose run back up, read at the next step, as
   * a `carry` would: an environment that gives back the state its agent reads
   * (`environment Env: a -> s, r` with `s -> [policy] -> a`), and an update
   * that writes the weights its source was made from (Reptile's or federated
   * averaging's `update [global] from [client]` where `[global] -> (copy) ->
   * [client]`): the write lands after the step, not inside it.
   */
  function closeLoops() {
    const fromEnvironment = (w: Wire) => nodes.get(w.from)!.environment === true && !w.back
    const writing = (w: Wire) => updateWrites.has(w) && !w.back
    // The environment's wires first, each tested on the graph without any closing wire: a loop
    // that only an update closes (a policy's weights written from a return and read back through
    // the state) is not the environment's to close. Then each update's write, on the graph with
    // the environment's wires that stayed forward: evolution strategies' `update \theta from R`,
    // R given back by the world that \theta acted in, writes after the episode.
    const children = new Map<string, string[]>()
    for (const w of wires.values()) if (!w.back && !fromEnvironment(w) && !writing(w)) append(children, w.from, w.to)
    const closes = (w: Wire) => {
      const seen = new Set<string>()
      const stack = [w.to]
      while (stack.length) {
        const id = stack.pop()!
        if (seen.has(id)) continue
        seen.add(id)
        stack.push(...(children.get(id) ?? []))
      }
      return seen.has(w.from)
    }
    const environmentWires = [...wires.values()].filter(fromEnvironment)
    for (const w of environmentWires) if (closes(w)) w.back = true
    for (const w of environmentWires) if (!w.back) append(children, w.from, w.to)
    for (const w of [...wires.values()].filter(writing)) if (closes(w)) w.back = true
  }

  /** Training one instance of a tied set trains the set: every instance is starred. */
  function withTiedInstances(ids: string[]): string[] {
    return ids.flatMap((id) => ties.find((t) => t.nodes.includes(id))?.nodes ?? [id])
  }

  // ── Derivatives, taps, side outputs and subsets (issue 11) ──

  /** Inverse uses (`[f]^{-1}`), tied to their forward module once every chain is read. */
  const inverses: DiagramNode[] = []

  /** `[f]^{-1}`: a box of its own, labelled `f⁻¹`, with the forward module's weights. */
  function inverseUse(term: Term, boundName?: string): DiagramNode {
    const node = addNode(boundName ?? `[${term.text}]^{-1}`, () => ({ kind: 'module', label: `${term.text}^{-1}`, text: [...toRuns(term.text), { text: '−1', shift: 'sup' }], inverse: `[${term.text}]`, span: term.span }), term)
    if (!inverses.includes(node)) inverses.push(node)
    return node
  }

  /**
   * An inverse use shares its forward module's weights: the pair is a tied
   * set (a gradient into either trains both, training either stars both),
   * joined to the module's own tie when it has one.
   */
  function tieInverses() {
    for (const node of inverses) {
      const forward = node.inverse!
      const label = forward.slice(1, -1)
      const tie = ties.find((t) => t.label === label && !t.nodes.includes(node.id))
      if (tie) tie.nodes.push(node.id)
      else if (nodes.has(forward)) ties.push({ label, nodes: [forward, node.id], span: node.span })
      else continue
      const set = tie?.nodes ?? [forward, node.id]
      if (set.some((id) => nodes.get(id)!.trainable)) for (const id of set) nodes.get(id)!.trainable = true
    }
  }

  /**
   * `grad [D] wrt x -> g`: an op `∇ₓ` fed by `x` and linked to what it
   * differentiates by a derivative wire, along which a gradient into the op
   * reaches the module's weights (double backprop, as in R1 or WGAN-GP).
   * `tap [f] at h`: wires that leave the module's side. `density p at z`: an
   * op `log p` fed by the prior (no tilde: nothing is sampled) and by `z`.
   */
  function derivative(s: GradStatement | TapStatement | DensityStatement, lookup: (ref: Ref, what: string) => DiagramNode | undefined) {
    if (s.type === 'tap') {
      const module = existing(s.module)
      if (module.kind !== 'module') {
        error('tap-module', `Expected a \`[module]\` after \`tap\`, got ${module.kind} \`${module.label}\`: a tap is a feature computed inside a network`, s.module.span)
        return
      }
      budgetWires(s.taps.length, s.span)
      const taps = s.taps.map((t) => resolve(t))
      for (const tap of taps) connect(module, tap, 'flow', s.span).tap = true
      flowInto(taps, s.then, s.span)
      return
    }
    if (s.type === 'grad') {
      const target = nodes.get(`source:${s.target.text}`) ?? lookup(s.target, 'a module or value to differentiate after `grad`')
      if (!target) return
      if (target.kind === 'dataset' || target.kind === 'prior') {
        error('derivative-target', `Expected a module, op or computed value after \`grad\`, got ${target.kind === 'prior' ? 'prior' : 'data set'} \`${target.label}\`, which computes nothing`, s.target.span)
        return
      }
      budgetWires(2, s.span)
      const wrt = resolve(s.wrt)
      // ∇ with respect to a tied instance is with respect to the set's weights: no tie mark in the script.
      const sub = wrt.text.filter((run) => run.text !== TIE_MARK).map((run) => ({ ...run, shift: 'sub' as const }))
      const op = addNode(`grad:${target.id}:${wrt.id}`, () => ({ kind: 'op', label: `\\nabla_{${wrt.label}}`, text: [{ text: '∇' }, ...sub], derivative: { of: target.id, wrt: wrt.id }, span: s.span }))
      connect(wrt, op, 'flow', s.wrt.span)
      connect(target, op, 'flow', s.target.span).derivative = true
      flowInto([op], s.then, s.span)
      return
    }
    // A distribution the diagram computes (a policy's \\pi) has a density too: its log-probability, the score function's path.
    const computed = bindings.has(s.source.text) ? undefined : nodes.get(s.source.text)
    const source = (computed?.kind === 'variable' ? computed : undefined) ?? boundSource(s.source) ?? addNode(`source:${s.source.text}`, () => sourceNode(s.source.text, s.source.span))
    if (source.kind !== 'prior' && source.kind !== 'variable') {
      error('density-source', `Expected a prior (\`N(0, I)\`, \`U(0, 1)\`, …) or a distribution the diagram computes after \`density\`, got ${source.kind === 'dataset' ? 'data set' : source.kind} \`${source.label}\`, which has no density to evaluate`, s.source.span)
      return
    }
    budgetWires(2, s.span)
    const at = resolve(s.at)
    const label = source.kind === 'prior' ? '\\log p' : `\\log ${source.label}`
    const op = addNode(`density:${source.id}:${at.id}`, () => ({ kind: 'op', label, text: toRuns(label), span: s.span }))
    connect(source, op, 'flow', s.source.span).density = true
    connect(at, op, 'flow', s.at.span)
    flowInto([op], s.then, s.span)
  }

  /**
   * Nodes left out of every frame that belong in one. A `∇` op joins the
   * frame of the module it differentiates when its input is inside that frame
   * too (a guided sampler's loop): it is drawn attached to its module, and an
   * author cannot name it in `loop …:`. Any other node joins the innermost
   * frame that holds all it feeds when something inside that frame feeds it
   * too: computed from the frame's nodes and used only by them, it is part of
   * each step (an author lists the loop's main nodes and misses a small op
   * between them); drawn outside, its wires would leave the frame and come
   * back. Its other inputs may come from outside, as any wire may enter a
   * frame; wires that run back (a carry, a store) and updates do not count.
   */
  function joinFrames() {
    if (!groups.length) return
    const parentOf = new Map(groups.map((g) => [g, groups.find((p) => p.id === g.parent)]))
    const holder = new Map<string, Group>()
    for (const g of groups) for (const id of g.nodes) holder.set(id, g)
    /** The frames around a node, innermost first. */
    const chainOf = (id: string) => {
      const chain: Group[] = []
      for (let g = holder.get(id); g; g = parentOf.get(g)) chain.push(g)
      return chain
    }
    const join = (id: string, frame: Group) => {
      frame.nodes.push(id)
      holder.set(id, frame)
    }
    for (const node of nodes.values()) {
      if (!node.derivative || holder.has(node.id)) continue
      const frame = holder.get(node.derivative.of)
      if (frame && chainOf(node.derivative.wrt).includes(frame)) join(node.id, frame)
    }
    const inputs = new Map<string, string[]>()
    const outputs = new Map<string, string[]>()
    for (const w of wires.values()) {
      if (w.back || w.store || w.update) continue
      append(outputs, w.from, w.to)
      append(inputs, w.to, w.from)
    }
    // Until none joins: a node that joins may be the inside input or the last use another was waiting for.
    for (let joined = true; joined; ) {
      joined = false
      for (const node of nodes.values()) {
        if (holder.has(node.id) || node.kind === 'dataset' || node.kind === 'prior') continue
        const fed = outputs.get(node.id) ?? []
        if (!fed.length) continue
        // The innermost frame around every node it feeds: the deepest frame on all their chains.
        let common = chainOf(fed[0]!)
        for (const id of fed.slice(1)) {
          const chain = new Set(chainOf(id))
          common = common.filter((g) => chain.has(g))
        }
        const frame = common[0]
        if (frame && (inputs.get(node.id) ?? []).some((id) => chainOf(id).includes(frame))) {
          join(node.id, frame)
          joined = true
        }
      }
    }
  }

  /** `on m` after a term: drawn under its triangle; `node` when it names one (a mask the diagram computes). */
  function subsetOf(ref: Ref): NonNullable<Objective['subset']> {
    const id = bindings.get(ref.text) ?? (nodes.has(ref.text) ? ref.text : undefined)
    return { text: toRuns(ref.text), ...(id ? { node: id } : {}), span: ref.span }
  }

  const base: Objective[] = []
  const phases: Phase[] = []
  let hints = 0
  let refused = false
  let schedule: Schedule | undefined
  try {
    // Bindings first, so a name may be used above the line that binds it.
    for (const s of ast.statements) {
      if (s.type === 'bind-source' || s.type === 'bind-tied') bindWeights(s)
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

    const produced = producedNames(ast)
    // Where each wire was first written carrying its gradient, and where with `stop` in a line that
    // chains on: one wire cannot do both. A stop line of one arrow only marks wires (`stop m -> [layer]`
    // beside `e, m -> [layer] -> h`: Transformer-XL's cached state), so it is no such clash.
    const carrying = new Map<Wire, Span>()
    const stopping = new Map<Wire, Span>()
    const carries = (wire: Wire, span: Span) => carrying.set(wire, carrying.get(wire) ?? span)
    for (const s of ast.statements) {
      switch (s.type) {
        case 'caption':
          caption = s.text
          break
        case 'sample': {
          const source =
            boundSource(s.source) ??
            (produced.has(s.source.text)
              ? resolve({ form: 'word', text: s.source.text, trainable: false, given: false, quoted: false, span: s.source.span })
              : addNode(`source:${s.source.text}`, () => sourceNode(s.source.text, s.source.span)))
          budgetWires(s.targets.length, s.targets[0]!.span)
          for (const target of s.targets) {
            if (target.form !== 'word') {
              error('sample-target', `Expected a variable after \`~\`, got ${target.form === 'op' ? `op \`(${target.text})\`: a name with brackets is written in quotes, \`"(${target.text})"\`` : `module \`[${target.text}]\``}`, target.span)
              continue
            }
            connect(source, resolve(target), 'sample', target.span)
          }
          break
        }
        case 'chain':
          for (const wire of chain(s)) carries(wire, s.span)
          break
        case 'stop': {
          // Only the wires of the first arrow stop: `stop z -> [prior] -> p` is prior(sg(z)).
          const first = s.chain.groups[0]!.length * s.chain.groups[1]!.length
          chain(s.chain).forEach((wire, i) => {
            if (i >= first) carries(wire, s.span)
            else if (!stopping.has(wire)) {
              wire.stopGradient = true
              if (s.chain.groups.length > 2) stopping.set(wire, s.span)
            }
          })
          break
        }
        case 'carry':
          carry(s)
          break
        case 'learned':
          learned(s)
          break
        case 'environment':
          environment(s)
          break
        default:
          break
      }
    }

    // After every chain, so that `update target from online` finds the modules wherever they are drawn.
    for (const s of ast.statements) if (s.type === 'update') update(s)
    // After every tie, so that a bank may name a tied set declared below it.
    for (const s of ast.statements) if (s.type === 'bank') bank(s)
    // Derivatives, taps and densities add ops and wires that a store or an environment loop may read.
    for (const s of ast.statements) if (s.type === 'grad' || s.type === 'tap' || s.type === 'density') derivative(s, lookup)
    tieInverses()
    // After every sample line, so that `store … in D` finds the buffer wherever it is sampled.
    for (const s of ast.statements) if (s.type === 'store') store(s)
    closeLoops()
    datasetNamesAsVariables()
    giveInitialStates()
    stoppedAndNot(carrying, stopping)

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
      const id = bindings.get(ref.text) ?? ties.find((t) => t.label === ref.text)?.nodes[0] ?? [ref.text, `[${ref.text}]`, `(${ref.text})`].find((k) => nodes.has(k))
      if (id) return nodes.get(id)
      const source = nodes.get(`source:${ref.text}`)
      if (source) {
        const samples = [...wires.values()].filter((w) => w.from === source.id && w.kind === 'sample').map((w) => `\`${nodes.get(w.to)!.label}\``)
        error('unknown-name', `Expected ${what}, got ${source.kind === 'prior' ? 'prior' : 'data set'} \`${ref.text}\`, which only its samples stand for here${samples.length ? ` (${samples.join(', ')})` : ''}`, ref.span)
        return undefined
      }
      const hint = hints++ < MAX_HINTS ? nearest(ref.text, [...nodes.values()].filter((n) => n.kind !== 'dataset' && n.kind !== 'prior').map((n) => n.label)) : undefined
      error('unknown-name', `Expected ${what}, got \`${ref.text}\`, which names no node${hint ? `; did you mean \`${hint}\`?` : ''}`, ref.span)
      return undefined
    }

    /** The objectives of `statements`, the first one per node: a repeated `min x` adds nothing to draw. */
    function objectives(statements: ObjectiveStatement[]): Objective[] {
      const byNode = new Map<string, Objective>()
      for (const statement of statements) {
        statement.targets.forEach((ref, i) => {
          const node = lookup(ref, `a node of the diagram after \`${statement.direction}\``)
          const weight = statement.weights?.[i]
          const subset = statement.subsets?.[i]
          if (node && !byNode.has(node.id)) {
            byNode.set(node.id, { node: node.id, direction: statement.direction, ...(weight ? { weight: toRuns(weight.text) } : {}), ...(subset ? { subset: subsetOf(subset) } : {}), span: ref.span })
          }
        })
      }
      return [...byNode.values()]
    }

    for (const s of ast.statements) if (s.type === 'frame') frame(s, lookup)
    joinFrames()

    base.push(...objectives(ast.statements.filter((s) => s.type === 'objective')))

    /**
     * The nodes a phase's `without` leaves out, and with them every node all
     * of whose wires now end at a left-out node (a loss whose op is gone, a
     * data set whose samples are gone), until none is left to add.
     */
    function panelHidden(refs: Ref[]): Set<string> {
      const hidden = new Set(refs.flatMap((ref) => (nodes.has(`source:${ref.text}`) ? nodes.get(`source:${ref.text}`)! : lookup(ref, 'a node to leave out of the phase')) ?? []).map((n) => n.id))
      if (!hidden.size) return hidden
      const touching = new Map<string, Wire[]>()
      for (const w of wires.values()) for (const id of [w.from, w.to]) append(touching, id, w)
      let grown = true
      while (grown) {
        grown = false
        for (const [id, list] of touching) {
          if (!hidden.has(id) && list.every((w) => hidden.has(w.from === id ? w.to : w.from))) {
            hidden.add(id)
            grown = true
          }
        }
      }
      return hidden
    }

    for (const s of ast.statements) if (s.type === 'random' || s.type === 'batch') markOps(s.type, s.ops)

    /**
     * `random (dropout)`, `batch (BN)`: marks on analytic ops. A module's
     * randomness or batch coupling is drawn as an op beside it (`[f] -> (BN)`).
     */
    function markOps(mark: 'random' | 'batch', refs: Ref[]) {
      for (const ref of refs) {
        const node = lookup(ref, `an op after \`${mark}\``)
        if (!node) continue
        if (node.kind !== 'op') error(`${mark}-op`, `Expected an op \`(…)\` after \`${mark}\`, got ${node.kind} \`${node.label}\``, ref.span)
        else node[mark] = true
      }
    }

    const phaseStatements = ast.statements.filter((s) => s.type === 'phase')
    const panelElements = nodes.size + wires.size
    if (phaseStatements.length * panelElements > MAX_PHASE_ELEMENTS) {
      const first = phaseStatements[Math.floor(MAX_PHASE_ELEMENTS / panelElements)]!
      refuse(
        'too-many-phases',
        `Expected at most ${MAX_PHASE_ELEMENTS} drawn elements (phases × (nodes + wires)), got ${phaseStatements.length} phases × ${panelElements} = ${phaseStatements.length * panelElements}: every phase repeats the whole drawing, so split the phases over several figures`,
        first.span
      )
    }
    for (const s of phaseStatements) {
      const label = s.label ?? String.fromCharCode(97 + (phases.length % 26))
      const own = objectives(s.objectives)
      const overridden = new Set(own.map((o) => o.node))
      const hidden = panelHidden(s.without ?? [])
      // `phase sampling:` alone (nothing trained, nothing optimised) is an objective-free panel.
      const objectiveFree = s.train?.length === 0 && s.objectives.length === 0
      const merged = objectiveFree ? [] : [...base.filter((o) => !overridden.has(o.node)), ...own].filter((o) => !hidden.has(o.node))
      // A panel left with no objective (sampling, inference) trains nothing unless it says `train`.
      const trainable = s.train
        ? s.train.flatMap((ref) => lookup(ref, 'a node to train') ?? []).map((n) => n.id)
        : merged.length ? [...nodes.values()].filter((n) => n.trainable && !hidden.has(n.id)).map((n) => n.id) : []
      phases.push({ label, trainable: [...new Set(withTiedInstances(trainable))], objectives: merged, ...(hidden.size ? { hidden: [...hidden] } : {}), span: s.span })
    }
    schedule = buildSchedule(ast.statements.filter((s) => s.type === 'schedule'), phases, nodes, diagnostics)
  } catch (stop) {
    if (!(stop instanceof Refused)) throw stop
    refused = true
  }

  return {
    diagram: {
      ...(caption !== undefined ? { caption } : {}),
      nodes: [...nodes.values()],
      wires: [...wires.values()],
      objectives: base,
      phases,
      ...(ties.length ? { ties } : {}),
      ...(groups.length ? { groups } : {}),
      ...(schedule ? { schedule } : {})
    },
    diagnostics,
    refused
  }
}

/**
 * Names a chain computes (a word after an arrow): `\pi ~ a` under such a name
 * samples from a distribution the diagram produces (a policy's actions, a
 * language model's tokens) rather than from a data set.
 */
function producedNames(ast: Ast): Set<string> {
  const names = new Set<string>()
  for (const s of ast.statements) {
    const chain = s.type === 'chain' ? s : s.type === 'stop' ? s.chain : undefined
    const groups = chain?.groups.slice(1) ?? (s.type === 'tap' ? [s.taps, ...s.then] : s.type === 'grad' || s.type === 'density' ? s.then : [])
    for (const group of groups) for (const t of group) if (t.form === 'word' && !t.quoted && !t.slice) names.add(t.text)
  }
  return names
}

// ── Schedules between phases (issue 11) ──────────────────────────────────────

/**
 * The schedule lines, with each phase name resolved to its index in
 * `phases` (an `every` line may also name the target of an `update`, whose
 * rule op then carries the period as its side note). A name that is no phase
 * is an `unknown-phase` error with the nearest phase name; its relation is
 * left out. Undefined when no line says anything about the schedule.
 */
function buildSchedule(statements: ScheduleStatement[], phases: Phase[], nodes: Map<string, DiagramNode>, diagnostics: Diagnostic[]): Schedule | undefined {
  if (!statements.length) return undefined
  const schedule: Schedule = { sequences: [], alternations: [], nestings: [], periodic: [] }
  let hints = 0
  const unknown = (ref: Ref, extra = '') => {
    const hint = hints++ < MAX_HINTS ? nearest(ref.text, phases.map((p) => p.label)) : undefined
    const names = phases.length ? `; the phases are ${phases.slice(0, 8).map((p) => `\`${p.label}\``).join(', ')}${phases.length > 8 ? ', …' : ''}` : '; no `phase` line names one'
    diagnostics.push({
      severity: 'error',
      ruleId: 'unknown-phase',
      message: `Expected a phase${extra}, got \`${ref.text}\`, which names no phase${hint ? `; did you mean \`${hint}\`?` : names}`,
      span: ref.span
    })
    // Read as the phase meant, so that the misspelt phase is not also reported as left out of the schedule.
    return hint === undefined ? undefined : phases.findIndex((p) => p.label === hint)
  }
  const phaseOf = (ref: Ref): number | undefined => {
    const index = phases.findIndex((p) => p.label === ref.text)
    return index >= 0 ? index : undefined
  }
  const count = (step: ScheduleStep) => (step.count ? toRuns(`×${step.count.text}`) : undefined)
  let steps = 0
  for (const s of statements) {
    steps += s.steps.length + (s.outer ? 1 : 0)
    if (steps > MAX_SCHEDULE_STEPS) {
      diagnostics.push({
        severity: 'error',
        ruleId: 'too-many-schedule-steps',
        message: `Expected at most ${MAX_SCHEDULE_STEPS} phases named in schedule lines, got ${steps} by this line: say the schedule once, or split the phases over several figures`,
        span: s.span
      })
      break
    }
    if (s.kind === 'every') {
      const period = toRuns(`every ${s.period!.text}`)
      for (const step of s.steps) {
        const phase = phaseOf(step.phase)
        const rule = phase === undefined ? [`[${step.phase.text}]`, step.phase.text, `(${step.phase.text})`].map((id) => nodes.get(`update:${id}`)).find(Boolean) : undefined
        if (phase === undefined && !rule) {
          unknown(step.phase, ' or the target of an `update`')
          continue
        }
        if (rule) rule.note = rule.note ? [...rule.note, { text: ', ' }, ...period] : period
        schedule.periodic.push({ ...(phase !== undefined ? { phase } : { node: rule!.id }), period, span: step.span })
      }
      continue
    }
    // A line keeps the phases it names right: they are scheduled, and only the unknown name is reported.
    const resolved = s.steps.flatMap((step) => {
      const phase = phaseOf(step.phase) ?? unknown(step.phase)
      return phase === undefined ? [] : [{ step, phase }]
    })
    const outer = s.outer ? (phaseOf(s.outer) ?? unknown(s.outer)) : undefined
    if (s.kind === 'sequence' && resolved.length) schedule.sequences.push({ phases: resolved.map((r) => r.phase), span: s.span })
    else if (s.kind === 'alternate' && resolved.length) schedule.alternations.push({ phases: resolved.map((r) => ({ phase: r.phase, ...(r.step.count ? { count: count(r.step)! } : {}) })), span: s.span })
    else if (s.kind === 'inside' && outer !== undefined && resolved.length) schedule.nestings.push({ outer, inner: resolved[0]!.phase, count: count(resolved[0]!.step)!, span: s.span })
  }
  return schedule
}
