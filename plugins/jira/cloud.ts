/**
 * Jira Cloud's platform REST API v3 (swagger-v3.v3.json): rich text as Atlassian Document Format,
 * users by account ID, search through `/search/jql` (the old `/search` answers 410 Gone), projects
 * and issue types in `startAt` pages.
 */
import { isRecord } from 'integration-hub/plugin'
import { textToAdf } from './adf.js'
import { failure, jqlRefused, projectFailure, unreadable } from './failures.js'
import { collectPages, creatableTypesOf, issuesOf, projectsOf } from './lists.js'
import { call } from './requests.js'
import type { Dialect } from './site.js'

export const cloud: Dialect = {
  api: '/rest/api/3',

  richText (text) {
    const document = textToAdf(text)
    return document.content.length === 0 ? undefined : document
  },

  userRef: (id) => ({ accountId: id }),
  userId: (user) => typeof user.accountId === 'string' ? user.accountId : undefined,
  // getCurrentUser: `accountId` names the signed-in user.
  isSignedIn: (myself) => typeof myself.accountId === 'string',
  refusedDetail: 'Jira did not accept this User Email and API Token together; check both, and that the token has not been revoked or expired.',

  // searchAndReconsileIssuesUsingJql: ids only unless `fields` is given; `nextPageToken` until the last page.
  async search (site, ctx, { jql, fields, maxResults, nextPageToken }) {
    const reply = await call(site, ctx, 'GET', '/search/jql', { query: { jql, fields: fields.join(','), maxResults, nextPageToken } })
    if (reply.status !== 200) throw jqlRefused(reply, ctx, site)
    const issues = issuesOf(reply.json)
    if (issues === undefined) throw unreadable(reply, ctx, 'the issues it found')
    const next = isRecord(reply.json) && reply.json.isLast !== true ? reply.json.nextPageToken : undefined
    return { issues, ...(typeof next === 'string' && next !== '' ? { nextPageToken: next } : {}) }
  },

  // searchProjects: `values`, with `isLast` on the last page.
  async projects (site, ctx) {
    return await collectPages(async (startAt) => {
      const reply = await call(site, ctx, 'GET', '/project/search', { query: { startAt, maxResults: 50 } })
      if (reply.status !== 200) throw failure(reply, ctx, site)
      if (!isRecord(reply.json) || !Array.isArray(reply.json.values)) throw unreadable(reply, ctx, 'the list of projects')
      return { items: projectsOf(reply.json.values), count: reply.json.values.length, last: reply.json.isLast === true }
    })
  },

  // getCreateMetaIssueTypes: `issueTypes`, with `startAt` and `total`.
  async issueTypes (site, ctx, projectKey) {
    return await collectPages(async (startAt) => {
      const reply = await call(site, ctx, 'GET', `/issue/createmeta/${encodeURIComponent(projectKey)}/issuetypes`, { query: { startAt, maxResults: 200 } })
      if (reply.status !== 200) throw projectFailure(reply, ctx, site, projectKey)
      if (!isRecord(reply.json) || !Array.isArray(reply.json.issueTypes)) throw unreadable(reply, ctx, 'the issue types of the project')
      const count = reply.json.issueTypes.length
      const total = typeof reply.json.total === 'number' ? reply.json.total : startAt + count
      return { items: creatableTypesOf(reply.json.issueTypes), count, last: startAt + count >= total }
    })
  }
}
