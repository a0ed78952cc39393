/**
 * What provisioning reports: a problem names the file and line it comes from and what it concerns
 * (`hub.yaml:14: jira.serviceUrl: Service URL must be a URL such as https://example.com.`), in words
 * an operator reads — never a secret value.
 */
import { DEFAULT_CONNECTION, DEFAULT_WORKSPACE } from '../contract/names.js'

export interface Problem {
  level: 'error' | 'warning'
  /** The file as the operator named it. */
  file?: string
  /** 1-based. */
  line?: number
  /** What it concerns: `jira.serviceUrl`, `acme:jira/staging`, `webhooks`. */
  subject?: string
  message: string
}

/** One connection, as every step of provisioning addresses it. */
export interface ConnectionAddress {
  workspace: string
  integration: string
  connection: string
}

/** `jira`, `jira/staging`, `acme:jira`, `acme:jira/staging`: the default workspace and connection are left out. */
export function connectionLabel ({ workspace, integration, connection }: ConnectionAddress): string {
  return `${workspace === DEFAULT_WORKSPACE ? '' : `${workspace}:`}${integration}${connection === DEFAULT_CONNECTION ? '' : `/${connection}`}`
}

export function webhookLabel (workspace: string, name: string): string {
  return `${workspace === DEFAULT_WORKSPACE ? '' : `${workspace}:`}webhook ${name}`
}

/** The problem as one line: `file:line: subject: message`. */
export function describeProblem (problem: Problem): string {
  const where = problem.file === undefined ? undefined : problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`
  return [where, problem.subject, problem.message].filter(part => part !== undefined && part !== '').join(': ')
}

export const isError = (problem: Problem): boolean => problem.level === 'error'
