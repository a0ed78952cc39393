/**
 * A server for the benchmarks, run as a child process so that the load generator does not share
 * its event loop:
 *   node --import tsx bench/server.ts hub    the hub as `npm start` builds it (buildApp, SQLite in HUB_DATA_DIR)
 *   node --import tsx bench/server.ts bare   a bare Fastify: GET /readyz, and GET /api/integrations answering BENCH_BODY
 * Both log at LOG_LEVEL (default info) into a sink, print `listening http://127.0.0.1:PORT/`, answer
 * the IPC message "memory" with their memory use after a full GC, and exit on "close".
 */
import Fastify, { type FastifyInstance } from 'fastify'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'

const sink = { write: (_line: string): void => {} }
const level = process.env.LOG_LEVEL ?? 'info'

async function bare (): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level, stream: sink } })
  const body = process.env.BENCH_BODY ?? '{}'
  app.get('/readyz', async () => ({ status: 'ready' }))
  app.get('/api/integrations', async (_request, reply) => await reply.type('application/json; charset=utf-8').send(body))
  return app
}

const mode = process.argv[2]
if (mode !== 'hub' && mode !== 'bare') throw new Error('usage: bench/server.ts hub|bare')
const app = mode === 'hub' ? await buildApp(readSettings(), {}, sink) : await bare()
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
