/**
 * A server for the benchmarks, run as a child process so that the load generator does not share
 * its event loop:
 *   bench/server.ts hub    the hub as `npm start` builds it (buildApp, with the settings the environment gives)
 *   bench/server.ts bare   a bare Fastify: GET /readyz, and GET /api/integrations answering BENCH_BODY
 * (run as processes.ts runs them: node --import tsx --conditions=integration-hub-source).
 * Both log at LOG_LEVEL (default info) into a sink, print `listening http://127.0.0.1:PORT/`, answer
 * the IPC message "memory" with their memory use after a full GC, and exit on "close".
 */
import Fastify, { type FastifyInstance } from 'fastify'

const sink = { write: (_line: string): void => {} }
const level = process.env.LOG_LEVEL ?? 'info'

async function bare (): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level, stream: sink } })
  const body = process.env.BENCH_BODY ?? '{}'
  app.get('/readyz', async () => ({ status: 'ready' }))
  app.get('/api/integrations', async (_request, reply) => await reply.type('application/json; charset=utf-8').send(body))
  return app
}

/** Imported here only: the bare server's start-up and memory must not include loading the hub's code. */
async function hub (): Promise<FastifyInstance> {
  const { buildApp } = await import('../core/standalone/app.js')
  const { readSettings } = await import('../core/standalone/settings.js')
  return await buildApp(readSettings(), {}, sink)
}

const mode = process.argv[2]
if (mode !== 'hub' && mode !== 'bare') throw new Error('usage: bench/server.ts hub|bare')
const app = mode === 'hub' ? await hub() : await bare()
const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`listening ${address}/\n`)

process.on('message', (message) => {
  if (message === 'memory') {
    (globalThis as { gc?: () => void }).gc?.()
    const { rss, heapUsed, heapTotal } = process.memoryUsage()
    process.send?.({ rss, heapUsed, heapTotal })
  } else if (message === 'close') {
    app.close().then(() => process.exit(0), () => process.exit(1))
  }
})
