/**
 * The incident's life cycle through the Table API: open it, read it, change it, add work notes and
 * comments (journal fields: each PATCH adds an entry), resolve it.
 *
 * States (ServiceNow docs: "Life cycle of an Incident"; the state column's values in a base
 * instance): 1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled. Resolving sets
 * close_code (Resolution code) and close_notes (Resolution notes), which the base instance's data
 * policy makes mandatory for a resolved incident.
 */
import { defineAction, type IntegrationContext } from 'integration-hub/plugin'
import { assignmentGroup, columns, description, oneToThree, otherFields, recordLinkOutput, recordRef, shortDescription, userReference } from './inputs.js'
import type { Config } from './settings.js'
import { createRecord, fromInstanceTime, labelOf, readRecord, recordRefOf, recordUrl, referenceId, textOf, updateRecord, users, groups, type RecordRef } from './table.js'

const incidentRef = recordRef('Incident number', 'INC0010001')

const caller = userReference('Caller', 'The user the incident is for: a user name (user_name) or a sys_id.')
const category = {
  type: 'string',
  title: 'Category',
  description: 'A value of the incident’s Category choice list, e.g. inquiry, software, hardware, network, database.',
  minLength: 1,
  maxLength: 40
} as const

/** User and group names become the sys_ids the reference fields hold. */
async function references (config: Config, ctx: IntegrationContext, input: { caller?: string, assignedTo?: string, assignmentGroup?: string }): Promise<Record<string, unknown>> {
  return columns({
    caller_id: input.caller === undefined ? undefined : await referenceId(config, ctx, users, input.caller, 'caller'),
    assigned_to: input.assignedTo === undefined ? undefined : await referenceId(config, ctx, users, input.assignedTo, 'assignedTo'),
    assignment_group: input.assignmentGroup === undefined ? undefined : await referenceId(config, ctx, groups, input.assignmentGroup, 'assignmentGroup')
  })
}

const journalInput = (title: string, description: string) => ({
  type: 'object',
  additionalProperties: false,
  required: ['text'],
  ...incidentRef,
  properties: {
    ...incidentRef.properties,
    text: { type: 'string', title, description, minLength: 1, maxLength: 4000 }
  }
} as const)

const journalOutput = {
  type: 'object',
  required: ['number', 'sysId'],
  properties: { number: { type: 'string', title: 'Number' }, sysId: { type: 'string', title: 'sys_id' } }
} as const

async function addJournalEntry (config: Config, ctx: IntegrationContext, input: RecordRef & { text: string }, field: 'work_notes' | 'comments'): Promise<{ number: string, sysId: string }> {
  const { link } = await updateRecord(config, ctx, 'incident', recordRefOf(input), { [field]: input.text })
  return { number: link.number, sysId: link.sysId }
}

export const incidentActions = {
  createIncident: defineAction({
    title: 'Create an incident',
    description: 'Opens an incident. With an Idempotency-Key, a retried request returns the incident the first one opened.',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['shortDescription'],
      properties: {
        shortDescription,
        description,
        urgency: oneToThree('Urgency'),
        impact: oneToThree('Impact'),
        caller,
        assignmentGroup,
        category,
        fields: otherFields('incident')
      }
    },
    output: recordLinkOutput,
    async run (config: Config, input, ctx) {
      return await createRecord(config, ctx, 'incident', {
        ...input.fields,
        ...columns({
          short_description: input.shortDescription,
          description: input.description,
          urgency: input.urgency,
          impact: input.impact,
          category: input.category
        }),
        ...await references(config, ctx, input)
      })
    }
  }),

  getIncident: defineAction({
    title: 'Read an incident',
    description: 'Its state (with the label the instance shows), who works on it, and when it was opened, last updated and resolved.',
    input: { type: 'object', additionalProperties: false, ...incidentRef },
    output: {
      type: 'object',
      required: ['number', 'sysId', 'state', 'openedAt', 'updatedAt', 'url'],
      properties: {
        number: { type: 'string', title: 'Number' },
        sysId: { type: 'string', title: 'sys_id' },
        shortDescription: { type: 'string', title: 'Short description' },
        state: { type: 'string', title: 'State', description: '1 New, 2 In Progress, 3 On Hold, 6 Resolved, 7 Closed, 8 Canceled (in a base instance).' },
        stateLabel: { type: 'string', title: 'State label' },
        assignedTo: { type: 'string', title: 'Assigned to', description: 'The name the instance shows for the user.' },
        assignmentGroup: { type: 'string', title: 'Assignment group' },
        openedAt: { type: 'string', title: 'Opened', format: 'date-time' },
        updatedAt: { type: 'string', title: 'Updated', format: 'date-time' },
        resolvedAt: { type: 'string', title: 'Resolved', format: 'date-time' },
        url: { type: 'string', title: 'Link', format: 'uri' }
      }
    },
    async run (config: Config, input, ctx) {
      const record = await readRecord(config, ctx, 'incident', recordRefOf(input), [
        'sys_id', 'number', 'short_description', 'state', 'assigned_to', 'assignment_group', 'opened_at', 'sys_updated_on', 'resolved_at'
      ])
      const number = textOf(record.number)
      const sysId = textOf(record.sys_id)
      const state = textOf(record.state)
      const openedAt = fromInstanceTime(record.opened_at)
      const updatedAt = fromInstanceTime(record.sys_updated_on)
      if (number === undefined || sysId === undefined || state === undefined || openedAt === undefined || updatedAt === undefined) {
        throw ctx.fail('NOT_SERVICENOW', { detail: 'It answered an incident without its number, sys_id, state, opened_at or sys_updated_on.' })
      }
      return {
        number,
        sysId,
        state,
        openedAt,
        updatedAt,
        url: recordUrl(config, 'incident', sysId),
        ...columns({
          shortDescription: textOf(record.short_description),
          stateLabel: labelOf(record.state),
          assignedTo: labelOf(record.assigned_to),
          assignmentGroup: labelOf(record.assignment_group),
          resolvedAt: fromInstanceTime(record.resolved_at)
        })
      }
    }
  }),

  updateIncident: defineAction({
    title: 'Update an incident',
    description: 'Changes the given fields of an incident; fields left out keep their values.',
    input: {
      type: 'object',
      additionalProperties: false,
      ...incidentRef,
      properties: {
        ...incidentRef.properties,
        shortDescription,
        description,
        urgency: oneToThree('Urgency'),
        impact: oneToThree('Impact'),
        category,
        state: {
          type: 'string',
          title: 'State',
          oneOf: [
            { const: '1', title: 'New' },
            { const: '2', title: 'In Progress' },
            { const: '3', title: 'On Hold' },
            { const: '6', title: 'Resolved' },
            { const: '7', title: 'Closed' },
            { const: '8', title: 'Canceled' }
          ]
        },
        assignedTo: userReference('Assigned to', 'The user who works on it: a user name (user_name) or a sys_id.'),
        assignmentGroup,
        fields: otherFields('incident')
      }
    },
    output: recordLinkOutput,
    async run (config: Config, input, ctx) {
      const values = {
        ...input.fields,
        ...columns({
          short_description: input.shortDescription,
          description: input.description,
          urgency: input.urgency,
          impact: input.impact,
          category: input.category,
          state: input.state
        }),
        ...await references(config, ctx, input)
      }
      if (Object.keys(values).length === 0) {
        throw ctx.fail('NOTHING_TO_CHANGE', { fields: [{ field: 'fields', message: 'Give at least one field to change.' }] })
      }
      return (await updateRecord(config, ctx, 'incident', recordRefOf(input), values)).link
    }
  }),

  addWorkNote: defineAction({
    title: 'Add a work note to an incident',
    input: journalInput('Work note', 'Visible to the people who work on the incident, not to the caller.'),
    output: journalOutput,
    async run (config: Config, input, ctx) {
      return await addJournalEntry(config, ctx, input, 'work_notes')
    }
  }),

  addComment: defineAction({
    title: 'Add a comment to an incident',
    input: journalInput('Comment', 'An additional comment, visible to the caller.'),
    output: journalOutput,
    async run (config: Config, input, ctx) {
      return await addJournalEntry(config, ctx, input, 'comments')
    }
  }),

  resolveIncident: defineAction({
    title: 'Resolve an incident',
    description: 'Sets the state to Resolved (6) with a resolution code and notes.',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['closeCode', 'closeNotes'],
      ...incidentRef,
      properties: {
        ...incidentRef.properties,
        closeCode: {
          type: 'string',
          title: 'Resolution code',
          description: 'A value of the instance’s Resolution code list, e.g. Solution provided, Workaround provided, Duplicate, Resolved by caller.',
          minLength: 1,
          maxLength: 40
        },
        closeNotes: { type: 'string', title: 'Resolution notes', description: 'How the incident was resolved.', minLength: 1, maxLength: 4000 }
      }
    },
    output: {
      type: 'object',
      required: ['number', 'sysId', 'state'],
      properties: {
        number: { type: 'string', title: 'Number' },
        sysId: { type: 'string', title: 'sys_id' },
        state: { type: 'string', title: 'State', description: '6 (Resolved) once the instance accepted it.' }
      }
    },
    async run (config: Config, input, ctx) {
      const { link, record } = await updateRecord(config, ctx, 'incident', recordRefOf(input), {
        state: '6',
        close_code: input.closeCode,
        close_notes: input.closeNotes
      }, ['state'])
      const state = textOf(record.state)
      if (state === undefined) throw ctx.fail('NOT_SERVICENOW', { detail: 'It answered the resolved incident without its state.' })
      return { number: link.number, sysId: link.sysId, state }
    }
  })
}
