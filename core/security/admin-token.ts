/**
 * The admin token when HUB_ADMIN_TOKEN is not set: generated on first start and kept in the data
 * folder (mode 0600), so it survives restarts and is printed only the time it is created.
 */
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'

export async function loadAdminToken (dataDir: string): Promise<{ token: string, file: string, created: boolean }> {
  const file = path.join(dataDir, 'admin.token')
  if (existsSync(file)) return { token: (await readFile(file, 'utf8')).trim(), file, created: false }
  const token = randomBytes(24).toString('base64url')
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, token + '\n', { mode: 0o600, flag: 'wx' })
  return { token, file, created: true }
}
