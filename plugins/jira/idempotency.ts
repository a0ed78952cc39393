/**
 * Creating an issue at most once per Idempotency-Key. The issue carries a label made from the key,
 * which JQL finds with `labels = …` on both deployments (an issue property would be searchable only
 * once an app indexes it); from the second attempt on, that label is searched for before anything is
 * created, so an attempt that timed out after Jira made the issue does not make a second one.
 */
import { createHash } from 'node:crypto'
import { isIntegrationFailure, type IntegrationContext } from 'integration-hub/plugin'
import type { Site } from './site.js'

/** `hub-idem-` and the first 24 hex digits of the key's SHA-256: a valid label (no spaces), and not the key itself. */
export function idempotencyLabel (key: string): string {
  return `hub-idem-${createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 24)}`
}

/** The issue an earlier attempt created in the project, if Jira has it. */
export async function findTagged (site: Site, ctx: IntegrationContext, projectKey: string, label: string): Promise<{ key: string, id: string } | undefined> {
  try {
    const page = await site.dialect.search(site, ctx, { jql: `project = "${projectKey}" AND labels = "${label}"`, fields: ['summary'], maxResults: 1 })
    return page.issues[0]
  } catch (error) {
    // An unknown project makes the JQL invalid: no earlier attempt made anything there, and the
    // create that follows reports the project on its own field.
    if (isIntegrationFailure(error) && error.code === 'INVALID_JQL') return undefined
    throw error
  }
}
