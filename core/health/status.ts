/**
 * What a check means for a connection's health — healthy; failing, with why; or expiring: it works,
 * but something it relies on ends within 30 days (the earliest end its test reported) — and what a
 * change of health announces to the workspace's webhooks: connection.failing when a check fails after
 * any other state, connection.recovered when one passes after failing, and credential.expiring 30, 7
 * and 1 days before the end, each once per end date (a new date starts over). Worked out from the
 * health as stored and the new one, so whichever instance records a change announces it, once.
 */
import type { TestResult } from '../contract/results.js'
import type { StoredHealth } from '../integrations/record.js'
import type { Frozen } from '../storage/store.js'
import type { HubEventType } from '../integrations/events.js'

/** A connection is `expiring` when what it relies on ends within this many days. */
export const EXPIRING_WITHIN_DAYS = 30
/** credential.expiring goes out this many days before the end, once each. */
export const NOTICE_DAYS = [30, 7, 1] as const

const DAY_MS = 24 * 60 * 60 * 1000

/** What a check found: a test result, or a refusal of the stored settings (they no longer fit the schema, say). */
export type CheckOutcome = Pick<TestResult, 'ok' | 'code' | 'message' | 'expires'>

export interface Announcement {
  type: Extract<HubEventType, 'connection.failing' | 'connection.recovered' | 'credential.expiring'>
  data: Record<string, unknown>
}

/** The health after a check at `at`; `nextCheckAt` when the check planned the next one (a manual check keeps the plan). */
export function healthAfter (previous: Frozen<StoredHealth> | undefined, outcome: CheckOutcome, at: Date, nextCheckAt?: string): StoredHealth {
  const reported = earliest(outcome.expires)
  // A failed test may end before it learns the end date: the one known stays, with what was announced of it.
  const expires = reported ?? (outcome.ok ? undefined : previous?.expires)
  const daysLeft = reported === undefined ? undefined : (Date.parse(reported.at) - at.getTime()) / DAY_MS
  const announcedBefore = expires !== undefined && previous?.expires?.at === expires.at ? previous.announced ?? [] : []
  const announced = NOTICE_DAYS.filter(days => announcedBefore.includes(days) || (daysLeft !== undefined && daysLeft <= days))
  const next = nextCheckAt ?? previous?.nextCheckAt
  return {
    status: !outcome.ok ? 'failing' : daysLeft !== undefined && daysLeft <= EXPIRING_WITHIN_DAYS ? 'expiring' : 'healthy',
    checkedAt: at.toISOString(),
    ...(outcome.ok ? {} : { ...(outcome.code === undefined ? {} : { code: outcome.code }), message: outcome.message }),
    ...(next === undefined ? {} : { nextCheckAt: next }),
    ...(expires === undefined ? {} : { expires: { what: expires.what, at: expires.at } }),
    ...(announced.length === 0 ? {} : { announced })
  }
}

/** What the change from `previous` to `next` announces (the connection's names are added by the caller). */
export function announcements (previous: Frozen<StoredHealth> | undefined, next: Frozen<StoredHealth>): Announcement[] {
  const found: Announcement[] = []
  const wasFailing = previous?.status === 'failing'
  if (next.status === 'failing' && !wasFailing) {
    found.push({ type: 'connection.failing', data: { ...(next.code === undefined ? {} : { code: next.code }), message: next.message, checkedAt: next.checkedAt } })
  }
  if (wasFailing && (next.status === 'healthy' || next.status === 'expiring')) {
    found.push({ type: 'connection.recovered', data: { checkedAt: next.checkedAt } })
  }
  const before = previous?.expires?.at === next.expires?.at ? previous?.announced ?? [] : []
  // Several thresholds passed at once (first seen 5 days ahead): one announcement, of the nearest.
  const due = (next.announced ?? []).filter(days => !before.includes(days))
  if (next.expires !== undefined && due.length > 0) {
    found.push({ type: 'credential.expiring', data: { what: next.expires.what, expiresAt: next.expires.at, days: Math.min(...due) } })
  }
  return found
}

function earliest (expires: CheckOutcome['expires']): { what: string, at: string } | undefined {
  return expires?.reduce<{ what: string, at: string } | undefined>((first, entry) => first === undefined || Date.parse(entry.at) < Date.parse(first.at) ? entry : first, undefined)
}
