/**
 * Jira Data Center's REST API v2 (Jira Server platform REST API reference): rich text as wiki-markup
 * strings, users by name, search through `/search` in `startAt` pages (given to callers as an opaque
 * page token, as on Cloud), all projects in one list.
 */
import { isRecord } from 'integration-hub/plugin'
import { failure, jqlRefused, projectFailure, unreadable } from './failures.js'
import { collectPages, creatableTypesOf, issuesOf, projectsOf } from './lists.js'
import { call } from './requests.js'
import type { Dialect } from './site.js'
import { textToWikiMarkup } from './wiki-markup.js'

export const dataCenter: Dialect = {
  api: '/rest/api/2',

  richText (text) {
    const markup = textToWikiMarkup(text)
    return markup === '' ? undefined : markup
  },

  userRef: (id) => ({ name: id }),
  userId: (user) => typeof user.name === 'string' ? user.name : undefined,
  // api/2/myself: the user's `name` (and `key`).
  isSignedIn: (myself) => typeof myself.name === 'string',
  refusedDetail: 'Jira did not accept this API Token as a personal access token; check that it was copied whole and has not been revoked or expired. (Jira Data Center does not use the User Email.)',

  // api/2/search: `startAt`, `maxResults`, `total`; the next page's `startAt` is the page token.
  async search (site, ctx, { jql, fields, maxResults, nextPageToken }) {
    if (nextPageToken !== undefined && !/^\d{1,9}$/.test(nextPageToken)) {
      throw ctx.fail('INVALID_PAGE_TOKEN', { fields: [{ field: 'nextPageToken', message: 'Use the nextPageToken of the previous page of this search.' }] })
    }
    const startAt = nextPageToken === undefined ? 0 : Number(nextPageToken)
    const reply = await call(site, ctx, 'GET', '/search', { query: { jql, fields: fields.join(','), maxResults, startAt } })
    if (reply.status !== 200) throw jqlRefused(reply, ctx, site)
    const issues = issuesOf(reply.json)
    if (issues === undefined) throw unreadable(reply, ctx, 'the issues it found')
    const total = isRecord(reply.json) && typeof reply.json.total === 'number' ? reply.json.total : 0
    const next = startAt + issues.length
    return { issues, ...(issues.length > 0 && next < total ? { nextPageToken: String(next) } : {}) }
  },

  // api/2/project: every project the user may browse, in one array.
  async projects (site, ctx) {
    const reply = await call(site, ctx, 'GET', '/project')
    if (reply.status !== 200) throw failure(reply, ctx, site)
    if (!Array.isArray(reply.json)) throw unreadable(reply, ctx, 'the list of projects')
    return projectsOf(reply.json)
  },

  // api/2/issue/createmeta/{projectIdOrKey}/issuetypes: a page of `values`, with `isLast`.
  async issueTypes (site, ctx, projectKey) {
    return await collectPages(async (startAt) => {
      const reply = await call(site, ctx, 'GET', `/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes`, { query: { startAt, maxResults: 200 } })
      if (reply.status !== 200) throw projectFailure(reply, ctx, site, projectKey)
      if (!isRecord(reply.json) || !Array.isArray(reply.json.values)) throw unreadable(reply, ctx, 'the issue types of the project')
      return { items: creatableTypesOf(reply.json.values), count: reply.json.values.length, last: reply.json.isLast !== false }
    })
  }
}
