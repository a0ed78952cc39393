/**
 * `npm start` and `hub start`: reads the environment, starts the hub, and says where to open it and
 * how to sign in. With HUB_PROVISION, the provisioning file (or folder) is applied before the hub
 * listens and again on SIGHUP. Bad configuration stops start-up with one line; SIGTERM drains
 * in-flight requests first.
 */
import type { FastifyBaseLogger } from 'fastify'
import { ConfigurationError, startupErrors } from '../errors.js'
import { openHubCore, type HubCore } from '../hub/open.js'
import type { ApplyReport } from '../provisioning/apply.js'
import { describeProblem, isError } from '../provisioning/problems.js'
import { hasFailures, provisioner } from '../provisioning/provisioner.js'
import { describeApply } from '../provisioning/report.js'
import type { HubStore } from '../storage/store.js'
import { loadAdminToken } from '../security/admin-token.js'
import { openStore } from '../storage/open.js'
import { HubMetrics } from '../metrics/metrics.js'
import { buildApp } from './app.js'
import { serveMetrics, type MetricsServer } from './metrics-server.js'
import { hubCoreOptions, readSettings, type HubSettings } from './settings.js'

async function main (): Promise<void> {
  const settings = readSettings()
  let tokenHint = 'Admin token: the value of HUB_ADMIN_TOKEN.'
  if (settings.adminToken === undefined) {
    const { token, file, created } = await loadAdminToken(settings.dataDir)
    settings.adminToken = token
    tokenHint = created
      ? `Admin token (shown once, kept in ${file}): ${token}`
      : `Admin token: in ${file}.`
  }
  // A SQLite file is opened once per process: the server and provisioning share it. Other stores
  // take a connection each (and the server's core its own job engine, which needs the URL).
  const sqlite = settings.provision !== undefined && new URL(settings.store).protocol === 'sqlite:' ? await openStore(settings.store) : undefined
  const metrics = settings.metricsPort === undefined ? undefined : new HubMetrics()
  const app = await buildApp(settings, { ...(sqlite === undefined ? {} : { store: sqlite }), ...(metrics === undefined ? {} : { metrics }) })
  let provisioning: Provisioning | undefined
  let metricsServer: MetricsServer | undefined
  const close = async (): Promise<void> => {
    await metricsServer?.close()
    await app.close()
    await provisioning?.core.close()
    await sqlite?.close()
  }
  try {
    await app.ready()
    if (settings.provision !== undefined) provisioning = await startProvisioning(settings, settings.provision, sqlite ?? settings.store, app.log)
    await app.listen({ port: settings.port, host: settings.host })
    if (metrics !== undefined) metricsServer = await serveMetrics(metrics, { host: settings.host, port: settings.metricsPort! })
  } catch (error) {
    await close().catch(() => {})
    throw error
  }
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : settings.port
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  process.stdout.write([
    '',
    `Integration Hub is running: open http://${host}:${port}/`,
    tokenHint,
    `API: Authorization: Bearer <admin token> on http://${host}:${port}/api/…`,
    ...(metricsServer === undefined ? [] : [`Metrics: http://${host}:${metricsServer.port}/metrics`]),
    ...(provisioning === undefined ? [] : [`Provisioning: ${describeApply(provisioning.first).at(-1)!}${hasFailures(provisioning.first) ? ' (the log says what failed)' : ''} Send SIGHUP to apply it again.`]),
    ''
  ].join('\n') + '\n')

  if (provisioning !== undefined) {
    const { run } = provisioning
    process.on('SIGHUP', () => {
      app.log.info({ signal: 'SIGHUP' }, `applying ${settings.provision!} again`)
      run().catch((error: unknown) => app.log.error({ err: error }, 'provisioning failed'))
    })
  }

  let closing = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return
      closing = true
      app.log.info({ signal }, 'draining requests and closing the store')
      close().then(() => process.exit(0), (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      })
    })
  }
}

/**
 * Opens a second core for provisioning (the server's own is inside the Fastify plugin), on the
 * server's SQLite store or the store's URL, and applies the source once. A source that cannot be read, or with
 * HUB_PROVISION_STRICT any failure, stops start-up.
 */
async function startProvisioning (settings: HubSettings, source: string, store: HubStore | string, log: FastifyBaseLogger): Promise<Provisioning> {
  const core = await openHubCore({ ...await hubCoreOptions(settings, log.child({ provisioning: source })), store })
  const { run } = provisioner(source, core, { mode: 'apply', actor: 'provisioning', log, strict: settings.provisionStrict })
  const first = await run()
  if (first.plan.declaration.problems.some(isError) || (settings.provisionStrict && hasFailures(first))) {
    await core.close()
    throw startupErrors.provisioningInvalid(`HUB_PROVISION ${source}`, first.problems.filter(isError).map(describeProblem))
  }
  return { core, run, first }
}

interface Provisioning {
  core: HubCore
  run(): Promise<ApplyReport>
  first: ApplyReport
}

main().catch((error: unknown) => {
  const configuration = findConfigurationError(error)
  process.stderr.write(configuration !== undefined
    ? `Integration Hub cannot start: ${configuration.message}\n`
    : `Integration Hub cannot start: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})

/** Ours, or the one Fastify wrapped while plugins loaded. */
function findConfigurationError (error: unknown): ConfigurationError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof ConfigurationError) return current
  }
  return undefined
}
