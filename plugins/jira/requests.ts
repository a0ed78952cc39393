/**
 * The one way requests reach a Jira site: JSON in and out, signed in (or, for serverInfo, not), and
 * read once.
 */
import { readReply, type IntegrationContext, type Reply } from 'integration-hub/plugin'
import { failure, loginRefused } from './failures.js'
import type { Site } from './site.js'

export interface CallOptions {
  body?: unknown
  query?: Record<string, string | number | undefined>
}

/**
 * A request to `{site}{api}{path}`, signed in. An answer Jira gave while ignoring the credentials (an
 * expired token on a site that lets anonymous users browse: 200 with `X-Seraph-LoginReason`) is a
 * refused login, never a result.
 */
export async function call (site: Site, ctx: IntegrationContext, method: 'GET' | 'POST', path: string, options: CallOptions = {}): Promise<Reply> {
  const reply = await send(ctx, `${site.baseUrl}${site.dialect.api}${path}`, method, { ...options, authorization: site.authorization })
  if (loginRefused(reply)) throw failure(reply, ctx, site)
  return reply
}

/** A request without credentials, to a path from the site's root (serverInfo before the deployment is known). */
export async function anonymousCall (baseUrl: string, ctx: IntegrationContext, path: string): Promise<Reply> {
  return await send(ctx, `${baseUrl}${path}`, 'GET', {})
}

async function send (ctx: IntegrationContext, address: string, method: string, options: CallOptions & { authorization?: string }): Promise<Reply> {
  const url = new URL(address)
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(name, String(value))
  }
  const response = await ctx.fetch(url, {
    method,
    headers: {
      accept: 'application/json',
      ...(options.authorization === undefined ? {} : { authorization: options.authorization }),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' })
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) })
  })
  return await readReply(response)
}
