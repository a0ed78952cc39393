/**
 * When checks fall due: in the middle of each slot ±10 % of the interval, the same on every instance;
 * connections created at one moment spread over the whole interval; one key per life and slot.
 */
import t from 'tap'
import { Schedule, type ConnectionLife } from '../../../core/health/schedule.js'

const INTERVAL = 60_000
const life = (connection: string, createdAt = '2025-03-01T10:00:00.000Z'): ConnectionLife => ({ workspace: 'default', epoch: 'e1', integration: 'jira', connection, createdAt })

t.test('each slot has one check, near its middle; consecutive checks are 0.8 to 1.2 intervals apart', async t => {
  const schedule = new Schedule(INTERVAL)
  const connection = life('default')
  const now = Date.parse('2025-03-01T10:00:00.000Z')
  let slot = schedule.nextSlot(connection, now)
  let previous = schedule.dueAt(connection, slot)
  t.ok(previous >= now && previous <= now + 1.2 * INTERVAL, 'the next check: ahead, within the next slot')
  let gaps = 0
  for (let i = 0; i < 1000; i++) {
    const due = schedule.dueAt(connection, ++slot)
    const gap = (due - previous) / INTERVAL
    if (gap < 0.8 || gap > 1.2) t.fail(`gap of ${gap} intervals before slot ${slot}`)
    gaps += gap
    previous = due
    if (schedule.slotAfter(connection, slot, due + 50) !== slot + 1) t.fail(`after the check of slot ${slot}, the next one is not ${slot + 1}`)
  }
  t.ok(Math.abs(gaps / 1000 - 1) < 0.01, 'an interval apart on average')
})

t.test('after a check that ran late, the next one is the first still ahead: no catching up', async t => {
  const schedule = new Schedule(INTERVAL)
  const connection = life('default')
  const slot = schedule.nextSlot(connection, Date.parse('2025-03-01T10:00:00.000Z'))
  const late = schedule.dueAt(connection, slot) + 3 * INTERVAL
  const next = schedule.slotAfter(connection, slot, late)
  t.ok(next === slot + 3 || next === slot + 4, `slot ${next - slot} after the one checked`)
  t.ok(schedule.dueAt(connection, next) > late - 0.1 * INTERVAL, 'falls due (about) after now, not at once')
})

t.test('10 000 connections created at once: their first checks spread over an interval, from half an interval on', async t => {
  const schedule = new Schedule(INTERVAL)
  const now = Date.parse('2025-03-01T10:00:00.000Z')
  // Slot middles fall evenly over 0.6 to 1.6 intervals from now, the jitter smears the edges: flat from 0.7 to 1.5.
  const buckets = new Array<number>(8).fill(0)
  let soonest = Infinity
  let latest = -Infinity
  for (let i = 0; i < 10_000; i++) {
    const connection = life(`c${i}`)
    const offset = (schedule.dueAt(connection, schedule.firstSlot(connection, now)) - now) / INTERVAL
    soonest = Math.min(soonest, offset)
    latest = Math.max(latest, offset)
    if (offset >= 0.7 && offset < 1.5) buckets[Math.floor((offset - 0.7) * 10)]!++
  }
  t.ok(soonest >= 0.5 && latest <= 1.7, `first checks ${soonest.toFixed(2)} to ${latest.toFixed(2)} intervals after the save`)
  t.ok(buckets.every(count => count > 850 && count < 1150), `about a tenth of them in each tenth of an interval: ${buckets.join(' ')}`)
})

t.test('the next check never falls due before now, wherever now is in the slot', async t => {
  const schedule = new Schedule(INTERVAL)
  for (let i = 0; i < 10_000; i++) {
    const connection = life(`c${i}`)
    const now = Date.parse('2025-03-01T10:00:00.000Z') + i * 7_919
    const due = schedule.dueAt(connection, schedule.nextSlot(connection, now))
    if (due < now || due > now + 1.2 * INTERVAL) t.fail(`c${i}: due ${due - now} ms from now`)
  }
  t.pass('10 000 connections, each at another point of its slot')
})

t.test('every instance works out the same times and keys; another life has others', async t => {
  const a = new Schedule(INTERVAL)
  const b = new Schedule(INTERVAL)
  const connection = life('default')
  const slot = a.nextSlot(connection, Date.now())
  t.equal(a.nextSlot(connection, Date.now()), b.nextSlot(connection, Date.now()))
  t.equal(a.dueAt(connection, slot), b.dueAt(connection, slot))
  t.equal(a.key(connection, slot), b.key(connection, slot))
  t.not(a.key(connection, slot), a.key(connection, slot + 1), 'one key per slot')
  t.not(a.key(life('default', '2025-03-02T10:00:00.000Z'), slot), a.key(connection, slot), 'created again: another chain')
  t.not(new Schedule(2 * INTERVAL).key(connection, slot), a.key(connection, slot), 'another interval: other keys')
  t.throws(() => new Schedule(0), RangeError)
})
