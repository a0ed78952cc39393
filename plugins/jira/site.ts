/**
 * One Jira site as the plugin sees it: the settings that lead to it, which deployment answers there
 * (Cloud or Data Center), the credentials it takes, and what differs between the deployments.
 */
import type { IntegrationContext } from 'integration-hub/plugin'

export interface JiraConfig {
  serviceUrl: string
  apiToken: string
  /** Required by Jira Cloud (Basic email:token); Data Center signs in with the token alone. */
  email?: string
  /** `YYYY-MM-DD`, as the admin entered it. */
  tokenExpiresOn?: string
}

export type Deployment = 'cloud' | 'data-center'

/** A site whose deployment is known, with the credentials for it. */
export interface Site {
  baseUrl: string
  deployment: Deployment
  /** What differs between the deployments' REST APIs. */
  dialect: Dialect
  authorization: string
  /** The admin's date from "Token expires on", when given. */
  tokenExpiresOn: string | undefined
}

export interface SearchQuery {
  jql: string
  fields: string[]
  maxResults: number
  nextPageToken?: string | undefined
}

export interface SearchPage {
  issues: Array<{ key: string, id: string, fields: Record<string, unknown> }>
  nextPageToken?: string
}

export interface Item {
  id: string
  name: string
}

/**
 * How one deployment's REST API differs from the other's: the version under `/rest/api/`, the body
 * of rich-text fields, how users are named, and the endpoints that have no common form.
 */
export interface Dialect {
  /** `/rest/api/3` (Cloud) or `/rest/api/2` (Data Center). */
  api: string
  /** A description or comment from plain text; undefined when the text has nothing to show. */
  richText(text: string): unknown
  /** A user in a field of a create request: `{ accountId }` on Cloud, `{ name }` on Data Center. */
  userRef(id: string): Record<string, string>
  /** The identifier `userRef` takes, from a user object Jira returned. */
  userId(user: Record<string, unknown>): string | undefined
  /** Whether `GET …/myself` answered with a signed-in user. */
  isSignedIn(myself: Record<string, unknown>): boolean
  /** The detail line when the site refuses the credentials. */
  refusedDetail: string
  search(site: Site, ctx: IntegrationContext, query: SearchQuery): Promise<SearchPage>
  projects(site: Site, ctx: IntegrationContext): Promise<Array<Item & { key: string }>>
  issueTypes(site: Site, ctx: IntegrationContext, projectKey: string): Promise<Item[]>
}

export function siteUrl (config: Pick<JiraConfig, 'serviceUrl'>): string {
  return config.serviceUrl.replace(/\/+$/, '')
}
