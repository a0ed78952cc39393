/**
 * (a) Catalog throughput: `GET /api/integrations` of a real hub (buildApp, SQLite in a temporary
 * data folder, two integrations configured, the admin token) against a bare Fastify route sending
 * the same bytes, each server in its own process, over real sockets.
 * (d) Memory: both processes' RSS and heap after that load.
 */
import { alternate, median, roundRatios } from './load.js'
import { ADMIN_TOKEN, memoryOf, startChild, stopChild, tempDir, type Child } from './processes.js'
import { goal, mb, roundsResult, type Row } from './report.js'

const CONNECTIONS = 10
const DURATION_MS = 2000
const WARMUP_MS = 1000
/** Short rounds alternating with the baseline; the median of their ratios shrugs off a burst of other work. */
const ROUNDS = 5
const GOAL = 0.7

export async function measureCatalog (): Promise<Row[]> {
  const hub = await startChild(['bench/server.ts', 'hub'], { HUB_DATA_DIR: await tempDir(), HUB_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info' })
  let bare: Child | undefined
  try {
    const headers = { authorization: `Bearer ${ADMIN_TOKEN}` }
    // A realistic catalog: two integrations configured (stored despite a failing test: the hub may not
    // reach 127.0.0.1) and their last test status.
    for (const [id, config] of [
      ['jira', { serviceUrl: 'https://127.0.0.1:9', apiToken: 'token', email: 'ada@example.com' }],
      ['servicenow', { serviceUrl: 'https://127.0.0.1:9', clientId: 'hub', clientSecret: 'secret', username: 'hub', password: 'password' }]
    ] as const) {
      const saved = await fetch(`${hub.origin}/api/integrations/${id}?force=true`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ config }) })
      if (saved.status !== 201) throw new Error(`could not store ${id}: ${saved.status} ${await saved.text()}`)
    }
    const body = await (await fetch(`${hub.origin}/api/integrations`, { headers })).text()
    bare = await startChild(['bench/server.ts', 'bare'], { BENCH_BODY: body, LOG_LEVEL: 'info' })
    const { rates: [bareRates, hubRates], errors } = await alternate([{ origin: bare.origin }, { origin: hub.origin, headers }], {
      path: '/api/integrations',
      connections: CONNECTIONS,
      rounds: ROUNDS,
      durationMs: DURATION_MS,
      warmupMs: WARMUP_MS
    })
    const ratios = roundRatios(hubRates!, bareRates!)
    const ratio = median(ratios)
    const hubMemory = await memoryOf(hub)
    const bareMemory = await memoryOf(bare)
    return [
      {
        benchmark: `(a) GET /api/integrations, req/s, median of ${ROUNDS}×${DURATION_MS / 1000} s (${body.length} B, ${CONNECTIONS} conns${errors > 0 ? `, ${errors} errors` : ''})`,
        hub: Math.round(median(hubRates!)).toString(),
        baseline: `${Math.round(median(bareRates!))} (bare Fastify)`,
        result: roundsResult(ratio, ratios),
        goal: goal(`≥ ${GOAL.toFixed(2)}`, ratio >= GOAL)
      },
      {
        benchmark: '(d) memory after the catalog load: RSS / heap used (after GC)',
        hub: `${mb(hubMemory.rss)} / ${mb(hubMemory.heapUsed)}`,
        baseline: `${mb(bareMemory.rss)} / ${mb(bareMemory.heapUsed)} (bare Fastify)`,
        result: `+${mb(hubMemory.rss - bareMemory.rss)} RSS`,
        goal: '—'
      }
    ]
  } finally {
    if (bare !== undefined) await stopChild(bare)
    await stopChild(hub)
  }
}
