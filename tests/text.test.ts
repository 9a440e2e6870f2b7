import { expect, test } from 'vitest'
import { analyze, render } from '../src/compile.js'
import { toRuns } from '../src/text/label.js'
import { runsWidth, textWidth } from '../src/text/metrics.js'

test('labels: sub- and superscripts, primes, Greek, calligraphic priors', () => {
  expect(toRuns("x_{i+1}")).toEqual([{ text: 'x' }, { text: 'i+1', shift: 'sub' }])
  expect(toRuns("y'^2")).toEqual([{ text: "y'" }, { text: '2', shift: 'sup' }])
  expect(toRuns('\\mu_t')).toEqual([{ text: 'μ' }, { text: 't', shift: 'sub' }])
  expect(toRuns('\\mathcal{N}(0, 1)')).toEqual([{ text: '𝒩(0, 1)' }])
  expect(toRuns('a_b', { math: false })).toEqual([{ text: 'a_b' }])
})

test('metrics: Latin from Liberation Sans, CJK one em, scripts smaller', () => {
  expect(textWidth('f', 1000)).toBe(278)
  expect(textWidth('W', 1000, true)).toBe(944)
  expect(textWidth('编码器', 16)).toBe(48)
  expect(runsWidth(toRuns('x_0'), 10)).toBeCloseTo(5 + 5.56 * 0.7, 5)
})

test('a module named 编码器 fits its box, and so does a long Latin label', () => {
  const { scene } = render('x -> *[编码器] -> z\nz -> [a rather long decoder name] -> y')
  for (const id of ['[编码器]', '[a rather long decoder name]']) {
    const node = scene.nodes.find((n) => n.id === id)!
    expect(node.box.width).toBeGreaterThanOrEqual(runsWidth(node.text, node.fontSize) + 16)
  }
})

test("a data set named as a symbol with a one-character script draws it, as its samples are drawn; a word's underscore stays", () => {
  const { diagram } = render('(X_s, Y_s) ~ a, b\nX_t ~ c\nCIFAR_10 ~ d\nImageNet_1k ~ e\na, b, c, d, e -> *[f] -> l\nmin l\n')
  const text = (label: string) => diagram.nodes.find((n) => n.label === label)!.text
  expect(text('(X_s, Y_s)')).toEqual([{ text: '(X', bold: true }, { text: 's', shift: 'sub', bold: true }, { text: ', Y', bold: true }, { text: 's', shift: 'sub', bold: true }, { text: ')', bold: true }])
  expect(text('X_t')).toEqual([{ text: 'X', bold: true }, { text: 't', shift: 'sub', bold: true }])
  expect(text('CIFAR_10')).toEqual([{ text: 'CIFAR_10', bold: true }])
  expect(text('ImageNet_1k')).toEqual([{ text: 'ImageNet_1k', bold: true }])
  // A sign is a one-character script too: the positive pairs' set `E^+` is drawn E⁺, as its sample e^+ is.
  const signed = render('(G, E^+) ~ g, e^+\ng, e^+ -> *[f] -> l\nmin l\n').diagram
  expect(signed.nodes.find((n) => n.label === '(G, E^+)')!.text).toEqual([{ text: '(G, E', bold: true }, { text: '+', shift: 'sup', bold: true }, { text: ')', bold: true }])
})

test("a data set's name is taken as written, but for an explicit script group", () => {
  const { diagram } = render('(X_{LR}, Y) ~ a, b\nMS_COCO ~ c\na, b, c -> *[f] -> l\nmin l\n')
  const text = (label: string) => diagram.nodes.find((n) => n.label === label)!.text
  expect(text('(X_{LR}, Y)')).toEqual([{ text: '(X', bold: true }, { text: 'LR', shift: 'sub', bold: true }, { text: ', Y)', bold: true }])
  expect(text('MS_COCO')).toEqual([{ text: 'MS_COCO', bold: true }])
})

test('a quoted label is free text unless it writes TeX: then its scripts are scripts', () => {
  const { diagram } = render('D ~ x\nx -> *[f] -> "\\log \\pi_w", "top_k loss", "l_{2} loss"\n"\\log \\pi_w", "top_k loss", "l_{2} loss" -> (sum) -> loss\nmin loss\n')
  const text = (label: string) => diagram.nodes.find((n) => n.label === label)!.text
  expect(text('\\log \\pi_w')).toEqual([{ text: 'log π' }, { text: 'w', shift: 'sub' }])
  expect(text('top_k loss')).toEqual([{ text: 'top_k loss' }])
  expect(text('l_{2} loss')).toEqual([{ text: 'l' }, { text: '2', shift: 'sub' }, { text: ' loss' }])
})

test('`\\hat y`, `\\hat{y}` and `\\hat {y}` name one variable, as TeX reads them', () => {
  const ids = (source: string) => analyze(source).diagram.nodes.map((n) => n.id)
  const accented = ids('D ~ x, y\nx -> *[f] -> \\hat y\n\\hat {y}, y -> (ce) -> loss\nmin loss')
  expect(accented.filter((id) => id.includes('hat'))).toEqual(['\\hat{y}'])
  expect(analyze('D ~ x, y\nx -> *[f] -> \\hat y\n\\hat{y}, y -> (ce) -> loss\nmin loss').diagnostics).toEqual([])
  // A command argument is one symbol: `\\bar\\mu_t` is `\\bar{\\mu}_t`, drawn the same either way.
  expect(ids('D ~ x\nx -> *[f] -> \\bar\\mu_t\n\\bar{\\mu}_t -> (n) -> loss\nmin loss').filter((id) => id.includes('mu'))).toEqual(['\\bar{\\mu}_t'])
  expect(toRuns('\\hat y')).toEqual(toRuns('\\hat{y}'))
  // So is a source: `\\mathcal N(0, I)` and `\\mathcal{N}(0, I)` are one prior; a produced `\\hat p` samples as written either way.
  expect(ids('\\mathcal N(0, I) ~ z\n\\mathcal{N}(0, I) ~ w\nz, w -> *[g] -> loss\nmin loss').filter((id) => id.startsWith('source:'))).toEqual(['source:\\mathcal{N}(0, I)'])
  expect(analyze('X ~ x\nx -> *[f] -> \\hat{p}\n\\hat p ~ a\na -> (ce) -> loss\nmin loss').diagram.wires.some((w) => w.from === '\\hat{p}' && w.to === 'a')).toBe(true)
  // An operator name reads with what follows it: `\\log p_{old}` is one variable, drawn "log p_old".
  const ppo = 'B ~ s, a, \\log p_{old}\ns -> *[\\pi] -> \\log  p\n\\log p, \\log p_{old} -> (ratio) -> loss\nmin loss'
  expect(analyze(ppo).diagnostics).toEqual([])
  expect(ids(ppo).filter((id) => id.startsWith('\\log'))).toEqual(['\\log p_{old}', '\\log p'])
  expect(toRuns('\\log p_{old}')).toEqual([{ text: 'log p' }, { text: 'old', shift: 'sub' }])
})

test('a script of one character or command names the same variable with or without its braces', () => {
  const ids = (source: string) => analyze(source).diagram.nodes.map((n) => n.id)
  // Written `learned e_{t}` and used as `e_t`: one tensor, no value from nowhere.
  const mixed = analyze('X ~ x\nlearned e_{t}\nx, e_t -> *[f] -> y\ny -> (n) -> loss\nmin loss')
  expect(mixed.diagnostics).toEqual([])
  expect(ids('X ~ x_{\\theta}\nx_\\theta -> *[f] -> loss\nmin loss')).toEqual(['source:X', 'x_\\theta', '[f]', 'loss'])
  // Braces that hold more than one symbol, or keep a script apart from what follows, stay.
  expect(ids('X ~ x_{t-1}, x_{t}1\nx_{t-1}, x_{t}1 -> (n) -> loss\nmin loss')).toEqual(['source:X', 'x_{t-1}', 'x_{t}1', '(n)', 'loss'])
  expect(toRuns('e_{t}')).toEqual(toRuns('e_t'))
})

test('`∼`, the full-width `～` and `，` read as `~` and `,`; a `//` comment gets a hint', () => {
  const ascii = analyze('X ~ x, y\nx, y -> *[f] -> loss\nmin loss')
  const typed = analyze('X ～ x，y\nx，y -> *[f] -> loss\nmin loss')
  expect(typed.diagnostics).toEqual([])
  expect(typed.diagram.nodes.map((n) => n.id)).toEqual(ascii.diagram.nodes.map((n) => n.id))
  expect(analyze('N(0, I) ∼ z\nz -> *[g] -> loss\nmin loss').diagnostics).toEqual([])
  const slash = analyze('X ~ x\nx -> *[f] -> loss  // the loss\nmin loss').diagnostics
  expect(slash[0]).toMatchObject({ ruleId: 'unexpected-token', message: expect.stringContaining('a comment starts with `#`') })
})

test('a label with brackets or a space written bare gets the quoted form it needs', () => {
  const message = (text: string) => analyze(text).diagnostics[0]!.message
  expect(message('(A, Y) ~ a, y\na -> *[joint] -> P(k|t,u)')).toContain('a name with brackets is written in quotes: `"P(k|t,u)"`')
  expect(message('X ~ x\nx -> [VGG] -> \\phi_1[x]')).toContain('Expected a slice')
  expect(message('X ~ x\nx -> *[flow] -> \\log|\\det J|')).toContain('quotes around a label with a space: `"\\log|\\det J|"`')
  // An op's label that runs on past its closing parenthesis takes one more pair.
  expect(message('X ~ g\ng -> (‖g‖ − 1)² -> GP')).toContain('written inside one more pair: `((‖g‖ − 1)²)`')
  expect(analyze('X ~ g\ng -> ((‖g‖ − 1)²) -> GP').diagnostics).toEqual([])
  // Quoted, both are one variable each.
  expect(analyze('(A, Y) ~ a, y\na -> *[joint] -> "P(k|t,u)"\n"P(k|t,u)", y -> (nll) -> L\nmin L').diagnostics).toEqual([])
})

test('a braced accent inside a root or a font draws as the unbraced one; `=>` is refused as a wire', () => {
  expect(toRuns('\\sqrt{\\bar{\\alpha}_t} x_0')).toEqual(toRuns('\\sqrt{\\bar\\alpha_t} x_0'))
  expect(toRuns('\\sqrt{\\bar{\\alpha}_t}').map((r) => r.text).join('')).not.toMatch(/[{}]/)
  // And the other way round, an accent over a font; a symbol right before an accent keeps its letters apart.
  expect(toRuns('\\hat{\\mathbb{R}}')).toEqual([{ text: 'ℝ\u0302' }])
  expect(toRuns('\\hat{\\mathrm{x}}')).toEqual(toRuns('\\hat x'))
  expect(toRuns('\\mu\\hat{x}')).toEqual([{ text: 'μx̂' }])
  // An op's label is one spelling too: `(\\mathcal L)` is what `\\mathcal{L}` names.
  expect(analyze('X ~ x\nx -> *[f] -> y\ny -> (\\mathcal L)\nmin \\mathcal{L}').diagnostics.filter((d) => d.ruleId === 'unknown-name')).toEqual([])
  expect(analyze('X ~ x\nx => *[f] -> y').diagnostics[0]).toMatchObject({ ruleId: 'unexpected-token', message: 'Expected `->` for a wire, got `=>`' })
})

test('a star after `_` or `^` is a starred script, part of the name; a leading star marks training', () => {
  const { diagram } = analyze('X ~ x\nlearned v_*\nx, v_* -> (concat) -> \\theta^*\n\\theta^*, *y^{*} -> (ce) -> L\nmin L')
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]))
  expect(byId.get('v_*')!.text).toEqual([{ text: 'v' }, { text: '*', shift: 'sub' }])
  expect(byId.get('\\theta^*')!.text).toEqual([{ text: 'θ' }, { text: '*', shift: 'sup' }])
  // `y^{*}` is `y^*`, as TeX reads it.
  expect(byId.get('y^*')!.trainable).toBe(true)
  expect(byId.get('\\theta^*')!.trainable).toBeFalsy()
})

test('a script group is one name as TeX reads it: colons, commas and spaces inside it separate nothing', () => {
  // `x_{1:T}` was `x_{1`, then a colon the line could not place: "Expected `,` or end of line".
  const { diagram, diagnostics } = analyze('D ~ o_{1:T}, w_{i,j}, h_1\no_{1:T}, w_{i, j}, h_1 -> *[LSTM] -> q_{1:T}\nupdate [target] from [LSTM]: copy\nq_{1:T} -> [target] -> L\nmin L')
  expect(diagnostics).toEqual([])
  const byId = new Map(diagram.nodes.map((n) => [n.id, n]))
  expect(byId.get('o_{1:T}')!.text).toEqual([{ text: 'o' }, { text: '1:T', shift: 'sub' }])
  // TeX ignores the spaces in a script: `w_{i, j}` is `w_{i,j}`, and `x_{t - 1}` is `x_{t-1}`.
  expect(byId.has('w_{i, j}')).toBe(false)
  expect(analyze('X ~ x_{t - 1}\nx_{t-1} -> *[f] -> L\nmin L').diagnostics).toEqual([])
  // A space that ends a command before a letter stays: `\\alpha t` is not `\\alphat`.
  expect(analyze('X ~ a_{\\alpha t}').diagram.nodes.map((n) => n.id)).toContain('a_{\\alpha t}')
  // The update's rule starts at the first colon outside a script, and a brace the line never closes ends nothing.
  expect(analyze('X ~ h_{1:T}\nh_{1:T} -> *[f] -> y\nh_{1:T} -> [g] -> z\nupdate [g] from [f]: EMA \\tau\ny, z -> (d) -> L\nmin L').diagnostics).toEqual([])
  expect(analyze('X ~ x_{1, y').diagram.nodes.map((n) => n.id)).toEqual(['source:X', 'x_{1', 'y'])
})
