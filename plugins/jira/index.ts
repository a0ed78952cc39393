/**
 * Jira Cloud and Jira Data Center: issues created, read, commented on, moved through their workflow
 * and searched. One form serves both: serverInfo says which deployment answers at the Service URL,
 * and the hub signs in the way it takes — Cloud with the User Email and API token, Data Center with
 * the token as a personal access token.
 */
import { connectionErrors, defineIntegration } from 'integration-hub/plugin'
import { actions } from './actions.js'
import { credentialsFor, findDeployment, reportExpiry, signIn } from './sign-in.js'

const schema = {
  type: 'object',
  additionalProperties: false,
  // User Email is not required here: Data Center does not use it. A Cloud site without it is refused
  // by the test, on that field (EMAIL_REQUIRED).
  required: ['serviceUrl', 'apiToken'],
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
      description: 'The address of your Jira site: Jira Cloud (…atlassian.net) or your own Jira Data Center.',
      format: 'uri',
      pattern: '^https?://',
      examples: ['https://yourcompany.atlassian.net'],
      'x-destination': true
    },
    apiToken: {
      type: 'string',
      title: 'API Token',
      description: 'Jira Cloud: an API token of the user, created at id.atlassian.com → Security → API tokens (not the account password). Jira Data Center: a personal access token, created in your profile → Personal Access Tokens.',
      minLength: 1,
      writeOnly: true
    },
    email: {
      type: 'string',
      title: 'User Email',
      description: 'The email address of the Atlassian account the token belongs to. Needed for Jira Cloud; Jira Data Center ignores it.',
      format: 'email'
    },
    tokenExpiresOn: {
      type: 'string',
      title: 'Token expires on',
      description: 'The expiry date shown where the token was created: the hub warns before then. Jira Cloud API tokens expire within a year.',
      format: 'date'
    }
  }
} as const

export default defineIntegration({
  id: 'jira',
  name: 'Jira',
  description: 'Create, comment on, transition and search issues in Jira Cloud or Jira Data Center.',
  version: '2.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path fill="#2684ff" d="M11.5 2 2 11.5l9.5 9.5 3-3-6.5-6.5 6.5-6.5z"/><path fill="#0052cc" d="M12.5 22 22 12.5 12.5 3l-3 3 6.5 6.5L9.5 19z"/></svg>',
  schema,
  errors: {
    ...connectionErrors({ message: 'Unable to connect to the Jira instance', field: 'serviceUrl' }),
    NOT_JIRA: { message: 'This URL is not a Jira site', field: 'serviceUrl' },
    EMAIL_REQUIRED: { message: 'Jira Cloud needs the User Email of the account the API token belongs to', field: 'email' },
    INVALID_TOKEN: { message: 'Invalid API Token', field: 'apiToken' },
    TOKEN_EXPIRED: { message: 'The API Token expired on {date}: create a new one and enter it here', field: 'apiToken' },
    PASSWORD_NOT_TOKEN: { message: 'This looks like a password: Jira needs an API token here', field: 'apiToken' },
    LOGIN_DENIED: { message: 'Jira refused the login after too many failed attempts; sign in once in a browser, then retry', field: 'email' },
    RATE_LIMITED: { message: 'Jira is rate-limiting requests; retry in {seconds} s' },
    RATE_LIMITED_LATER: { message: 'Jira is rate-limiting requests; retry later' },
    NOT_PERMITTED: { message: 'Jira refused: this user may not do that' },
    REMOTE_ERROR: { message: 'Jira answered with an error (HTTP {status})' },
    UNEXPECTED_ANSWER: { message: 'Jira sent an answer the hub could not read' },
    ISSUE_REJECTED: { message: 'Jira rejected the issue' },
    ISSUE_NOT_FOUND: { message: 'Jira has no issue {key}, or this user may not see it', field: 'key' },
    PROJECT_NOT_FOUND: { message: 'Jira has no project {projectKey}, or this user may not see it', field: 'projectKey' },
    COMMENT_REJECTED: { message: 'Jira rejected the comment', field: 'body' },
    UNKNOWN_TRANSITION: { message: 'This issue has no transition "{transition}" now', field: 'transition' },
    TRANSITION_REJECTED: { message: 'Jira refused the transition', field: 'transition' },
    INVALID_JQL: { message: 'Jira could not run this JQL query', field: 'jql' },
    INVALID_PAGE_TOKEN: { message: 'This page token does not belong to a search of this site', field: 'nextPageToken' }
  },

  async test (config, ctx) {
    reportExpiry(config, ctx)
    // Anonymous and cheap: a Jira site answers with its deployment type; nothing secret is sent
    // before it is known to be Jira.
    const deployment = await ctx.step('Reach the Jira site', async () => await findDeployment(config, ctx))
    await ctx.step('Sign in with the API token', async () => await signIn(credentialsFor(config, deployment, ctx), ctx))
  },

  actions
})
