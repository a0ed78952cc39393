/**
 * The actions a host platform builds on: their input and output schemas, each run opening the site
 * (deployment kept per connection) and handing over to issues.ts or the deployment's dialect.
 */
import { defineAction } from 'integration-hub/plugin'
import { addComment, createIssue, getIssue, transitionIssue } from './issues.js'
import { openSite } from './sign-in.js'
import type { JiraConfig } from './site.js'

const projectKey = {
  type: 'string',
  title: 'Project key',
  description: 'The key of the project, e.g. OPS.',
  pattern: '^[A-Za-z][A-Za-z0-9_]*$',
  'x-choices': { action: 'listProjects', value: 'key', label: 'name' }
} as const

const issueKey = {
  type: 'string',
  title: 'Issue key',
  description: 'The key of the issue, e.g. OPS-12.',
  pattern: '^[A-Za-z][A-Za-z0-9_]*-[0-9]+$'
} as const

const issueLink = {
  type: 'object',
  required: ['key', 'id', 'url'],
  properties: {
    key: { type: 'string', title: 'Issue key' },
    id: { type: 'string', title: 'Issue ID' },
    url: { type: 'string', title: 'Link', format: 'uri' }
  }
} as const

/** What a search returns per issue when the caller names no fields. */
const DEFAULT_SEARCH_FIELDS = ['summary', 'status']

export const actions = {
  createIssue: defineAction({
    title: 'Create an issue',
    description: 'With an Idempotency-Key the issue gets a label hub-idem-…, so that a retry returns the issue an earlier attempt created instead of creating another one.',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['projectKey', 'summary'],
      properties: {
        projectKey,
        summary: { type: 'string', title: 'Summary', minLength: 1, maxLength: 255 },
        issueType: {
          type: 'string',
          title: 'Issue type',
          default: 'Task',
          minLength: 1,
          'x-choices': { action: 'listIssueTypes', value: 'name', input: { projectKey: 'projectKey' } }
        },
        description: {
          type: 'string',
          title: 'Description',
          description: 'Plain text; blank lines separate paragraphs. It shows as written on both Jira Cloud and Data Center.'
        },
        priority: { type: 'string', title: 'Priority', description: 'The name of a priority, e.g. High.', minLength: 1 },
        assignee: {
          type: 'string',
          title: 'Assignee',
          description: 'Jira Cloud: the account ID of the user; Jira Data Center: the user name.',
          minLength: 1
        },
        components: {
          type: 'array',
          title: 'Components',
          description: 'Names of components of the project.',
          items: { type: 'string', minLength: 1 }
        },
        labels: {
          type: 'array',
          title: 'Labels',
          items: { type: 'string', pattern: '^\\S+$', minLength: 1, maxLength: 255 }
        },
        customFields: {
          type: 'object',
          title: 'Custom fields',
          description: 'Values of custom fields by their ID, e.g. {"customfield_10011": "Q3 launch"}, in the form Jira’s REST API takes for each.',
          patternProperties: { '^customfield_[0-9]+$': {} },
          additionalProperties: false
        }
      }
    },
    output: issueLink,
    async run (config: JiraConfig, input, ctx) {
      return await createIssue(await openSite(config, ctx), ctx, input)
    }
  }),

  getIssue: defineAction({
    title: 'Get an issue',
    input: { type: 'object', additionalProperties: false, required: ['key'], properties: { key: issueKey } },
    output: {
      type: 'object',
      required: ['key', 'id', 'url', 'summary', 'status', 'issueType', 'created', 'updated'],
      properties: {
        ...issueLink.properties,
        summary: { type: 'string', title: 'Summary' },
        status: { type: 'string', title: 'Status' },
        assignee: {
          type: 'object',
          title: 'Assignee',
          required: ['id', 'displayName'],
          properties: {
            id: { type: 'string', title: 'Account ID (Cloud) or user name (Data Center)' },
            displayName: { type: 'string', title: 'Name' }
          }
        },
        priority: { type: 'string', title: 'Priority' },
        issueType: { type: 'string', title: 'Issue type' },
        created: { type: 'string', title: 'Created' },
        updated: { type: 'string', title: 'Updated' }
      }
    },
    async run (config: JiraConfig, input, ctx) {
      return await getIssue(await openSite(config, ctx), ctx, input.key)
    }
  }),

  addComment: defineAction({
    title: 'Comment on an issue',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'body'],
      properties: {
        key: issueKey,
        body: {
          type: 'string',
          title: 'Comment',
          description: 'Plain text; blank lines separate paragraphs.',
          pattern: '\\S',
          maxLength: 32767
        }
      }
    },
    output: {
      type: 'object',
      required: ['id', 'created'],
      properties: { id: { type: 'string', title: 'Comment ID' }, created: { type: 'string', title: 'Created' } }
    },
    async run (config: JiraConfig, input, ctx) {
      return await addComment(await openSite(config, ctx), ctx, input.key, input.body)
    }
  }),

  transitionIssue: defineAction({
    title: 'Move an issue through its workflow',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'transition'],
      properties: {
        key: issueKey,
        transition: {
          type: 'string',
          title: 'Transition',
          description: 'The name of a transition the issue offers now (e.g. Done; case does not matter), or its ID.',
          minLength: 1
        }
      }
    },
    output: {
      type: 'object',
      required: ['key', 'transition'],
      properties: {
        key: { type: 'string', title: 'Issue key' },
        transition: {
          type: 'object',
          title: 'Transition',
          required: ['id', 'name'],
          properties: { id: { type: 'string', title: 'ID' }, name: { type: 'string', title: 'Name' } }
        },
        status: { type: 'string', title: 'New status' }
      }
    },
    async run (config: JiraConfig, input, ctx) {
      return await transitionIssue(await openSite(config, ctx), ctx, input.key, input.transition)
    }
  }),

  searchIssues: defineAction({
    title: 'Search issues with JQL',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['jql'],
      properties: {
        // Sent in the query string of a GET: kept well under the URL lengths servers and proxies accept.
        jql: { type: 'string', title: 'JQL', examples: ['project = OPS AND status != Done'], minLength: 1, maxLength: 4000 },
        fields: {
          type: 'array',
          title: 'Fields',
          description: 'The fields to return of each issue (default: summary and status), e.g. assignee or customfield_10011.',
          items: { type: 'string', pattern: '^[^\\s,]+$' },
          minItems: 1,
          maxItems: 50
        },
        maxResults: { type: 'integer', title: 'Issues per page', minimum: 1, maximum: 100, default: 50 },
        nextPageToken: { type: 'string', title: 'Next page', description: 'The nextPageToken of the previous page of the same search.', minLength: 1 }
      }
    },
    output: {
      type: 'object',
      required: ['issues'],
      properties: {
        issues: {
          type: 'array',
          title: 'Issues',
          items: {
            type: 'object',
            required: ['key', 'id', 'fields'],
            properties: {
              key: { type: 'string', title: 'Issue key' },
              id: { type: 'string', title: 'Issue ID' },
              fields: { type: 'object', title: 'Fields', description: 'The requested fields as Jira returns them.' }
            }
          }
        },
        nextPageToken: { type: 'string', title: 'Next page', description: 'Present while there are more issues: pass it to get the next page.' }
      }
    },
    async run (config: JiraConfig, input, ctx) {
      const site = await openSite(config, ctx)
      return await site.dialect.search(site, ctx, {
        jql: input.jql,
        fields: input.fields ?? DEFAULT_SEARCH_FIELDS,
        maxResults: input.maxResults ?? 50,
        nextPageToken: input.nextPageToken
      })
    }
  }),

  listProjects: defineAction({
    title: 'List projects',
    input: { type: 'object', additionalProperties: false, properties: {} },
    output: {
      type: 'object',
      required: ['items'],
      properties: {
        items: {
          type: 'array',
          title: 'Projects',
          items: {
            type: 'object',
            required: ['key', 'id', 'name'],
            properties: { key: { type: 'string', title: 'Key' }, id: { type: 'string', title: 'ID' }, name: { type: 'string', title: 'Name' } }
          }
        }
      }
    },
    async run (config: JiraConfig, _input, ctx) {
      const site = await openSite(config, ctx)
      return { items: await site.dialect.projects(site, ctx) }
    }
  }),

  listIssueTypes: defineAction({
    title: 'List the issue types of a project',
    description: 'The types an issue can be created with (sub-task types, which need a parent issue, are left out).',
    input: { type: 'object', additionalProperties: false, required: ['projectKey'], properties: { projectKey } },
    output: {
      type: 'object',
      required: ['items'],
      properties: {
        items: {
          type: 'array',
          title: 'Issue types',
          items: {
            type: 'object',
            required: ['id', 'name'],
            properties: { id: { type: 'string', title: 'ID' }, name: { type: 'string', title: 'Name' } }
          }
        }
      }
    },
    async run (config: JiraConfig, input, ctx) {
      const site = await openSite(config, ctx)
      return { items: await site.dialect.issueTypes(site, ctx, input.projectKey) }
    }
  })
}
