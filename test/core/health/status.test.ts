/**
 * What a check means for health, and what a change announces: failing and recovered once per change,
 * credential.expiring at 30, 7 and 1 days, each once per end date, a new date starting over.
 */
import t from 'tap'
import { announcements, healthAfter, type CheckOutcome } from '../../../core/health/status.js'
import type { StoredHealth } from '../../../core/integrations/record.js'

const DAY_MS = 24 * 60 * 60 * 1000
const now = new Date('2025-03-01T10:00:00.000Z')
const inDays = (days: number): string => new Date(now.getTime() + days * DAY_MS).toISOString()
const passed = (expires?: string): CheckOutcome => ({ ok: true, message: 'Connection successful.', ...(expires === undefined ? {} : { expires: [{ what: 'API Token', at: expires }] }) })
const failed: CheckOutcome = { ok: false, code: 'INVALID_TOKEN', message: 'Invalid API Token' }

/** Runs checks one after the other, as the monitor records them; the types announced by each. */
function run (...outcomes: CheckOutcome[]): { health: StoredHealth | undefined, announced: string[][] } {
  let health: StoredHealth | undefined
  const announced: string[][] = []
  for (const outcome of outcomes) {
    const next = healthAfter(health, outcome, now)
    announced.push(announcements(health, next).map(({ type, data }) => type === 'credential.expiring' ? `expiring ${data.days as number}` : type))
    health = next
  }
  return { health, announced }
}

t.test('failing and recovered: once per change, whatever the state before', async t => {
  t.same(run(failed).announced, [['connection.failing']], 'failing after unknown')
  t.same(run(passed(), failed, failed, passed(), passed()).announced, [[], ['connection.failing'], [], ['connection.recovered'], []])
  t.same(run(passed(inDays(10)), failed).announced, [['expiring 30'], ['connection.failing']], 'failing after expiring')
  t.same(run(failed, passed(inDays(10))).announced, [['connection.failing'], ['connection.recovered', 'expiring 30']], 'recovered, to expiring')
  const { health } = run(passed(), failed)
  t.same(health, { status: 'failing', checkedAt: now.toISOString(), code: 'INVALID_TOKEN', message: 'Invalid API Token' })
  t.same(announcements(run(passed()).health, health!)[0]!.data, { code: 'INVALID_TOKEN', message: 'Invalid API Token', checkedAt: now.toISOString() })
  t.same(run(failed, passed()).health, { status: 'healthy', checkedAt: now.toISOString() }, 'no failure left behind')
})

t.test('an end 30 days ahead or nearer: expiring, announced at 30, 7 and 1 days, each once per date', async t => {
  t.same(run(passed(inDays(40))).health, { status: 'healthy', checkedAt: now.toISOString(), expires: { what: 'API Token', at: inDays(40) } }, '40 days: healthy, the end known')
  const date = inDays(20)
  t.same(run(passed(date), passed(date), passed(date)).announced, [['expiring 30'], [], []])
  t.match(run(passed(date)).health, { status: 'expiring', expires: { what: 'API Token', at: date }, announced: [30] })
  t.same(run(passed(inDays(5))).announced, [['expiring 7']], 'first seen 5 days ahead: one announcement, of the nearest threshold')
  t.same(run(passed(inDays(0.5))).health?.announced, [30, 7, 1])
  t.same(run(passed(date), passed(inDays(25))).announced, [['expiring 30'], ['expiring 30']], 'a new date starts over')
  t.same(run(passed(date), passed()).health, { status: 'healthy', checkedAt: now.toISOString() }, 'no end reported any more')
})

t.test('a failed check that learned no end keeps the known one, and what was announced of it', async t => {
  const date = inDays(20)
  const { health, announced } = run(passed(date), failed, passed(date))
  t.same(announced, [['expiring 30'], ['connection.failing'], ['connection.recovered']], 'the 30-day notice is not sent again')
  t.match(health, { status: 'expiring', announced: [30] })
  t.match(run(passed(date), failed).health, { status: 'failing', expires: { at: date } })
})

t.test('the next check: planned by a scheduled check, kept by a manual one', async t => {
  const planned = healthAfter(undefined, passed(), now, '2025-03-01T16:00:00.000Z')
  t.equal(planned.nextCheckAt, '2025-03-01T16:00:00.000Z')
  t.equal(healthAfter(planned, failed, now).nextCheckAt, '2025-03-01T16:00:00.000Z')
  t.notOk('nextCheckAt' in healthAfter(undefined, failed, now))
})
