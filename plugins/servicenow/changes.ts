/**
 * Change requests through the Table API: open one (with its planned window and assignment group)
 * and read it back. The planned window is the change_request table's start_date and end_date.
 */
import { defineAction } from 'integration-hub/plugin'
import { assignmentGroup, columns, description, otherFields, plannedTime, recordLinkOutput, recordRef, shortDescription } from './inputs.js'
import type { Config } from './settings.js'
import { createRecord, fromInstanceTime, labelOf, readRecord, recordRefOf, recordUrl, referenceId, textOf, toInstanceTime, groups } from './table.js'

const changeRef = recordRef('Change number', 'CHG0030001')

export const changeActions = {
  createChangeRequest: defineAction({
    title: 'Create a change request',
    description: 'Opens a change request. With an Idempotency-Key, a retried request returns the change the first one opened.',
    input: {
      type: 'object',
      additionalProperties: false,
      required: ['shortDescription'],
      properties: {
        shortDescription,
        description,
        type: {
          type: 'string',
          title: 'Type',
          oneOf: [
            { const: 'normal', title: 'Normal' },
            { const: 'standard', title: 'Standard' },
            { const: 'emergency', title: 'Emergency' }
          ]
        },
        plannedStart: plannedTime('Planned start', 'When the work begins.'),
        plannedEnd: plannedTime('Planned end', 'When the work is done; after the planned start.'),
        assignmentGroup,
        fields: otherFields('change_request')
      }
    },
    output: recordLinkOutput,
    async run (config: Config, input, ctx) {
      if (input.plannedStart !== undefined && input.plannedEnd !== undefined && Date.parse(input.plannedEnd) <= Date.parse(input.plannedStart)) {
        throw ctx.fail('PLANNED_END_BEFORE_START', { fields: [{ field: 'plannedEnd', message: 'Planned end must be after the planned start.' }] })
      }
      return await createRecord(config, ctx, 'change_request', {
        ...input.fields,
        ...columns({
          short_description: input.shortDescription,
          description: input.description,
          type: input.type,
          start_date: input.plannedStart === undefined ? undefined : toInstanceTime(input.plannedStart),
          end_date: input.plannedEnd === undefined ? undefined : toInstanceTime(input.plannedEnd),
          assignment_group: input.assignmentGroup === undefined ? undefined : await referenceId(config, ctx, groups, input.assignmentGroup, 'assignmentGroup')
        })
      })
    }
  }),

  getChangeRequest: defineAction({
    title: 'Read a change request',
    description: 'Its type, state (with the label the instance shows), planned window and assignment.',
    input: { type: 'object', additionalProperties: false, ...changeRef },
    output: {
      type: 'object',
      required: ['number', 'sysId', 'state', 'url'],
      properties: {
        number: { type: 'string', title: 'Number' },
        sysId: { type: 'string', title: 'sys_id' },
        shortDescription: { type: 'string', title: 'Short description' },
        type: { type: 'string', title: 'Type' },
        state: { type: 'string', title: 'State', description: 'In a base instance: -5 New, -4 Assess, -3 Authorize, -2 Scheduled, -1 Implement, 0 Review, 3 Closed, 4 Canceled.' },
        stateLabel: { type: 'string', title: 'State label' },
        plannedStart: { type: 'string', title: 'Planned start', format: 'date-time' },
        plannedEnd: { type: 'string', title: 'Planned end', format: 'date-time' },
        assignedTo: { type: 'string', title: 'Assigned to' },
        assignmentGroup: { type: 'string', title: 'Assignment group' },
        url: { type: 'string', title: 'Link', format: 'uri' }
      }
    },
    async run (config: Config, input, ctx) {
      const record = await readRecord(config, ctx, 'change_request', recordRefOf(input), [
        'sys_id', 'number', 'short_description', 'type', 'state', 'start_date', 'end_date', 'assigned_to', 'assignment_group'
      ])
      const number = textOf(record.number)
      const sysId = textOf(record.sys_id)
      const state = textOf(record.state)
      if (number === undefined || sysId === undefined || state === undefined) {
        throw ctx.fail('NOT_SERVICENOW', { detail: 'It answered a change request without its number, sys_id or state.' })
      }
      return {
        number,
        sysId,
        state,
        url: recordUrl(config, 'change_request', sysId),
        ...columns({
          shortDescription: textOf(record.short_description),
          type: textOf(record.type),
          stateLabel: labelOf(record.state),
          plannedStart: fromInstanceTime(record.start_date),
          plannedEnd: fromInstanceTime(record.end_date),
          assignedTo: labelOf(record.assigned_to),
          assignmentGroup: labelOf(record.assignment_group)
        })
      }
    }
  })
}
