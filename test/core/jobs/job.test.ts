/**
 * What define() and enqueue() accept is checked before anything is stored or run, and a new job carries
 * an id naming its kind and its retry policy with the defaults filled in.
 */
import t from 'tap'
import { Definitions, newJob, splitJobId } from '../../../core/jobs/job.js'
import { fixture } from './backends.js'

t.test('a new job: an id naming its kind, a JSON copy of the payload, the policy with defaults', async (t) => {
  const job = newJob('webhook-delivery', { at: new Date(0), skipped: undefined }, { key: 'k', delayMs: 500 }, 1_000)
  t.match(job.id, /^webhook-delivery:[0-9a-f-]{36}$/)
  t.same(splitJobId(job.id), { kind: 'webhook-delivery', uuid: job.uuid })
  t.same(job.payload, { at: '1970-01-01T00:00:00.000Z' }, 'what the handler will get on any instance')
  t.same(job.retry, { attempts: 3, backoffMs: 1_000 })
  t.same(newJob('k', null, { delayMs: 500, retry: { attempts: 5, backoffMs: 0, maxAgeMs: 2_000 } }, 1_000).retry, { attempts: 5, backoffMs: 0, giveUpAt: 3_500 }, 'maxAgeMs counts from when the job is due')
})

t.test('input that makes no job is refused', async (t) => {
  const refused: Array<[string, () => unknown]> = [
    ['an upper-case kind', () => newJob('Webhook', {})],
    ['a kind with the id separator', () => newJob('a:b', {})],
    ['an empty key', () => newJob('k', {}, { key: '' })],
    ['a key too long', () => newJob('k', {}, { key: 'x'.repeat(513) })],
    ['a negative delay', () => newJob('k', {}, { delayMs: -1 })],
    ['no attempts', () => newJob('k', {}, { retry: { attempts: 0 } })],
    ['half an attempt', () => newJob('k', {}, { retry: { attempts: 1.5 } })],
    ['a backoff that is not a number', () => newJob('k', {}, { retry: { backoffMs: Number.NaN } })],
    ['a payload JSON cannot hold', () => newJob('k', { n: 1n })]
  ]
  for (const [what, make] of refused) t.throws(make, TypeError, what)
})

t.test('a kind is defined once, with sound options, before start()', async (t) => {
  const definitions = new Definitions()
  definitions.add('recheck', async () => {}, { concurrency: 2, timeoutMs: 5_000 })
  t.throws(() => definitions.add('recheck', async () => {}), /defined already/)
  t.throws(() => definitions.add('other', async () => {}, { concurrency: 0 }), TypeError)
  t.throws(() => definitions.add('other', async () => {}, { timeoutMs: -1 }), TypeError)
  t.throws(() => definitions.add('other', async () => {}, { keepFinishedMs: -1 }), TypeError)
  t.throws(() => definitions.add('other', async () => {}, { keepFinishedMs: Number.NaN }), TypeError)
  t.throws(() => definitions.add('other', async () => {}, { durable: 'no' as unknown as boolean }), TypeError)
  t.same([...definitions.start().keys()], ['recheck'])
  t.throws(() => definitions.add('late', async () => {}), /before start\(\)/)
  t.throws(() => definitions.start(), /called already/)
})

t.test('a kind’s retention and durability: as defined, else the engine’s retention and durable', async (t) => {
  const definitions = new Definitions()
  definitions.add('check', async () => {}, { keepFinishedMs: 120_000, durable: false })
  definitions.add('brief', async () => {}, { keepFinishedMs: 1_000 })
  definitions.add('action', async () => {})
  t.equal(definitions.keepFinishedMs('check', 7_000_000), 120_000)
  t.equal(definitions.keepFinishedMs('action', 7_000_000), 7_000_000)
  t.equal(definitions.keepFinishedMs('not-defined-here', 7_000_000), 7_000_000)
  t.same([definitions.durable('check'), definitions.durable('action'), definitions.durable('not-defined-here')], [false, true, true])
  t.same(definitions.ownRetention(), [['check', 120_000], ['brief', 1_000]])
  t.equal(definitions.sweepPeriodMs(), 60_000, 'as often as the shortest retention, but not more than once a minute')
  const hourly = new Definitions()
  hourly.add('action', async () => {})
  t.equal(hourly.sweepPeriodMs(), 60 * 60_000, 'hourly without retentions of their own')
})

t.test('an id that is not ours names no job', async (t) => {
  for (const id of ['', 'k', ':uuid', 'k:', 'k:not-a-uuid', 'K:00000000-0000-4000-8000-000000000000']) t.equal(splitJobId(id), undefined, JSON.stringify(id))
})

t.test('an engine refuses bad input before it stores anything', async (t) => {
  const { open } = fixture(t, 'sqlite')
  const engine = await open()
  await t.rejects(engine.enqueue('k', {}, { delayMs: -5 }), TypeError)
  t.equal(await engine.depth('k'), 0)
})
