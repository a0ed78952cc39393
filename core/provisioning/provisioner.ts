/**
 * Provisioning from a path, start to end: read the file or folder, declare, plan, apply. What the
 * hub runs on start and on SIGHUP (one run at a time: a signal during a run asks for one more run
 * after it), and what `hub plan`, `hub apply` and `hub import` run.
 */
import type { FastifyBaseLogger } from 'fastify'
import { applyPlan, type ApplyReport } from './apply.js'
import { readDeclaration } from './declaration.js'
import { planProvisioning, type Plan, type ProvisioningHub, type ProvisioningMode } from './plan.js'
import { describeProblem, isError } from './problems.js'
import { describeApply } from './report.js'
import type { SealingKey } from './sealed.js'
import { readSource } from './source.js'

export interface ProvisionOptions {
  mode: ProvisioningMode
  /** Who the audit trail names. */
  actor: string
  log: FastifyBaseLogger
  env?: NodeJS.ProcessEnv
  cwd?: string
  privateKey?: SealingKey | undefined
  /** Apply nothing when any entry has a problem (found before anything is tested or changed). */
  strict?: boolean
}

export async function planFrom (given: string, hub: ProvisioningHub, options: Omit<ProvisionOptions, 'actor' | 'log'>): Promise<Plan> {
  const source = await readSource(given, options.cwd)
  const declaration = await readDeclaration(source, { registry: hub.registry, env: options.env ?? process.env, privateKey: options.privateKey })
  return await planProvisioning(declaration, hub, { mode: options.mode })
}

export async function provision (given: string, hub: ProvisioningHub, options: ProvisionOptions): Promise<ApplyReport> {
  const plan = await planFrom(given, hub, options)
  if (options.strict === true && plan.problems.some(isError)) return { plan, applied: [], problems: plan.problems, stopped: 'strict' }
  return await applyPlan(plan, hub, options)
}

/** Whether a report has anything that failed (or stopped the run). */
export function hasFailures (report: ApplyReport): boolean {
  return report.problems.some(isError)
}

/**
 * Runs `provision` for the hub's own provisioning path, one run at a time, logging each report:
 * every thing applied as an info line, every problem as a warning or an error naming file and line.
 */
export function provisioner (given: string, hub: ProvisioningHub, options: ProvisionOptions): { run(): Promise<ApplyReport> } {
  let running: Promise<ApplyReport> | undefined
  let queued: Promise<ApplyReport> | undefined
  const run = async (): Promise<ApplyReport> => {
    if (running !== undefined) {
      // The run under way read the file as it was: one more reads it again once that one ends.
      queued ??= running.catch(() => undefined).then(async () => {
        queued = undefined
        return await run()
      })
      return await queued
    }
    running = provision(given, hub, options).then(report => {
      logReport(options.log, report)
      return report
    }).finally(() => { running = undefined })
    return await running
  }
  return { run }
}

function logReport (log: FastifyBaseLogger, report: ApplyReport): void {
  const source = report.plan.declaration.source.shown
  for (const problem of report.problems) {
    const fields = { provisioning: source, ...(problem.file === undefined ? {} : { file: problem.file }), ...(problem.line === undefined ? {} : { line: problem.line }) }
    if (problem.level === 'warning') log.warn(fields, describeProblem(problem))
    else log.error(fields, describeProblem(problem))
  }
  for (const applied of report.applied) {
    log.info({ provisioning: source, kind: applied.kind, outcome: applied.outcome, ...(applied.fields === undefined ? {} : { fields: applied.fields }) }, `provisioning: ${applied.label} ${applied.outcome}`)
  }
  log.info({ provisioning: source }, describeApply(report).at(-1)!)
}
