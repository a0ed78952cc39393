/**
 * ServiceNow: incidents and change requests through the Table API, signed in with an OAuth
 * API client and a user (password grant).
 */
import { defineAction, defineIntegration, type IntegrationContext } from '../../core/contract/contract.js'
import type { FromSchema } from '../../core/contract/json-schema.js'
import {
  authorizedCall,
  describe,
  instanceUrl,
  isRecord,
  probePath,
  rateLimited,
  read,
  requestToken,
  tableCall,
  tableFailure,
  type Reply
} from './instance.js'

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceUrl', 'clientId', 'clientSecret', 'username', 'password'],
  properties: {
    serviceUrl: {
      type: 'string',
      title: 'Service URL',
      description: 'The address of your ServiceNow instance.',
      format: 'uri',
      pattern: '^https?://',
      examples: ['https://yourcompany.service-now.com']
    },
    clientId: {
      type: 'string',
      title: 'API Client ID',
      description: 'Client ID of the OAuth API endpoint created for the hub in System OAuth → Application Registry.',
      minLength: 1
    },
    clientSecret: {
      type: 'string',
      title: 'API Client Secret',
      description: 'Client secret of that OAuth API endpoint.',
      minLength: 1,
      writeOnly: true
    },
    username: {
      type: 'string',
      title: 'Username',
      description: 'The ServiceNow user the hub acts as; it needs the roles to create incidents and change requests.',
      minLength: 1
    },
    password: {
      type: 'string',
      title: 'Password',
      description: 'That user’s password.',
      minLength: 1,
      writeOnly: true
    }
  }
} as const

type Config = FromSchema<typeof schema>

const oneToThree = (label: string) => ({
  type: 'string',
  title: label,
  oneOf: [
    { const: '1', title: '1 - High' },
    { const: '2', title: '2 - Medium' },
    { const: '3', title: '3 - Low' }
  ]
} as const)

const summaryFields = {
  shortDescription: {
    type: 'string',
    title: 'Short description',
    description: 'One line that says what happened.',
    minLength: 1,
    maxLength: 160
  },
  description: {
    type: 'string',
    title: 'Description',
    description: 'The full story.',
    maxLength: 4000
  }
} as const

/** The created record as host apps receive it, with a link an agent can open. */
function created (config: Config, table: string, reply: Reply, ctx: IntegrationContext): { number: string, sysId: string, url: string } {
  const result = isRecord(reply.json) ? reply.json.result : undefined
  if ((reply.status !== 201 && reply.status !== 200) || !isRecord(result) ||
    typeof result.sys_id !== 'string' || typeof result.number !== 'string') {
    throw tableFailure(reply, ctx)
  }
  return {
    number: result.number,
    sysId: result.sys_id,
    url: `${instanceUrl(config)}/nav_to.do?uri=${table}.do?sys_id=${result.sys_id}`
  }
}

export default defineIntegration({
  id: 'servicenow',
  name: 'ServiceNow',
  description: 'Open incidents and change requests in your ServiceNow instance.',
  version: '1.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="10" fill="#62d84e"/><circle cx="12" cy="13" r="4.5" fill="#fff"/></svg>',
  schema,
  errors: {
    INVALID_CREDENTIALS: { message: 'Invalid credentials' },
    UNREACHABLE: { message: 'Service URL not reachable', field: 'serviceUrl' },
    TIMEOUT: { message: 'Service URL not reachable: no answer within {seconds} s', field: 'serviceUrl' },
    TLS: { message: 'Service URL not reachable: its TLS certificate could not be verified', field: 'serviceUrl' },
    NOT_SERVICENOW: { message: 'This URL is not a ServiceNow instance', field: 'serviceUrl' },
    RATE_LIMITED: { message: 'ServiceNow is rate-limiting requests; retry in {seconds} s' },
    RATE_LIMITED_LATER: { message: 'ServiceNow is rate-limiting requests; retry later' },
    TOKEN_REFUSED: { message: 'ServiceNow refused to issue an access token for this API client' },
    TOKEN_REJECTED: { message: 'ServiceNow did not accept the access token it issued' },
    NOT_PERMITTED: { message: 'Signed in, but this user may not do this through the REST API' },
    REQUEST_REJECTED: { message: 'ServiceNow rejected the request (HTTP {status})' },
    REMOTE_ERROR: { message: 'ServiceNow answered with a server error (HTTP {status})' }
  },

  async test (config, ctx) {
    await ctx.step('Reach the instance', async () => {
      // Unauthenticated, an instance answers its Table API with 401 and its JSON error body.
      const reply = await read(await ctx.fetch(`${instanceUrl(config)}${probePath}`, { headers: { accept: 'application/json' } }))
      if (reply.status === 429) throw rateLimited(reply, ctx)
      if (!isRecord(reply.json) || !('error' in reply.json || 'result' in reply.json)) {
        throw ctx.fail('NOT_SERVICENOW', { detail: describe(reply) })
      }
    })
    const token = await ctx.step('Get an access token', async () => await requestToken(config, ctx))
    await ctx.step('Read a record with the token', async () => {
      const reply = await tableCall(config, ctx, token.accessToken, 'GET', probePath)
      if (reply.status !== 200 || !isRecord(reply.json) || !Array.isArray(reply.json.result)) {
        throw tableFailure(reply, ctx)
      }
    })
  },

  actions: {
    createIncident: defineAction({
      title: 'Create an incident',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['shortDescription'],
        properties: {
          ...summaryFields,
          urgency: oneToThree('Urgency'),
          impact: oneToThree('Impact')
        }
      },
      async run (config: Config, input, ctx) {
        const reply = await authorizedCall(config, ctx, 'POST', '/api/now/table/incident?sysparm_fields=sys_id,number', {
          short_description: input.shortDescription,
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.urgency === undefined ? {} : { urgency: input.urgency }),
          ...(input.impact === undefined ? {} : { impact: input.impact })
        })
        return created(config, 'incident', reply, ctx)
      }
    }),

    createChangeRequest: defineAction({
      title: 'Create a change request',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['shortDescription'],
        properties: {
          ...summaryFields,
          type: {
            type: 'string',
            title: 'Type',
            oneOf: [
              { const: 'normal', title: 'Normal' },
              { const: 'standard', title: 'Standard' },
              { const: 'emergency', title: 'Emergency' }
            ]
          }
        }
      },
      async run (config: Config, input, ctx) {
        const reply = await authorizedCall(config, ctx, 'POST', '/api/now/table/change_request?sysparm_fields=sys_id,number', {
          short_description: input.shortDescription,
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.type === undefined ? {} : { type: input.type })
        })
        return created(config, 'change_request', reply, ctx)
      }
    })
  }
})
