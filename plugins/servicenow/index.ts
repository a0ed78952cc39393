/**
 * ServiceNow: incidents and change requests through the Table API, signed in with an OAuth API
 * client and a user (password grant), an OAuth API client alone (client credentials grant), or a
 * user's name and password (HTTP Basic).
 */
import { connectionErrors, defineIntegration, isRecord, readReply } from 'integration-hub/plugin'
import { basicAuthorization, signIn } from './auth.js'
import { changeActions } from './changes.js'
import { incidentActions } from './incidents.js'
import { instanceUrl, notServiceNow, rateLimited } from './instance.js'
import { settingsMigrations, settingsSchema, settingsVersion } from './settings.js'
import { probePath, send, tableError } from './table.js'

export default defineIntegration({
  id: 'servicenow',
  name: 'ServiceNow',
  description: 'Open, follow and resolve incidents and change requests in your ServiceNow instance.',
  version: '2.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10" fill="#62d84e"/><circle cx="12" cy="13" r="4.5" fill="#fff"/></svg>',
  schema: settingsSchema,
  schemaVersion: settingsVersion,
  migrations: settingsMigrations,
  errors: {
    ...connectionErrors({ message: 'Service URL not reachable', field: 'serviceUrl' }),
    INVALID_CREDENTIALS: { message: 'Invalid credentials' },
    CLIENT_CREDENTIALS_REFUSED: {
      message: 'ServiceNow refused the client credentials grant: check the API Client ID and Secret, set the system property glide.oauth.inbound.client.credential.grant_type.enabled to true, and choose an OAuth Application User on the OAuth entity'
    },
    BASIC_REFUSED: { message: 'Invalid credentials', field: 'password' },
    NOT_SERVICENOW: { message: 'This URL is not a ServiceNow instance', field: 'serviceUrl' },
    REDIRECT_REFUSED: { message: 'The Service URL redirected to another site; the hub did not send the credentials there', field: 'serviceUrl' },
    RATE_LIMITED: { message: 'ServiceNow is rate-limiting requests; retry in {seconds} s' },
    RATE_LIMITED_LATER: { message: 'ServiceNow is rate-limiting requests; retry later' },
    TOKEN_REFUSED: { message: 'ServiceNow refused to issue an access token for this API client' },
    TOKEN_REJECTED: { message: 'ServiceNow did not accept the access token it issued' },
    NOT_PERMITTED: { message: 'Signed in, but this user may not do this through the REST API' },
    DATA_POLICY: { message: 'ServiceNow refused the change: a data policy of the instance requires more fields' },
    RECORD_NOT_FOUND: { message: 'ServiceNow has no {what} {reference}' },
    REFERENCE_NOT_FOUND: { message: 'ServiceNow has no {what} named “{name}”' },
    NOTHING_TO_CHANGE: { message: 'Nothing to change: give at least one field' },
    PLANNED_END_BEFORE_START: { message: 'The planned end must be after the planned start', field: 'plannedEnd' },
    REQUEST_REJECTED: { message: 'ServiceNow rejected the request (HTTP {status})' },
    REMOTE_ERROR: { message: 'ServiceNow answered with a server error (HTTP {status})' }
  },

  async test (config, ctx) {
    await ctx.step('Reach the instance', async () => {
      // Unauthenticated, an instance answers its Table API with 401 and its JSON error body.
      const reply = await readReply(await ctx.fetch(`${instanceUrl(config)}${probePath}`, { headers: { accept: 'application/json' } }))
      if (reply.status === 429) throw rateLimited(reply, ctx)
      if (!isRecord(reply.json) || !('error' in reply.json || 'result' in reply.json)) throw notServiceNow(reply, ctx)
    })
    const authorization = config.authMethod === 'basic'
      ? basicAuthorization(config)
      : `Bearer ${await ctx.step('Get an access token', async () => await signIn(config, ctx))}`
    await ctx.step(config.authMethod === 'basic' ? 'Read a record as the user' : 'Read a record with the token', async () => {
      const reply = await send(config, ctx, authorization, 'GET', probePath)
      if (reply.status !== 200 || !isRecord(reply.json) || !Array.isArray(reply.json.result)) throw tableError(config, reply, ctx)
    })
  },

  actions: {
    ...incidentActions,
    ...changeActions
  }
})
