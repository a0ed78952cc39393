/**
 * Finding out which Jira answers at the Service URL and signing in to it: Jira Cloud with Basic
 * `email:api_token`, Jira Data Center with the token as a personal access token (`Bearer`).
 */
import { isRecord, unexpectedReply, type IntegrationContext } from 'integration-hub/plugin'
import { cloud } from './cloud.js'
import { dataCenter } from './data-center.js'
import { answered, expiryOf, failure } from './failures.js'
import { anonymousCall, call } from './requests.js'
import { siteUrl, type Deployment, type JiraConfig, type Site } from './site.js'

/** How long the deployment found at a Service URL is trusted before serverInfo is asked again. */
const DEPLOYMENT_TTL_MS = 60 * 60 * 1000

/**
 * `GET /rest/api/2/serverInfo`, anonymously: both deployments serve it under v2 (Data Center has no
 * v3), and its `deploymentType` says which one this is — "Cloud", or "Server"/"DataCenter".
 */
export async function findDeployment (config: JiraConfig, ctx: IntegrationContext): Promise<Deployment> {
  const reply = await anonymousCall(siteUrl(config), ctx, '/rest/api/2/serverInfo')
  if (reply.status === 429) throw failure(reply, ctx)
  const deploymentType = isRecord(reply.json) ? reply.json.deploymentType : undefined
  if (reply.status !== 200 || typeof deploymentType !== 'string') {
    throw ctx.fail('NOT_JIRA', { ...answered(reply), detail: unexpectedReply(reply, 'Jira') })
  }
  if (deploymentType === 'Cloud') return 'cloud'
  if (deploymentType === 'Server' || deploymentType === 'DataCenter') return 'data-center'
  throw ctx.fail('NOT_JIRA', { ...answered(reply), detail: `It says it is a Jira of deployment type "${deploymentType}", which this integration does not know.` })
}

/** The site with the credentials its deployment takes. Jira Cloud cannot do without the User Email. */
export function credentialsFor (config: JiraConfig, deployment: Deployment, ctx: IntegrationContext): Site {
  const common = { baseUrl: siteUrl(config), deployment, tokenExpiresOn: config.tokenExpiresOn }
  if (deployment === 'data-center') {
    // "Using Personal Access Tokens": `Authorization: Bearer <token>`; no user name goes with it.
    return { ...common, dialect: dataCenter, authorization: `Bearer ${config.apiToken}` }
  }
  const email = config.email?.trim() ?? ''
  if (email === '') throw ctx.fail('EMAIL_REQUIRED')
  // "Basic auth for REST APIs": `Authorization: Basic base64(email:api_token)`.
  return { ...common, dialect: cloud, authorization: `Basic ${Buffer.from(`${email}:${config.apiToken}`, 'utf8').toString('base64')}` }
}

/** `GET …/myself`: the credentials work when it names a user (`call` refuses an answer Jira gave while ignoring them). */
export async function signIn (site: Site, ctx: IntegrationContext): Promise<void> {
  const reply = await call(site, ctx, 'GET', '/myself')
  const signedIn = reply.status === 200 && isRecord(reply.json) && site.dialect.isSignedIn(reply.json)
  if (!signedIn) throw failure(reply, ctx, site)
}

/** Tells the hub when the token stops working, from the admin's "Token expires on". */
export function reportExpiry (config: JiraConfig, ctx: IntegrationContext): void {
  if (config.tokenExpiresOn !== undefined) ctx.expires('Jira API token', expiryOf(config.tokenExpiresOn))
}

/** The site for an action: its deployment kept for the connection (serverInfo is not asked each time). */
export async function openSite (config: JiraConfig, ctx: IntegrationContext): Promise<Site> {
  reportExpiry(config, ctx)
  const deployment = await ctx.cache.get('deployment', async () => await findDeployment(config, ctx), { ttlMs: DEPLOYMENT_TTL_MS })
  return credentialsFor(config, deployment, ctx)
}
