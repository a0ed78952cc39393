/**
 * The Table API (ServiceNow docs: "Table API"): signed-in calls, records found by number, sys_id or
 * correlation_id, references given by name, dates in the instance's UTC format, and creating a
 * record at most once per Idempotency-Key.
 */
import { createHash } from 'node:crypto'
import { isRecord, readReply, type IntegrationContext, type IntegrationFailure, type Reply } from 'integration-hub/plugin'
import { authorization, forgetAccessToken } from './auth.js'
import { errorText, instanceUrl, tableFailure } from './instance.js'
import type { Config } from './settings.js'

export type TableMethod = 'GET' | 'POST' | 'PATCH'
export type TableName = 'incident' | 'change_request'
/** A record as the Table API returns it: strings, or `{ value, display_value }` with `sysparm_display_value=all`. */
export type TableRecord = Record<string, unknown>

/** Which record an action means: by its number (INC0010001) or its sys_id. */
export interface RecordRef {
  number?: string
  sysId?: string
}

/** The record an input names: its sys_id when given, else its number. */
export function recordRefOf (input: RecordRef): RecordRef {
  return input.sysId === undefined ? { number: input.number } : { sysId: input.sysId }
}

/** A created or changed record as host apps receive it, with a link an agent can open. */
export interface RecordLink {
  number: string
  sysId: string
  url: string
}

const words: Record<TableName, string> = { incident: 'incident', change_request: 'change request' }

/** The probe a connection test reads: one row of sys_user, only its sys_id (Table API GET). */
export const probePath = '/api/now/table/sys_user?sysparm_limit=1&sysparm_fields=sys_id'

export function tablePath (table: string, query: Record<string, string> = {}, sysId?: string): string {
  const search = new URLSearchParams(query).toString()
  return `/api/now/table/${table}${sysId === undefined ? '' : `/${sysId}`}${search === '' ? '' : `?${search}`}`
}

export function recordUrl (config: Config, table: TableName, sysId: string): string {
  return `${instanceUrl(config)}/nav_to.do?uri=${table}.do?sys_id=${sysId}`
}

/** One Table API call with the given `Authorization`, JSON both ways. */
export async function send (config: Config, ctx: IntegrationContext, authorizationHeader: string, method: TableMethod, path: string, body?: unknown): Promise<Reply> {
  return await readReply(await ctx.fetch(`${instanceUrl(config)}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      authorization: authorizationHeader,
      ...(body === undefined ? {} : { 'content-type': 'application/json' })
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  }))
}

/**
 * A Table API call signed in as the settings say. A 401 on a token kept from an earlier call means
 * the instance no longer honours it (expired early, revoked): it is dropped and the call is made
 * once more with a new one.
 */
export async function tableCall (config: Config, ctx: IntegrationContext, method: TableMethod, path: string, body?: unknown): Promise<Reply> {
  const first = await authorization(config, ctx)
  const reply = await send(config, ctx, first.header, method, path, body)
  if (reply.status !== 401 || !first.kept) return reply
  forgetAccessToken(ctx)
  const renewed = await authorization(config, ctx)
  return await send(config, ctx, renewed.header, method, path, body)
}

/** The failure for an answer that is not the expected success; with Basic, a 401 means the user and password. */
export function tableError (config: Config, reply: Reply, ctx: IntegrationContext): IntegrationFailure {
  if (reply.status === 401 && config.authMethod === 'basic') {
    return ctx.fail('BASIC_REFUSED', {
      detail: 'ServiceNow refused the username and password. If they are right, the instance restricts Basic authentication: make the user a web service access only account or give it the snc_basic_auth_api_access role (Basic Auth Restriction), or sign in with OAuth.',
      status: reply.status
    })
  }
  return tableFailure(reply, ctx)
}

function notFound (ctx: IntegrationContext, table: TableName, ref: RecordRef, reply: Reply): IntegrationFailure {
  const [field, reference] = ref.sysId === undefined ? ['number', ref.number ?? ''] : ['sysId', ref.sysId]
  const message = `ServiceNow has no ${words[table]} ${reference}.`
  return ctx.fail('RECORD_NOT_FOUND', {
    params: { what: words[table], reference },
    fields: [{ field, message }],
    detail: errorText(reply),
    status: reply.status
  })
}

function firstRow (reply: Reply): TableRecord | undefined {
  const result = isRecord(reply.json) ? reply.json.result : undefined
  if (!Array.isArray(result)) return undefined
  const [row] = result as unknown[]
  return isRecord(row) ? row : undefined
}

function resultOf (reply: Reply): TableRecord | undefined {
  const result = isRecord(reply.json) ? reply.json.result : undefined
  return isRecord(result) ? result : undefined
}

/** The rows of a Table API list answer, or the failure when it is not one. */
async function list (config: Config, ctx: IntegrationContext, table: string, query: Record<string, string>): Promise<{ reply: Reply, row: TableRecord | undefined }> {
  const reply = await tableCall(config, ctx, 'GET', tablePath(table, { ...query, sysparm_limit: '1' }))
  if (reply.status !== 200 || !isRecord(reply.json) || !Array.isArray(reply.json.result)) throw tableError(config, reply, ctx)
  return { reply, row: firstRow(reply) }
}

/**
 * One record with the given fields, each as `{ value, display_value }` (`sysparm_display_value=all`:
 * "returns both actual and display values", so a state comes with its label and a reference with
 * the name it shows).
 */
export async function readRecord (config: Config, ctx: IntegrationContext, table: TableName, ref: RecordRef, fields: string[]): Promise<TableRecord> {
  const query = { sysparm_display_value: 'all', sysparm_exclude_reference_link: 'true', sysparm_fields: fields.join(',') }
  if (ref.sysId !== undefined) {
    const reply = await tableCall(config, ctx, 'GET', tablePath(table, query, ref.sysId))
    if (reply.status === 404) throw notFound(ctx, table, ref, reply)
    const record = resultOf(reply)
    if (reply.status !== 200 || record === undefined) throw tableError(config, reply, ctx)
    return record
  }
  const { reply, row } = await list(config, ctx, table, { ...query, sysparm_query: `number=${ref.number ?? ''}` })
  if (row === undefined) throw notFound(ctx, table, ref, reply)
  return row
}

/** Changes a record (Table API PATCH): its link, and the fields asked for (actual values). */
export async function updateRecord (config: Config, ctx: IntegrationContext, table: TableName, ref: RecordRef, values: Record<string, unknown>, fields: string[] = []): Promise<{ link: RecordLink, record: TableRecord }> {
  const sysId = ref.sysId ?? textOf((await readRecord(config, ctx, table, ref, ['sys_id'])).sys_id)
  if (sysId === undefined) throw ctx.fail('NOT_SERVICENOW', { detail: 'It answered a record without a sys_id.' })
  const reply = await tableCall(config, ctx, 'PATCH', tablePath(table, { sysparm_fields: ['sys_id', 'number', ...fields].join(',') }, sysId), values)
  if (reply.status === 404) throw notFound(ctx, table, ref, reply)
  const record = resultOf(reply)
  if (reply.status !== 200 || record === undefined) throw tableError(config, reply, ctx)
  return { link: linkOf(config, ctx, table, reply, record), record }
}

/** The record's number, sys_id and link from a Table API answer that holds one. */
export function linkOf (config: Config, ctx: IntegrationContext, table: TableName, reply: Reply, record: TableRecord | undefined = resultOf(reply)): RecordLink {
  const number = textOf(record?.number)
  const sysId = textOf(record?.sys_id)
  if (number === undefined || sysId === undefined) throw tableError(config, reply, ctx)
  return { number, sysId, url: recordUrl(config, table, sysId) }
}

/** What an Idempotency-Key becomes in `correlation_id` (at most 100 characters, and safe inside an encoded query). */
export function correlationIdOf (key: string): string {
  return `integration-hub:${createHash('sha256').update(key).digest('hex')}`
}

/**
 * Creates a record (Table API POST) at most once per Idempotency-Key: the key's digest goes into
 * `correlation_id` (the field the task tables keep for an external system's id), and from the second
 * attempt on — when an earlier one may have reached the instance — a record with it is looked for
 * first and returned instead of a new one.
 */
export async function createRecord (config: Config, ctx: IntegrationContext, table: TableName, values: Record<string, unknown>): Promise<RecordLink> {
  const correlationId = ctx.idempotency === undefined ? undefined : correlationIdOf(ctx.idempotency.key)
  if (correlationId !== undefined && ctx.idempotency!.attempt > 1) {
    const { reply, row } = await list(config, ctx, table, { sysparm_query: `correlation_id=${correlationId}`, sysparm_fields: 'sys_id,number' })
    if (row !== undefined) return linkOf(config, ctx, table, reply, row)
  }
  const body = correlationId === undefined ? values : { ...values, correlation_id: correlationId, correlation_display: 'Integration Hub' }
  const reply = await tableCall(config, ctx, 'POST', tablePath(table, { sysparm_fields: 'sys_id,number' }), body)
  if (reply.status !== 201 && reply.status !== 200) throw tableError(config, reply, ctx)
  return linkOf(config, ctx, table, reply)
}

const sysIdPattern = /^[0-9a-f]{32}$/

/** Where references by name are looked up: users by user_name, groups by name. */
export const users = { table: 'sys_user', column: 'user_name', what: 'user' } as const
export const groups = { table: 'sys_user_group', column: 'name', what: 'group' } as const

/**
 * The sys_id of a user (by user_name) or group (by name), for a reference field; a sys_id is taken
 * as it is. A name the instance does not know fails on `field`.
 */
export async function referenceId (config: Config, ctx: IntegrationContext, target: { table: 'sys_user' | 'sys_user_group', column: string, what: string }, value: string, field: string): Promise<string> {
  if (sysIdPattern.test(value)) return value
  const { reply, row } = await list(config, ctx, target.table, { sysparm_query: `${target.column}=${value}`, sysparm_fields: 'sys_id' })
  const sysId = textOf(row?.sys_id)
  if (sysId !== undefined) return sysId
  const message = `ServiceNow has no ${target.what} “${value}” (or this user may not read it).`
  throw ctx.fail('REFERENCE_NOT_FOUND', { params: { what: target.what, name: value }, fields: [{ field, message }], status: reply.status })
}

/** A field's actual value: the string itself, or `value` of `{ value, display_value }`; empty is undefined. */
export function textOf (field: unknown): string | undefined {
  const value = isRecord(field) ? field.value : field
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A field's display value (`sysparm_display_value=all`); empty is undefined. */
export function labelOf (field: unknown): string | undefined {
  const label = isRecord(field) ? field.display_value : undefined
  return typeof label === 'string' && label !== '' ? label : undefined
}

/**
 * An RFC 3339 date-time as the Table API stores it without `sysparm_input_display_value`: UTC,
 * `YYYY-MM-DD HH:mm:ss` ("when false, the date and time value is inserted using the GMT timezone").
 */
export function toInstanceTime (dateTime: string): string {
  return new Date(dateTime).toISOString().slice(0, 19).replace('T', ' ')
}

/** An actual date-time value of the instance (UTC, `YYYY-MM-DD HH:mm:ss`) as RFC 3339; anything else is undefined. */
export function fromInstanceTime (field: unknown): string | undefined {
  const value = textOf(field)
  return value !== undefined && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value) ? `${value.replace(' ', 'T')}Z` : undefined
}
