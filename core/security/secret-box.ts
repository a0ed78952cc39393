/**
 * Encrypts secret settings at rest with AES-256-GCM. Each sealed value names the key that sealed it,
 * so keys can rotate: the first key of the ring seals, every key of the ring opens.
 * A sealed value is bound to its place (integration and field) and cannot be moved to another.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { startupErrors } from '../errors.js'

const PREFIX = 'enc:v1:'

export class SecretBox {
  readonly #keys: Map<string, Buffer>
  readonly #activeId: string

  /** `keys[0]` seals; all of them open. */
  constructor (keys: Buffer[]) {
    if (keys.length === 0 || keys.some(key => key.length !== 32)) throw new TypeError('SecretBox needs 32-byte keys')
    this.#keys = new Map(keys.map(key => [keyId(key), key]))
    this.#activeId = keyId(keys[0]!)
  }

  /** The id of the key that seals new values. */
  get activeKeyId (): string {
    return this.#activeId
  }

  static isSealed (value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(PREFIX)
  }

  seal (plaintext: string, place: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.#keys.get(this.#activeId)!, iv)
    cipher.setAAD(Buffer.from(place))
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()])
    return `${PREFIX}${this.#activeId}:${iv.toString('base64url')}:${body.toString('base64url')}`
  }

  open (sealed: string, place: string): string {
    const [kid = '', ivText = '', bodyText = ''] = sealed.slice(PREFIX.length).split(':')
    const key = this.#keys.get(kid)
    if (key === undefined) throw new SecretKeyMissingError(kid)
    const body = Buffer.from(bodyText, 'base64url')
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'))
    decipher.setAAD(Buffer.from(place))
    decipher.setAuthTag(body.subarray(body.length - 16))
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8')
  }

  /** The key id a sealed value was sealed with. */
  static keyIdOf (sealed: string): string {
    return sealed.slice(PREFIX.length).split(':')[0] ?? ''
  }
}

export class SecretKeyMissingError extends Error {
  override name = 'SecretKeyMissingError'
  readonly code = 'HUB_SECRET_KEY_MISSING'
  constructor (readonly keyId: string) {
    super(`a stored secret was sealed with key ${keyId}, which is not in HUB_ENCRYPTION_KEY`)
  }
}

export function keyId (key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12)
}

/**
 * The configured keys, or the key file in the data folder (created with mode 0600 on first start).
 */
export async function loadKeys (configured: Buffer[] | undefined, dataDir: string): Promise<Buffer[]> {
  if (configured !== undefined) return configured
  const file = path.join(dataDir, 'encryption.key')
  if (existsSync(file)) {
    const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')
    if (key.length !== 32) throw startupErrors.invalidSetting(file, 'does not hold a 32-byte base64 key; restore it from a backup or set HUB_ENCRYPTION_KEY')
    return [key]
  }
  const key = randomBytes(32)
  await mkdir(dataDir, { recursive: true })
  await writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' })
  return [key]
}
