/**
 * The hub's settings, read from the environment once at start-up. A bad value stops start-up
 * with one line that names the variable and says what is wrong.
 */
import { readFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import type { FastifyBaseLogger } from 'fastify'
import { startupErrors } from '../errors.js'
import { DEFAULT_HEALTH_INTERVAL_MS, type HubCoreOptions } from '../hub/open.js'
import { dataDirOf, defaultStoreUrl, DEFAULT_MAX_CONCURRENT_RUNS, DEFAULT_OUTBOUND_TIMEOUT_MS } from '../http/options.js'
import { networkAllowance, type AllowPrivate } from '../security/address-policy.js'

/** Re-checks closer together than this would test every connection more often than anyone reads the result. */
const MIN_HEALTH_INTERVAL_MS = 60_000

export interface HubSettings {
  port: number
  host: string
  dataDir: string
  /** Store URL: `sqlite://…` (default, in the data folder), `redis://…` or `postgres://…`. */
  store: string
  /** From HUB_ADMIN_TOKEN; when undefined, the token file in the data folder is used (created if absent). */
  adminToken: string | undefined
  /** From HUB_ENCRYPTION_KEY (comma-separated base64 keys, the first encrypts); undefined: the key file. */
  encryptionKeys: Buffer[] | undefined
  /** Module specifiers of external plugins. */
  plugins: string[]
  publicUrl: URL | undefined
  /** What outbound calls may reach besides the public internet (see IntegrationHubOptions.allowPrivateNetwork). */
  allowPrivateNetwork: AllowPrivate
  /** Proxies whose X-Forwarded-For the hub believes (Fastify's `trustProxy`): a hop count or addresses/ranges. */
  trustProxy: number | string[] | false
  allowedOrigins: string[]
  outboundTimeoutMs: number
  /** PEM file of extra certificate authorities trusted for outbound TLS. */
  caFile: string | undefined
  logLevel: string
  /** HUB_PROVISION: a provisioning file, or a folder of them, applied on start and on SIGHUP. */
  provision: string | undefined
  /** HUB_PROVISION_STRICT: start-up fails when any provisioned connection fails. */
  provisionStrict: boolean
  /** HUB_HEALTH_INTERVAL: how often every stored connection is tested again, in ms; 0: never. */
  healthIntervalMs: number
  /** HUB_ACTION_RETRY_HOURS: how long a queued action is retried after a failure that may pass. */
  actionRetryHours: number
  /** HUB_METRICS_TOKEN: the bearer token of the metrics scraper; undefined: the admin token. */
  metricsToken: string | undefined
  /** HUB_METRICS_PORT: serve /metrics on this port of its own (no token) instead of beside the API. */
  metricsPort: number | undefined
}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

export function readSettings (env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HubSettings {
  const dataDir = dataDirOf(env.HUB_DATA_DIR, cwd)
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: hostSetting(env.HOST || '127.0.0.1'),
    dataDir,
    store: storeUrl(env.HUB_STORE, dataDir),
    adminToken: token(env.HUB_ADMIN_TOKEN, 'HUB_ADMIN_TOKEN'),
    encryptionKeys: encryptionKeys(env.HUB_ENCRYPTION_KEY),
    plugins: list(env.HUB_PLUGINS),
    publicUrl: publicUrl(env.HUB_PUBLIC_URL),
    allowPrivateNetwork: privateNetwork(env.HUB_ALLOW_PRIVATE_NETWORK),
    trustProxy: trustProxy(env.HUB_TRUST_PROXY),
    allowedOrigins: list(env.HUB_ALLOWED_ORIGINS).map(origin => originSetting(origin)),
    outboundTimeoutMs: integer(env, 'HUB_OUTBOUND_TIMEOUT_MS', DEFAULT_OUTBOUND_TIMEOUT_MS, 100, 300_000),
    caFile: env.HUB_CA_FILE || undefined,
    logLevel: oneOf('LOG_LEVEL', env.LOG_LEVEL || 'info', logLevels),
    provision: env.HUB_PROVISION || undefined,
    provisionStrict: flag(env, 'HUB_PROVISION_STRICT'),
    healthIntervalMs: duration(env, 'HUB_HEALTH_INTERVAL', DEFAULT_HEALTH_INTERVAL_MS, MIN_HEALTH_INTERVAL_MS),
    actionRetryHours: integer(env, 'HUB_ACTION_RETRY_HOURS', 24, 0, 24 * 7),
    metricsToken: token(env.HUB_METRICS_TOKEN, 'HUB_METRICS_TOKEN'),
    metricsPort: env.HUB_METRICS_PORT === undefined || env.HUB_METRICS_PORT === '' ? undefined : integer(env, 'HUB_METRICS_PORT', 0, 1, 65535)
  }
}

/** What the hub's core is opened with, from the settings (the store is the caller's: a URL or an open one). */
export async function hubCoreOptions (settings: HubSettings, log: FastifyBaseLogger): Promise<Omit<HubCoreOptions, 'store'>> {
  return {
    dataDir: settings.dataDir,
    encryptionKeys: settings.encryptionKeys,
    plugins: settings.plugins,
    allowPrivateNetwork: settings.allowPrivateNetwork,
    trustedCertificates: settings.caFile === undefined ? undefined : [await readFile(settings.caFile, 'utf8')],
    outboundTimeoutMs: settings.outboundTimeoutMs,
    maxConcurrentRuns: DEFAULT_MAX_CONCURRENT_RUNS,
    healthIntervalMs: settings.healthIntervalMs,
    actionRetry: { hours: settings.actionRetryHours },
    log
  }
}

function list (value: string | undefined): string[] {
  return (value ?? '').split(',').map(item => item.trim()).filter(item => item !== '')
}

function flag (env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = env[name]
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false
  if (raw === '1' || raw === 'true') return true
  throw startupErrors.invalidSetting(name, `expected 1 or 0, got "${raw}"`)
}

function integer (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw startupErrors.invalidSetting(name, `expected a whole number from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function oneOf (name: string, value: string, allowed: string[]): string {
  if (!allowed.includes(value)) throw startupErrors.invalidSetting(name, `expected one of ${allowed.join(', ')}, got "${value}"`)
  return value
}

function hostSetting (value: string): string {
  if (isIP(value) === 0 && !/^[a-z0-9.-]+$/i.test(value)) {
    throw startupErrors.invalidSetting('HOST', `expected an IP address or host name, got "${value}"`)
  }
  return value
}

function storeUrl (value: string | undefined, dataDir: string): string {
  if (value === undefined || value === '') return defaultStoreUrl(dataDir)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw startupErrors.invalidSetting('HUB_STORE', 'expected a URL such as sqlite://./data/hub.sqlite, redis://host:6379 or postgres://user@host/db')
  }
  if (!['sqlite:', 'redis:', 'rediss:', 'postgres:', 'postgresql:'].includes(url.protocol)) {
    throw startupErrors.invalidSetting('HUB_STORE', `unsupported store "${url.protocol.slice(0, -1)}"; use sqlite, redis or postgres`)
  }
  return value
}

function token (value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined
  if (value.length < 16) throw startupErrors.invalidSetting(name, 'must be at least 16 characters long')
  return value
}

const durationUnits: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** A duration such as `90s`, `30m`, `6h` or `1d`; `0` turns the thing off. */
function duration (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  if (raw === '0') return 0
  const match = /^(\d+)([smhd])$/.exec(raw)
  const value = match === null ? NaN : Number(match[1]) * durationUnits[match[2]!]!
  if (!(value >= min)) {
    throw startupErrors.invalidSetting(name, `expected a duration of ${min / 1000} s or more such as 30m, 6h or 1d (0 turns it off), got "${raw}"`)
  }
  return value
}

function encryptionKeys (value: string | undefined): Buffer[] | undefined {
  const keys = list(value)
  if (keys.length === 0) return undefined
  return keys.map((text, index) => {
    const key = Buffer.from(text, 'base64')
    if (key.length !== 32 || key.toString('base64') !== text) {
      throw startupErrors.invalidSetting('HUB_ENCRYPTION_KEY', `key ${index + 1} must be 32 bytes in base64 (create one with: openssl rand -base64 32)`)
    }
    return key
  })
}

function publicUrl (value: string | undefined): URL | undefined {
  if (value === undefined || value === '') return undefined
  try {
    const url = new URL(value)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url
  } catch {}
  throw startupErrors.invalidSetting('HUB_PUBLIC_URL', `expected an http(s) URL such as https://hub.example.com, got "${value}"`)
}

function originSetting (value: string): string {
  try {
    const url = new URL(value)
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/$/, '')) return url.origin
  } catch {}
  throw startupErrors.invalidSetting('HUB_ALLOWED_ORIGINS', `expected origins such as https://app.example.com, got "${value}"`)
}

function privateNetwork (value: string | undefined): AllowPrivate {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (value === '1' || value === 'true') return true
  const ranges = list(value)
  try {
    networkAllowance(ranges)
  } catch (error) {
    throw startupErrors.invalidSetting('HUB_ALLOW_PRIVATE_NETWORK', `expected 1 (the private networks), or a comma-separated list of CIDR ranges such as 10.20.0.0/16,127.0.0.1/32 (\`private\` for the private networks): ${(error as Error).message}`)
  }
  return ranges
}

function trustProxy (value: string | undefined): number | string[] | false {
  if (value === undefined || value === '' || value === '0' || value === 'false') return false
  if (/^\d+$/.test(value)) return Number(value)
  const ranges = list(value)
  try {
    networkAllowance(ranges)
  } catch (error) {
    throw startupErrors.invalidSetting('HUB_TRUST_PROXY', `expected the number of proxies in front of the hub (1), or their addresses or CIDR ranges (10.0.0.0/8): ${(error as Error).message}`)
  }
  return ranges
}
