/**
 * Jira Cloud: create issues in a project, signed in with a user's email and API token.
 */
import { defineAction, defineIntegration } from '../../core/contract/contract.js'
import type { FromSchema } from '../../core/contract/json-schema.js'
import { textToAdf } from './adf.js'
import { call, describe, failure, isRecord, issueRejected, loginRefused, siteUrl } from './site.js'

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['serviceUrl', 'apiToken', 'email'],
  properties: {
    description: {
      type: 'string',
      title: 'Description',
      description: 'A short note for admins: what this Jira connection is used for.',
      maxLength: 500
    },
    serviceUrl: {
      type: 'string',
      title: 'Service URL',
      description: 'The address of your Jira Cloud site.',
      format: 'uri',
      pattern: '^https?://',
      examples: ['https://yourcompany.atlassian.net']
    },
    apiToken: {
      type: 'string',
      title: 'API Token',
      description: 'An API token of the Jira user, created at id.atlassian.com → Security → API tokens (not the account password).',
      minLength: 1,
      writeOnly: true
    },
    email: {
      type: 'string',
      title: 'User Email',
      description: 'The email address of the Atlassian account the token belongs to.',
      format: 'email'
    }
  }
} as const

type Config = FromSchema<typeof schema>

export default defineIntegration({
  id: 'jira',
  name: 'Jira',
  description: 'Create issues in your Jira Cloud projects.',
  version: '1.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path fill="#2684ff" d="M11.5 2 2 11.5l9.5 9.5 3-3-6.5-6.5 6.5-6.5z"/><path fill="#0052cc" d="M12.5 22 22 12.5 12.5 3l-3 3 6.5 6.5L9.5 19z"/></svg>',
  schema,
  errors: {
    UNREACHABLE: { message: 'Unable to connect to the Jira instance', field: 'serviceUrl' },
    TIMEOUT: { message: 'Unable to connect to the Jira instance: no answer within {seconds} s', field: 'serviceUrl' },
    TLS: { message: 'Unable to connect to the Jira instance: its TLS certificate could not be verified', field: 'serviceUrl' },
    NOT_JIRA: { message: 'This URL is not a Jira site', field: 'serviceUrl' },
    NOT_JIRA_CLOUD: { message: 'This is a Jira {deploymentType} site; this integration connects to Jira Cloud', field: 'serviceUrl' },
    INVALID_TOKEN: { message: 'Invalid API Token', field: 'apiToken' },
    PASSWORD_NOT_TOKEN: { message: 'This looks like a password: Jira needs an API token here', field: 'apiToken' },
    LOGIN_DENIED: { message: 'Jira refused the login after too many failed attempts; sign in once in a browser, then retry', field: 'email' },
    RATE_LIMITED: { message: 'Jira is rate-limiting requests; retry in {seconds} s' },
    RATE_LIMITED_LATER: { message: 'Jira is rate-limiting requests; retry later' },
    ISSUE_REJECTED: { message: 'Jira rejected the issue' },
    NOT_PERMITTED: { message: 'Jira refused: this user may not do that' },
    REMOTE_ERROR: { message: 'Jira answered with an error (HTTP {status})' }
  },

  async test (config, ctx) {
    await ctx.step('Reach the Jira site', async () => {
      // Anonymous and cheap; a Jira site answers with its deployment type (REST v3: Get server info).
      const reply = await call(config, ctx, 'GET', '/rest/api/3/serverInfo', { authenticated: false })
      if (reply.status === 429) throw failure(reply, ctx)
      const deploymentType = isRecord(reply.json) ? reply.json.deploymentType : undefined
      if (reply.status !== 200 || typeof deploymentType !== 'string') {
        throw ctx.fail('NOT_JIRA', { detail: describe(reply) })
      }
      if (deploymentType !== 'Cloud') throw ctx.fail('NOT_JIRA_CLOUD', { params: { deploymentType } })
    })
    await ctx.step('Sign in with the API token', async () => {
      const reply = await call(config, ctx, 'GET', '/rest/api/3/myself', { authenticated: true })
      const signedIn = reply.status === 200 && isRecord(reply.json) && typeof reply.json.accountId === 'string'
      if (!signedIn || loginRefused(reply)) throw failure(reply, ctx)
    })
  },

  actions: {
    createIssue: defineAction({
      title: 'Create an issue',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['projectKey', 'summary'],
        properties: {
          projectKey: {
            type: 'string',
            title: 'Project key',
            description: 'The key of the project, e.g. OPS.',
            pattern: '^[A-Za-z][A-Za-z0-9_]*$'
          },
          summary: { type: 'string', title: 'Summary', minLength: 1, maxLength: 255 },
          issueType: { type: 'string', title: 'Issue type', default: 'Task', minLength: 1 },
          description: {
            type: 'string',
            title: 'Description',
            description: 'Plain text; blank lines separate paragraphs.'
          },
          labels: {
            type: 'array',
            title: 'Labels',
            items: { type: 'string', pattern: '^\\S+$', minLength: 1, maxLength: 255 }
          }
        }
      },
      async run (config: Config, input, ctx) {
        const description = input.description === undefined ? undefined : textToAdf(input.description)
        const fields = {
          project: { key: input.projectKey },
          summary: input.summary,
          issuetype: { name: input.issueType ?? 'Task' },
          ...(description === undefined || description.content.length === 0 ? {} : { description }),
          ...(input.labels === undefined ? {} : { labels: input.labels })
        }
        const reply = await call(config, ctx, 'POST', '/rest/api/3/issue', { authenticated: true, body: { fields } })
        if (reply.status === 400) throw issueRejected(reply, ctx)
        const json = isRecord(reply.json) ? reply.json : {}
        if (reply.status !== 201 || typeof json.key !== 'string' || typeof json.id !== 'string') {
          throw failure(reply, ctx)
        }
        return { key: json.key, id: json.id, url: `${siteUrl(config)}/browse/${json.key}` }
      }
    })
  }
})
