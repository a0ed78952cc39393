/**
 * The part of JQL the Jira stand-ins understand: clauses `field = value`, `!=`, `~` (contains),
 * `in (…)` and `not in (…)`, joined with AND and OR (AND binding tighter), and a trailing ORDER BY
 * (accepted, not applied). Errors are worded as Jira words them ("Advanced searching" reference; the
 * "does not exist for the field" and "Field … does not exist" messages of a refused search).
 */

export interface JqlIssue {
  key: string
  project: { key: string, id: string }
  summary: string
  status: string
  issueType: string
  labels: string[]
  assignee: string | undefined
}

type Clause = { field: string, operator: '=' | '!=' | '~' | 'in' | 'not in', values: string[] }
export type Query = Clause[][]

/** Thrown for a query Jira would refuse with 400 and this message in `errorMessages`. */
export class JqlError extends Error {}

const fields = new Set(['project', 'key', 'issuekey', 'labels', 'status', 'issuetype', 'type', 'summary', 'assignee'])

function tokens (jql: string): string[] {
  const found: string[] = []
  const pattern = /\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|!=|!~|[=~(),]|[^\s=!~(),"']+)/y
  let position = 0
  for (let match = pattern.exec(jql); match !== null; match = pattern.exec(jql)) {
    found.push(match[1]!)
    position = pattern.lastIndex
  }
  const rest = jql.slice(position).trim()
  if (rest !== '') throw new JqlError(`Error in the JQL Query: The character '${rest[0]}' is a reserved JQL character.`)
  return found
}

function unquote (token: string): string {
  return /^["']/.test(token) ? token.slice(1, -1).replace(/\\(.)/g, '$1') : token
}

export function parseJql (jql: string, projectKeys: string[]): Query {
  const list = tokens(jql)
  const orderBy = list.findIndex((token, index) => token.toLowerCase() === 'order' && list[index + 1]?.toLowerCase() === 'by')
  const body = orderBy === -1 ? list : list.slice(0, orderBy)
  const groups: Query = [[]]
  let index = 0
  const next = (): string => {
    const token = body[index++]
    if (token === undefined) throw new JqlError('Error in the JQL Query: Expecting either a value, list or function but got \'<EOF>\'.')
    return token
  }
  while (index < body.length) {
    const field = next().toLowerCase()
    if (!fields.has(field)) throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`)
    let operator = next().toLowerCase()
    if (operator === 'not') operator = `not ${next().toLowerCase()}`
    let values: string[]
    if (operator === 'in' || operator === 'not in') {
      if (next() !== '(') throw new JqlError('Error in the JQL Query: Expecting \'(\' after IN.')
      values = []
      for (let token = next(); token !== ')'; token = next()) if (token !== ',') values.push(unquote(token))
    } else if (operator === '=' || operator === '!=' || operator === '~') {
      values = [unquote(next())]
    } else {
      throw new JqlError(`Error in the JQL Query: Expecting operator but got '${operator}'.`)
    }
    if (field === 'project') {
      const unknown = values.find((value) => !projectKeys.some((key) => key.toLowerCase() === value.toLowerCase()))
      if (unknown !== undefined) throw new JqlError(`The value '${unknown}' does not exist for the field 'project'.`)
    }
    groups.at(-1)!.push({ field, operator: operator as Clause['operator'], values })
    const joiner = body[index]?.toLowerCase()
    if (joiner === undefined) break
    index++
    if (joiner === 'or') groups.push([])
    else if (joiner !== 'and') throw new JqlError(`Error in the JQL Query: Expecting either 'OR' or 'AND' but got '${body[index - 1]}'.`)
  }
  return groups
}

function valuesOf (issue: JqlIssue, field: string): string[] {
  switch (field) {
    case 'project': return [issue.project.key, issue.project.id]
    case 'key': case 'issuekey': return [issue.key]
    case 'labels': return issue.labels
    case 'status': return [issue.status]
    case 'issuetype': case 'type': return [issue.issueType]
    case 'summary': return [issue.summary]
    default: return issue.assignee === undefined ? [] : [issue.assignee]
  }
}

function holds (issue: JqlIssue, clause: Clause): boolean {
  const actual = valuesOf(issue, clause.field).map((value) => value.toLowerCase())
  const wanted = clause.values.map((value) => value.toLowerCase())
  switch (clause.operator) {
    case '~': return actual.some((value) => wanted[0]!.split(/\s+/).every((word) => value.includes(word)))
    case '=': case 'in': return wanted.some((value) => actual.includes(value))
    default: return !wanted.some((value) => actual.includes(value))
  }
}

export function matches (issue: JqlIssue, query: Query): boolean {
  return query.some((group) => group.every((clause) => holds(issue, clause)))
}
