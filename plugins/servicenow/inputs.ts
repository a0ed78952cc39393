/**
 * Schema parts the incident and change request actions share: which record, the summary, the 1–3
 * scales, references by name, the instance's own columns, and the record link they answer with.
 */

/** `number` or `sysId` (when both are given, `sysId` decides). */
export const recordRef = (numberTitle: string, example: string) => ({
  properties: {
    number: {
      type: 'string',
      title: numberTitle,
      description: `The record's number, e.g. ${example}.`,
      pattern: '^[A-Za-z]+[0-9]+$',
      maxLength: 40,
      examples: [example]
    },
    sysId: {
      type: 'string',
      title: 'sys_id',
      description: 'The record’s sys_id (32 hexadecimal characters).',
      pattern: '^[0-9a-f]{32}$'
    }
  },
  anyOf: [{ required: ['number'] }, { required: ['sysId'] }]
} as const)

export const oneToThree = (title: string) => ({
  type: 'string',
  title,
  oneOf: [
    { const: '1', title: '1 - High' },
    { const: '2', title: '2 - Medium' },
    { const: '3', title: '3 - Low' }
  ]
} as const)

export const shortDescription = {
  type: 'string',
  title: 'Short description',
  description: 'One line that says what happened.',
  minLength: 1,
  maxLength: 160
} as const

export const description = {
  type: 'string',
  title: 'Description',
  description: 'The full story.',
  maxLength: 4000
} as const

/** A name for an encoded query: `^` would start another condition. */
const queryValue = '^[^\\^]+$'

export const assignmentGroup = {
  type: 'string',
  title: 'Assignment group',
  description: 'The group that works on it: its name (e.g. Service Desk) or its sys_id.',
  minLength: 1,
  maxLength: 100,
  pattern: queryValue
} as const

export const userReference = (title: string, description: string) => ({
  type: 'string',
  title,
  description,
  minLength: 1,
  maxLength: 100,
  pattern: queryValue
} as const)

export const otherFields = (table: string) => ({
  type: 'object',
  title: 'Other fields',
  description: `More columns of the ${table} table by their names, the instance’s own u_… columns included, with the values to set; sent as they are.`,
  propertyNames: { pattern: '^[a-z][a-z0-9_]*$', maxLength: 80 },
  additionalProperties: { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] }
} as const)

export const plannedTime = (title: string, description: string) => ({
  type: 'string',
  title,
  description,
  format: 'date-time',
  examples: ['2026-07-01T22:00:00Z']
} as const)

export const recordLinkOutput = {
  type: 'object',
  required: ['number', 'sysId', 'url'],
  properties: {
    number: { type: 'string', title: 'Number' },
    sysId: { type: 'string', title: 'sys_id' },
    url: { type: 'string', title: 'Link', format: 'uri' }
  }
} as const

/** The entries that are given: a field left out of an input is left out of what is sent (and answered). */
export function columns<T extends Record<string, unknown>> (entries: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> }
}
