/**
 * Reading Jira's lists, the same on both deployments: issues in a search result, named items
 * (projects, issue types), and walking a list Jira hands out page by page.
 */
import { isRecord } from 'integration-hub/plugin'
import type { Item, SearchPage } from './site.js'

/** Lists longer than this many pages are cut: a picker of thousands of entries helps no one. */
const MAX_PAGES = 20

/** The issues of a search answer; undefined when it has none in the documented shape. */
export function issuesOf (value: unknown): SearchPage['issues'] | undefined {
  if (!isRecord(value) || !Array.isArray(value.issues)) return undefined
  const issues: SearchPage['issues'] = []
  for (const issue of value.issues) {
    if (!isRecord(issue) || typeof issue.key !== 'string' || typeof issue.id !== 'string') return undefined
    issues.push({ key: issue.key, id: issue.id, fields: isRecord(issue.fields) ? issue.fields : {} })
  }
  return issues
}

/** `{id, name}` of each entry, skipping what does not have them. */
export function itemsOf (value: unknown): Item[] {
  if (!Array.isArray(value)) return []
  return value.flatMap((entry) => isRecord(entry) && typeof entry.id === 'string' && typeof entry.name === 'string'
    ? [{ id: entry.id, name: entry.name }]
    : [])
}

/** `{key, id, name}` of each project, skipping what does not have them. */
export function projectsOf (value: unknown): Array<Item & { key: string }> {
  if (!Array.isArray(value)) return []
  return value.flatMap((entry) => isRecord(entry) && typeof entry.id === 'string' && typeof entry.name === 'string' && typeof entry.key === 'string'
    ? [{ key: entry.key, id: entry.id, name: entry.name }]
    : [])
}

/** Issue types a plain issue can be created with: sub-task types need a parent, which createIssue does not take. */
export function creatableTypesOf (value: unknown): Item[] {
  if (!Array.isArray(value)) return []
  return itemsOf(value.filter((entry) => !(isRecord(entry) && entry.subtask === true)))
}

/** Walks `startAt` pages until one says it is the last (or is empty), at most MAX_PAGES. */
export async function collectPages<T> (page: (startAt: number) => Promise<{ items: T[], count: number, last: boolean }>): Promise<T[]> {
  const items: T[] = []
  let startAt = 0
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const next = await page(startAt)
    items.push(...next.items)
    if (next.last || next.count === 0) break
    startAt += next.count
  }
  return items
}
