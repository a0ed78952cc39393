/**
 * The admin token (the operator's credential): generated on first start when HUB_ADMIN_TOKEN is not
 * set, kept in the data folder (mode 0600) and printed only the time it is created; and the checks
 * of a presented token against it.
 */
import { hash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export async function loadAdminToken (dataDir: string): Promise<{ token: string, file: string, created: boolean }> {
  const file = path.join(dataDir, 'admin.token')
  if (existsSync(file)) return { token: (await readFile(file, 'utf8')).trim(), file, created: false }
  const token = randomBytes(24).toString('base64url')
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  await writeFile(file, token + '\n', { mode: 0o600, flag: 'wx' })
  return { token, file, created: true }
}

/** SHA-256 as base64 text, which costs less than a Buffer digest (docs/performance.md, "Authentication"). */
export const digest = (text: string): string => hash('sha256', text, 'base64')

/** Equal-length texts compared without an early exit. */
export function sameText (a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index)
  return difference === 0
}

/**
 * A check of candidates against `expected` (digested once), in constant time: both sides are
 * digests of equal length, compared without an early exit, so the time taken says nothing about
 * how much of the token matched, nor how long it is. Without an expected token nothing matches.
 */
export function tokenMatcher (expected: string | undefined): (candidate: string) => boolean {
  if (expected === undefined) return () => false
  const expectedDigest = digest(expected)
  return candidate => sameText(digest(candidate), expectedDigest)
}
