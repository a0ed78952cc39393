/**
 * What a host app (or the standalone server) passes when it registers the hub, and the defaults,
 * written once: the data folder, the store in it, the outbound deadline, the run cap.
 */
import path from 'node:path'
import type { IntegrationDefinition } from '../contract/contract.js'
import type { AllowPrivate } from '../security/address-policy.js'
import type { LookupFunction } from '../security/outbound.js'
import type { HubMetrics } from '../metrics/metrics.js'
import type { HubStore } from '../storage/store.js'
import type { Authorize } from './authenticate.js'

export interface IntegrationHubOptions {
  /** Folder for the SQLite file, the generated key and token files. Default `./data`. */
  dataDir?: string
  /** A store URL (`sqlite://…`, `redis://…`, `postgres://…`) or an open store. Default: SQLite in `dataDir`. */
  store?: string | HubStore
  /** AES-256 master keys (they seal each workspace's data key); the first seals. Default: the key file in `dataDir`. */
  encryptionKeys?: Buffer[]
  /** The operator's bearer token. Default: the token file in `dataDir` (unless `authorize` is given). */
  adminToken?: string
  /** A host app's own check of who is calling; replaces the admin token, scoped tokens and sessions for /api. */
  authorize?: Authorize
  /** Plugins besides the built-in ones: definitions, or module specifiers to import. */
  plugins?: Array<IntegrationDefinition<any, any> | string>
  /** Load the plugins shipped in plugins/. Default true (single sign-on is the core's and always there). */
  builtinPlugins?: boolean
  /**
   * What outbound calls may reach besides the public internet: `true` for the private networks
   * (RFC 1918, unique-local, CGNAT), or ranges (`['10.20.0.0/16', '127.0.0.1/32']`, `'private'` for
   * those). Loopback and metadata addresses open only when named. Default: none.
   */
  allowPrivateNetwork?: AllowPrivate
  /** Origins that may call the API from a browser (CORS with credentials), make cookie-authenticated changes, and be SSO `return_to` targets. */
  allowedOrigins?: string[]
  /** The hub's public address: SSO sends people back to it; https makes cookies Secure. Required for SSO. */
  publicUrl?: URL
  /** Deadline of every connection test and action, in ms. Default 10 000. */
  outboundTimeoutMs?: number
  /** Connection tests and actions allowed to run at once; more are refused with 503 (HUB_ERR_BUSY). Default 32. */
  maxConcurrentRuns?: number
  /** Extra certificate authorities (PEM) trusted for outbound TLS. */
  trustedCertificates?: string[]
  /** Serve the widget at /ui/ and the admin page at /. Default true. */
  ui?: boolean
  /** Name resolution for outbound calls (tests replace it). */
  lookup?: LookupFunction
  /** The metrics to record into (the standalone server passes its own to serve them on a port of their own). Default: the hub's own. */
  metrics?: HubMetrics
  /**
   * Who may read `GET /metrics`: the bearer token a scraper sends (HUB_METRICS_TOKEN). Default: the
   * admin token. `false`: no /metrics route (they are served elsewhere, e.g. HUB_METRICS_PORT).
   */
  metricsToken?: string | false
  /** How a queued action (`Prefer: respond-async`) is retried: for `hours` (default 24), the first retry after `firstBackoffMs` (default 2000), doubling. */
  actionRetry?: { hours?: number, firstBackoffMs?: number }
  /** How often every stored connection is tested again, in ms; 0 turns re-checks off. Default 6 h. */
  healthIntervalMs?: number
}

export const DEFAULT_OUTBOUND_TIMEOUT_MS = 10_000
export const DEFAULT_MAX_CONCURRENT_RUNS = 32

/** The data folder (default `./data`) and the store URL in it, the one place either default is written. */
export function dataDirOf (dataDir: string | undefined, cwd = process.cwd()): string {
  return path.resolve(cwd, dataDir === undefined || dataDir === '' ? 'data' : dataDir)
}

export function defaultStoreUrl (dataDir: string): string {
  return `sqlite://${path.join(dataDir, 'hub.sqlite')}`
}
