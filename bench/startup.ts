/**
 * (c) Start-up: `core/standalone/main.ts` on a fresh data folder, from spawn until `/readyz` answers
 * 200, against a bare Fastify server started the same way; both compile TypeScript through tsx.
 */
import { median } from './load.js'
import { ADMIN_TOKEN, startChild, stopChild, tempDir, waitForReady } from './processes.js'
import { ratio2, round1, type Row } from './report.js'

const STARTS = 5

async function timeToReady (args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now()
  const child = await startChild(args, env)
  try {
    await waitForReady(child.origin)
    return performance.now() - started
  } finally {
    await stopChild(child)
  }
}

export async function measureStartup (): Promise<Row[]> {
  const hubTimes: number[] = []
  const bareTimes: number[] = []
  for (let i = 0; i < STARTS; i++) {
    hubTimes.push(await timeToReady(['core/standalone/main.ts'], { HUB_DATA_DIR: await tempDir(), HUB_ADMIN_TOKEN: ADMIN_TOKEN, PORT: '0', LOG_LEVEL: 'warn' }))
    bareTimes.push(await timeToReady(['bench/server.ts', 'bare'], { LOG_LEVEL: 'warn' }))
  }
  const hub = median(hubTimes)
  const bare = median(bareTimes)
  return [{
    benchmark: `(c) start-up to /readyz 200, ms, median of ${STARTS} (fresh data folder, through tsx)`,
    hub: round1(hub),
    baseline: `${round1(bare)} (bare Fastify)`,
    result: `+${round1(hub - bare)} ms, ×${ratio2(hub / bare)}`,
    goal: '—'
  }]
}
