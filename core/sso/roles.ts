/**
 * Who an identity is in a workspace, from its SSO settings: an administrator, a viewer, or nobody.
 * Worked out on every request from the current settings, so a person removed from a list loses the
 * rights at once. An email counts only when the provider says it is verified (`email_verified` is
 * `true`, not "true"), subjects and emails are separate lists, and emails compare exactly in one
 * normal form (NFKC, domain in lower case) — never a case fold of the whole address, under which
 * `ADMIN@corp.example` or a KELVIN SIGN `\u212Aate@` would pass for someone else.
 */
import type { Role } from '../api/types.js'
import type { SsoSettings } from './settings.js'

export interface Identity {
  sub: string
  email?: string | undefined
  emailVerified?: boolean | undefined
  groups?: readonly string[] | undefined
}

/** `local@domain` in NFKC with the domain lower-cased (the local part is the mailbox owner's). */
export function normalizeEmail (email: string): string {
  const normal = email.normalize('NFKC').trim()
  const at = normal.lastIndexOf('@')
  return at < 1 ? normal : `${normal.slice(0, at)}@${normal.slice(at + 1).toLowerCase()}`
}

export function roleOf (settings: SsoSettings, identity: Identity): Role | undefined {
  const groups = new Set(identity.groups ?? [])
  if ((settings.adminSubjects ?? []).includes(identity.sub)) return 'admin'
  if (identity.email !== undefined && identity.emailVerified === true) {
    const email = normalizeEmail(identity.email)
    if ((settings.admins ?? []).some(admin => normalizeEmail(admin) === email)) return 'admin'
  }
  if ((settings.adminGroups ?? []).some(group => groups.has(group))) return 'admin'
  if ((settings.viewerGroups ?? []).some(group => groups.has(group))) return 'viewer'
  return undefined
}

/** What the audit trail names as "who": the verified email, else the subject — never an unverified email. */
export function auditName (identity: Identity): string {
  return identity.email !== undefined && identity.emailVerified === true ? normalizeEmail(identity.email) : identity.sub
}

/** The groups a claim holds: a list of strings, or one string (some providers send a single role so). */
export function groupsFrom (claim: unknown): string[] | undefined {
  if (typeof claim === 'string') return [claim]
  if (Array.isArray(claim)) return claim.filter((value): value is string => typeof value === 'string').slice(0, 200)
  return undefined
}
