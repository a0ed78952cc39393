/**
 * The incident and change request life cycle through the ServiceNow plugin: through the hub's API
 * (create → read → work note → resolve, updates, references by name, records that do not exist),
 * and as a queued attempt runs (Idempotency-Key retries, the HTTP status and Retry-After a failure
 * carries for the job engine).
 */
import type { FastifyBaseLogger } from 'fastify'
import t, { type Test } from 'tap'
import { KeptValues } from '../../core/runtime/connection-cache.js'
import { PluginRegistry } from '../../core/runtime/registry.js'
import { runHandler } from '../../core/runtime/run.js'
import { networkAllowance } from '../../core/security/address-policy.js'
import { Outbound } from '../../core/security/outbound.js'
import servicenow from '../../plugins/servicenow/index.js'
import { createTestHub, LOCAL_PEERS } from '../support/hub.js'
import { serviceNowSettings, startServiceNowPeer, type ServiceNowPeer, type ServiceNowPeerOptions } from '../support/peers/servicenow.js'

async function peerFor (t: Test, options: ServiceNowPeerOptions = {}): Promise<ServiceNowPeer> {
  const peer = await startServiceNowPeer(options)
  t.teardown(() => peer.close())
  return peer
}

async function configuredHub (t: Test, peer: ServiceNowPeer) {
  const hub = await createTestHub(t)
  t.equal((await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer) })).status, 201, 'the working config is saved')
  return {
    hub,
    run: async (action: string, input: unknown) => await hub.api('POST', `/api/integrations/servicenow/actions/${action}`, input)
  }
}

const silent = (): void => {}
const silentLog = { level: 'silent', fatal: silent, error: silent, warn: silent, info: silent, debug: silent, trace: silent, silent, child: () => silentLog } as unknown as FastifyBaseLogger
const loaded = new PluginRegistry().add(servicenow)

/**
 * One attempt of an action as the job engine runs a queued one: the connection's kept values, the
 * caller's Idempotency-Key and attempt number, and an outcome that keeps the remote's HTTP status
 * and Retry-After (which decide whether the engine tries again).
 */
async function attempt (t: Test, peer: ServiceNowPeer, action: string, input: Record<string, unknown>, options: { cache: KeptValues, idempotency?: { key: string, attempt: number }, timeoutMs?: number }) {
  const outbound = new Outbound({ allowance: networkAllowance(LOCAL_PEERS) })
  t.teardown(() => outbound.close())
  const { definition, validateInput } = loaded.actions.get(action)!
  t.ok(validateInput(input), `${action}: the input is valid`)
  const config = serviceNowSettings(peer)
  return await runHandler(loaded, async ctx => await definition.run(config, input, ctx), {
    outbound,
    timeoutMs: options.timeoutMs ?? 5000,
    log: silentLog,
    secrets: [config.clientSecret!, config.password!],
    cache: options.cache,
    ...(options.idempotency === undefined ? {} : { idempotency: options.idempotency })
  })
}

const isoSecond = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/

t.test('the incident life cycle: create → read → work note → comment → resolve, as the instance records it', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)

  const created = await run('createIncident', {
    shortDescription: 'Mail server down',
    urgency: '1',
    impact: '2',
    caller: 'abel.tuter',
    assignmentGroup: 'Service Desk',
    category: 'software',
    fields: { u_source: 'monitoring', u_alert_id: 4711, contact_type: 'monitoring' }
  })
  t.equal(created.status, 200)
  const incident = peer.state.tables.incident[0]!
  t.same(created.body, { number: incident.number, sysId: incident.sys_id, url: `${peer.url}/nav_to.do?uri=incident.do?sys_id=${incident.sys_id}` })
  t.match(incident, {
    short_description: 'Mail server down',
    urgency: '1',
    impact: '2',
    category: 'software',
    caller_id: '62826bf03710200044e0bfc8bcbe5df1',
    assignment_group: 'd625dccec0a8016700a222a0f7900d06',
    u_source: 'monitoring',
    u_alert_id: 4711,
    contact_type: 'monitoring',
    correlation_id: ''
  }, 'names became sys_ids, the instance’s own columns were passed through, no correlation without an Idempotency-Key')

  const read = await run('getIncident', { number: created.body.number })
  t.equal(read.status, 200)
  t.same(read.body, {
    number: incident.number,
    sysId: incident.sys_id,
    shortDescription: 'Mail server down',
    state: '1',
    stateLabel: 'New',
    assignmentGroup: 'Service Desk',
    openedAt: `${String(incident.opened_at).replace(' ', 'T')}Z`,
    updatedAt: `${String(incident.sys_updated_on).replace(' ', 'T')}Z`,
    url: created.body.url
  })
  const get = peer.tableRequests().find(request => request.method === 'GET' && request.path.startsWith('/api/now/table/incident?'))!
  const query = new URL(get.path, peer.url).searchParams
  t.equal(query.get('sysparm_query'), `number=${incident.number}`)
  t.equal(query.get('sysparm_display_value'), 'all')

  const noted = await run('addWorkNote', { number: incident.number, text: 'Restarted the relay; watching the queue.' })
  const commented = await run('addComment', { sysId: incident.sys_id, text: 'We are on it.' })
  t.same(noted.body, { number: incident.number, sysId: incident.sys_id })
  t.same(commented.body, { number: incident.number, sysId: incident.sys_id })
  t.same(peer.state.journal.map(entry => [entry.element, entry.value, entry.element_id, entry.sys_created_by]), [
    ['work_notes', 'Restarted the relay; watching the queue.', incident.sys_id, 'hub.integration'],
    ['comments', 'We are on it.', incident.sys_id, 'hub.integration']
  ])
  t.equal(incident.work_notes, '', 'journal fields read back empty; the entries are in the journal')

  const resolved = await run('resolveIncident', { number: incident.number, closeCode: 'Solution provided', closeNotes: 'Replaced the relay’s disk.' })
  t.same(resolved.body, { number: incident.number, sysId: incident.sys_id, state: '6' })
  t.match(incident, { state: '6', close_code: 'Solution provided', close_notes: 'Replaced the relay’s disk.', resolved_by: '6816f79cc0a8016401c5a33be04be441' })
  const patch = peer.tableRequests().filter(request => request.method === 'PATCH').at(-1)!
  t.equal(patch.path.split('?')[0], `/api/now/table/incident/${incident.sys_id}`)
  t.same(JSON.parse(patch.body), { state: '6', close_code: 'Solution provided', close_notes: 'Replaced the relay’s disk.' })

  const after = await run('getIncident', { sysId: incident.sys_id })
  t.equal(after.body.stateLabel, 'Resolved')
  t.match(after.body.resolvedAt, isoSecond)
})

t.test('updateIncident changes only the given fields, the assignee found by user name', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)
  const { body: created } = await run('createIncident', { shortDescription: 'VPN slow', description: 'Since Monday.' })

  const res = await run('updateIncident', { number: created.number, urgency: '1', state: '2', assignedTo: 'beth.anglin', fields: { u_customer: 'Acme' } })

  t.equal(res.status, 200)
  t.same(res.body, created)
  const patch = peer.tableRequests().filter(request => request.method === 'PATCH').at(-1)!
  t.same(JSON.parse(patch.body), { u_customer: 'Acme', urgency: '1', state: '2', assigned_to: '46d44a23a9fe19810012d100cca80666' })
  t.match(peer.state.tables.incident[0], { description: 'Since Monday.', urgency: '1', state: '2', u_customer: 'Acme' })
  t.equal((await run('getIncident', { number: created.number })).body.assignedTo, 'Beth Anglin')
})

t.test('updateIncident with nothing to change is refused before anything is sent', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)
  const before = peer.tableRequests().length

  const res = await run('updateIncident', { number: 'INC0010001' })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'Nothing to change: give at least one field')
  t.same(res.body.fields, [{ field: 'fields', message: 'Give at least one field to change.' }])
  t.equal(peer.tableRequests().length, before)
})

t.test('an incident the instance does not have is named, on the field that named it', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)

  const byNumber = await run('getIncident', { number: 'INC0099999' })
  const bySysId = await run('addWorkNote', { sysId: 'ffffffffffffffffffffffffffffffff', text: 'x' })

  t.equal(byNumber.status, 422)
  t.equal(byNumber.body.message, 'ServiceNow has no incident INC0099999')
  t.same(byNumber.body.fields, [{ field: 'number', message: 'ServiceNow has no incident INC0099999.' }])
  t.equal(bySysId.status, 422)
  t.same(bySysId.body.fields, [{ field: 'sysId', message: 'ServiceNow has no incident ffffffffffffffffffffffffffffffff.' }])
  t.equal(peer.state.journal.length, 0)
})

t.test('a caller or group the instance does not know fails on its field, and no incident is opened', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)

  const caller = await run('createIncident', { shortDescription: 'x', caller: 'nobody.here' })
  const group = await run('createIncident', { shortDescription: 'x', assignmentGroup: 'Night Shift' })

  t.equal(caller.status, 422)
  t.equal(caller.body.message, 'ServiceNow has no user named “nobody.here”')
  t.same(caller.body.fields, [{ field: 'caller', message: 'ServiceNow has no user “nobody.here” (or this user may not read it).' }])
  t.same(group.body.fields?.map((field: { field: string }) => field.field), ['assignmentGroup'])
  t.equal(peer.state.tables.incident.length, 0)
})

t.test('resolving through updateIncident without a resolution code meets the instance’s data policy', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)
  const { body: created } = await run('createIncident', { shortDescription: 'x' })

  const res = await run('updateIncident', { number: created.number, state: '6' })

  t.equal(res.status, 502)
  t.equal(res.body.message, 'ServiceNow refused the change: a data policy of the instance requires more fields')
  t.equal(res.body.detail, 'Operation Failed: Data Policy Exception: The following fields are mandatory: Resolution code, Resolution notes')
  t.equal(peer.state.tables.incident[0]?.state, '1')
})

t.test('change requests: the planned window in the instance’s UTC, the group by name, and read back', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)

  const created = await run('createChangeRequest', {
    shortDescription: 'Replace the mail server disk',
    type: 'emergency',
    plannedStart: '2026-07-01T22:00:00Z',
    plannedEnd: '2026-07-02T02:30:00+02:00',
    assignmentGroup: 'Hardware'
  })
  const change = peer.state.tables.change_request[0]!
  const read = await run('getChangeRequest', { number: created.body.number })

  t.equal(created.status, 200)
  t.match(created.body.number, /^CHG\d{7}$/)
  t.match(change, { type: 'emergency', start_date: '2026-07-01 22:00:00', end_date: '2026-07-02 00:30:00', assignment_group: '8a5055c9c61122780043563ef53438e3' })
  t.same(read.body, {
    number: change.number,
    sysId: change.sys_id,
    shortDescription: 'Replace the mail server disk',
    type: 'emergency',
    state: '-5',
    stateLabel: 'New',
    plannedStart: '2026-07-01T22:00:00Z',
    plannedEnd: '2026-07-02T00:30:00Z',
    assignmentGroup: 'Hardware',
    url: `${peer.url}/nav_to.do?uri=change_request.do?sys_id=${change.sys_id}`
  })
})

t.test('a change whose planned end is not after its start is refused, and nothing is opened', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)

  const res = await run('createChangeRequest', { shortDescription: 'x', plannedStart: '2026-07-02T00:00:00Z', plannedEnd: '2026-07-01T23:00:00Z' })

  t.equal(res.status, 422)
  t.same(res.body.fields, [{ field: 'plannedEnd', message: 'Planned end must be after the planned start.' }])
  t.equal(peer.state.tables.change_request.length, 0)
})

t.test('an idempotent retry after a timed-out first attempt returns the incident it opened, and opens no second one', async (t) => {
  const peer = await peerFor(t)
  const cache = new KeptValues()
  const input = { shortDescription: 'Disk almost full' }
  const key = 'alert-7f3c/2026-07-01T10:00:00Z'
  t.ok((await attempt(t, peer, 'getIncident', { number: 'INC0000000' }, { cache })).ok === false, 'a token is kept for the connection')
  // The first attempt's insert reaches the instance, but its answer comes after the deadline.
  peer.state.holdNextAnswers(1, 1500)

  const first = await attempt(t, peer, 'createIncident', input, { cache, idempotency: { key, attempt: 1 }, timeoutMs: 500 })
  const before = peer.tableRequests().length
  const second = await attempt(t, peer, 'createIncident', input, { cache, idempotency: { key, attempt: 2 } })

  t.equal(first.ok, false)
  t.equal(first.ok ? undefined : first.failure.code, 'TIMEOUT')
  t.equal(peer.state.tables.incident.length, 1, 'one incident on the instance')
  const incident = peer.state.tables.incident[0]!
  t.match(incident.correlation_id, /^integration-hub:[0-9a-f]{64}$/, 'the key’s digest, not the key')
  t.equal(incident.correlation_display, 'Integration Hub')
  t.same(second.ok ? second.value : second.failure, { number: incident.number, sysId: incident.sys_id, url: `${peer.url}/nav_to.do?uri=incident.do?sys_id=${incident.sys_id}` })
  t.same(peer.tableRequests().slice(before).map(request => `${request.method} ${decodeURIComponent(request.path.split('&')[0]!)}`), [
    `GET /api/now/table/incident?sysparm_query=correlation_id=${String(incident.correlation_id)}`
  ], 'the retry looked for the record and made no second one')
})

t.test('through the API: a create that timed out, sent again with its Idempotency-Key, answers the incident the first opened', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t, { timeoutMs: 500 })
  t.equal((await hub.api('PUT', '/api/integrations/servicenow', { config: serviceNowSettings(peer) })).status, 201)
  const key = { 'idempotency-key': 'alert-17/db-down' }
  const input = { shortDescription: 'Database down', urgency: '1' }
  peer.state.holdNextAnswers(1, 1500)

  const first = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', input, key)
  const retry = await hub.api('POST', '/api/integrations/servicenow/actions/createIncident', input, key)

  t.equal(first.status, 504, 'the insert reached the instance, its answer did not come in time')
  t.equal(retry.status, 200)
  t.equal(peer.state.tables.incident.length, 1, 'no second incident')
  const incident = peer.state.tables.incident[0]!
  t.same(retry.body, { number: incident.number, sysId: incident.sys_id, url: `${peer.url}/nav_to.do?uri=incident.do?sys_id=${incident.sys_id}` })
  t.equal(peer.tableRequests().filter(request => request.method === 'POST').length, 1)
})

t.test('a first attempt with an Idempotency-Key looks for nothing; a retry that finds nothing opens the record', async (t) => {
  const peer = await peerFor(t)
  const cache = new KeptValues()
  const calls = (from = 0) => peer.tableRequests().slice(from).map(request => `${request.method} ${request.path.split('?')[0]}`)

  const one = await attempt(t, peer, 'createChangeRequest', { shortDescription: 'a' }, { cache, idempotency: { key: 'k-1', attempt: 1 } })
  const afterOne = peer.tableRequests().length
  const other = await attempt(t, peer, 'createChangeRequest', { shortDescription: 'b' }, { cache, idempotency: { key: 'k-2', attempt: 2 } })

  t.ok(one.ok && other.ok)
  t.same(calls(0).slice(0, afterOne), ['POST /api/now/table/change_request'], 'the first attempt only inserts')
  t.same(calls(afterOne), ['GET /api/now/table/change_request', 'POST /api/now/table/change_request'], 'the retry looked first')
  t.equal(peer.state.tables.change_request.length, 2)
  t.not(peer.state.tables.change_request[0]?.correlation_id, peer.state.tables.change_request[1]?.correlation_id, 'each key its own correlation')
})

t.test('a rate-limited action fails with 429 and Retry-After for the job engine, and says when to retry', async (t) => {
  const peer = await peerFor(t, { retryAfterSeconds: 7 })
  const { run } = await configuredHub(t, peer)
  peer.state.mode = 'rate-limited'

  const outcome = await attempt(t, peer, 'createIncident', { shortDescription: 'x' }, { cache: new KeptValues() })
  const res = await run('createIncident', { shortDescription: 'x' })

  t.match(outcome, { ok: false, failure: { code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 7, message: 'ServiceNow is rate-limiting requests; retry in 7 s' } })
  t.equal(res.status, 502)
  t.equal(res.body.message, 'ServiceNow is rate-limiting requests; retry in 7 s')
})

t.test('a 503 is a server error the engine may retry (with its Retry-After); the next attempt opens the incident', async (t) => {
  const peer = await peerFor(t)
  const cache = new KeptValues()
  peer.state.unavailableRequests = 1
  peer.state.unavailableRetryAfterSeconds = 12

  const first = await attempt(t, peer, 'createIncident', { shortDescription: 'x' }, { cache, idempotency: { key: 'k', attempt: 1 } })
  const second = await attempt(t, peer, 'createIncident', { shortDescription: 'x' }, { cache, idempotency: { key: 'k', attempt: 2 } })

  t.match(first, { ok: false, failure: { code: 'REMOTE_ERROR', status: 503, retryAfterSeconds: 12, message: 'ServiceNow answered with a server error (HTTP 503)' } })
  t.match(second, { ok: true, value: { number: /^INC\d{7}$/ } })
  t.equal(peer.state.tables.incident.length, 1)
})

t.test('a refusal the engine must not retry carries its 4xx status', async (t) => {
  const peer = await peerFor(t, { readOnlyUser: true })

  const outcome = await attempt(t, peer, 'createIncident', { shortDescription: 'x' }, { cache: new KeptValues() })

  t.match(outcome, { ok: false, failure: { code: 'NOT_PERMITTED', status: 403, detail: 'Operation Failed: ACL Exception Insert Failed due to security constraints' } })
})

t.test('an instance that answers a web page instead of its JSON mid-way is named in words, not a 500', async (t) => {
  const peer = await peerFor(t)
  const { run } = await configuredHub(t, peer)
  const { body: created } = await run('createIncident', { shortDescription: 'x' })
  peer.state.mode = 'html'

  const res = await run('getIncident', { number: created.number })

  t.equal(res.status, 502)
  t.equal(res.body.message, 'This URL is not a ServiceNow instance')
  t.equal(res.body.detail, 'It answered HTTP 200 with text/html instead of ServiceNow\'s JSON.')
})
