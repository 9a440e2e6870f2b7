/**
 * Checker rules for schedules between phases (issue 11): once a diagram says
 * how its phases follow each other, every phase has a place in it, and no
 * line runs a phase against itself.
 */
import type { Diagnostic } from '../diagnostics.js'
import type { Diagram } from '../ir/types.js'

/** The schedule's findings: `unscheduled-phase` and `repeated-phase`. */
export function scheduleFindings(diagram: Diagram): Diagnostic[] {
  const schedule = diagram.schedule
  if (!schedule) return []
  const out: Diagnostic[] = []
  const lines = [
    ...schedule.sequences.map((s) => ({ phases: s.phases, span: s.span })),
    ...schedule.alternations.map((a) => ({ phases: a.phases.map((p) => p.phase), span: a.span })),
    ...schedule.nestings.map((n) => ({ phases: [n.outer, n.inner], span: n.span }))
  ]
  for (const line of lines) {
    const twice = line.phases.find((p, i) => line.phases.indexOf(p) !== i)
    if (twice === undefined) continue
    out.push({
      severity: 'error',
      ruleId: 'repeated-phase',
      message: `Expected each phase once in a schedule line, got \`${diagram.phases[twice]!.label}\` twice: a phase that runs again after the others is written \`alternate: a, b\``,
      span: line.span
    })
  }
  const named = new Set([...lines.flatMap((l) => l.phases), ...schedule.periodic.flatMap((p) => (p.phase === undefined ? [] : [p.phase]))])
  diagram.phases.forEach((phase, i) => {
    if (named.has(i)) return
    out.push({
      severity: 'warning',
      ruleId: 'unscheduled-phase',
      message: `Expected phase \`${phase.label}\` in the schedule, got no \`schedule\`, \`alternate\`, \`inside\` or \`every\` line naming it: say when it runs`,
      span: phase.span
    })
  })
  return out
}
