/**
 * `npm start`: reads the environment, starts the hub, and says where to open it and how to sign in.
 * Bad configuration stops start-up with one line; SIGTERM drains in-flight requests first.
 */
import { loadAdminToken } from '../security/admin-token.js'
import { buildApp } from './app.js'
import { ConfigurationError } from '../errors.js'
import { readSettings } from './settings.js'

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
  const app = await buildApp(settings)
  await app.listen({ port: settings.port, host: settings.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address !== null ? address.port : settings.port
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host
  process.stdout.write([
    '',
    `Integration Hub is running: open http://${host}:${port}/`,
    tokenHint,
    `API: Authorization: Bearer <admin token> on http://${host}:${port}/api/…`,
    ''
  ].join('\n') + '\n')

  let closing = false
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      if (closing) return
      closing = true
      app.log.info({ signal }, 'draining requests and closing the store')
      app.close().then(() => process.exit(0), (error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed')
        process.exit(1)
      })
    })
  }
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
