/**
 * A plan and an apply report in words, one line per thing: what `hub plan` and `hub apply` print
 * and what the hub logs on start and on SIGHUP. Fields are named, values never shown.
 */
import type { ApplyReport, Outcome } from './apply.js'
import type { Adoption, Plan } from './plan.js'
import { connectionLabel, describeProblem, isError, webhookLabel, type Problem } from './problems.js'

export interface PlanSummary {
  lines: string[]
  /** How many things apply would change. */
  changes: number
  /** How many problems are errors. */
  errors: number
}

type Change = 'create' | 'update' | 'rename' | 'remove' | 'release' | 'unchanged' | 'invalid'

const changeWords: Record<Change, string> = {
  create: 'to create',
  update: 'to update',
  rename: 'to rename',
  remove: 'to remove',
  release: 'to release',
  unchanged: 'unchanged',
  invalid: 'with problems'
}

export function describePlan (plan: Plan): PlanSummary {
  const rows: Array<[Change, string]> = []
  const files = new Map(plan.declaration.source.files.map(file => [file.path, file.shown]))
  const shownFile = (file: string): string => files.get(file) ?? file
  for (const step of plan.workspaces) rows.push([step.change, step.change === 'rename' ? `${step.entry.label}: name` : step.entry.label])
  for (const step of plan.connections) {
    if (step.change === 'remove' || step.change === 'release') rows.push([step.change, `${connectionLabel(step.address)} (${gone(step.change, shownFile(step.file))})`])
    else if (step.change === 'update') rows.push([step.change, updated(step.entry.label, step.fields, step.adopt, step.entry.file.shown, shownFile)])
    else rows.push([step.change, step.entry.label])
  }
  for (const step of plan.webhooks) {
    if (step.change === 'remove' || step.change === 'release') rows.push([step.change, `${webhookLabel(step.workspace, step.name)} (${gone(step.change, shownFile(step.file))})`])
    else if (step.change === 'update') rows.push([step.change, updated(step.entry.label, step.fields, step.adopt, step.entry.file.shown, shownFile)])
    else rows.push([step.change, step.entry.label])
  }
  const counts = new Map<Change, number>()
  for (const [change] of rows) counts.set(change, (counts.get(change) ?? 0) + 1)
  const changes = rows.filter(([change]) => change !== 'unchanged' && change !== 'invalid').length
  const errors = plan.problems.filter(isError).length
  const total = (Object.keys(changeWords) as Change[]).filter(change => counts.has(change)).map(change => `${counts.get(change)} ${changeWords[change]}`)
  return {
    lines: [
      `Plan for ${plan.declaration.source.shown}:`,
      ...rows.map(([change, text]) => `  ${(change === 'invalid' ? 'problem' : change).padEnd(10)} ${text}`),
      ...plan.problems.map(problemLine),
      errors > 0 && plan.declaration.problems.some(isError)
        ? `Nothing can be applied until ${plan.declaration.source.shown} is corrected.`
        : `Plan: ${total.length === 0 ? 'nothing declared' : total.join(', ')}.`
    ],
    changes,
    errors
  }
}

const outcomeOrder: Outcome[] = ['created', 'updated', 'renamed', 'removed', 'released', 'unchanged', 'failed']

export function describeApply (report: ApplyReport): string[] {
  const shown = report.plan.declaration.source.shown
  if (report.plan.declaration.problems.some(isError) || report.stopped === 'strict') {
    return [...report.problems.map(problemLine), `Nothing was applied${report.stopped === 'strict' ? ' (strict)' : ''}: ${shown} has to be corrected first.`]
  }
  const counts = new Map<Outcome, number>()
  for (const applied of report.applied) counts.set(applied.outcome, (counts.get(applied.outcome) ?? 0) + 1)
  const total = outcomeOrder.filter(outcome => counts.has(outcome)).map(outcome => `${counts.get(outcome)} ${outcome}`)
  return [
    ...report.applied.map(applied => {
      const detail = applied.fields !== undefined && applied.fields.length > 0 ? `: ${applied.fields.join(', ')}` : ''
      const test = applied.test === undefined ? '' : ` (tested: ${applied.test})`
      return `  ${applied.outcome.padEnd(10)} ${applied.label}${detail}${test}`
    }),
    ...report.problems.map(problemLine),
    `Applied ${shown}: ${total.length === 0 ? 'nothing declared' : total.join(', ')}.`
  ]
}

export function problemLine (problem: Problem): string {
  return `${problem.level === 'warning' ? 'warning: ' : ''}${describeProblem(problem)}`
}

function gone (change: 'remove' | 'release', file: string): string {
  return change === 'remove' ? `no longer in ${file}, which prunes` : `no longer in ${file}: handed back to the API`
}

function updated (label: string, fields: string[], adopt: Adoption | undefined, file: string, shownFile: (file: string) => string): string {
  const notes = [
    ...(fields.length === 0 ? [] : [fields.join(', ')]),
    ...(adopt === undefined ? [] : [adopt.from === undefined ? `now managed by ${file}` : `now managed by ${file} (was ${shownFile(adopt.from)})`])
  ]
  return `${label}: ${notes.join('; ')}`
}
