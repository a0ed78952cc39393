/**
 * (l) The OpenAPI document and the tests' response check: the document's size with the built-in
 * plugins, how long its first `GET /openapi.json` takes to build beside how long the hub took to be
 * ready, how long openapi-typescript takes to turn it into core/api/openapi.ts, and what checking every
 * answer against it costs a few test files (each run BENCH_DOCUMENT_RUNS times, default 3, with the
 * check and with CHECK_RESPONSES=0 in turn, the medians compared).
 */
import { spawnSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { apiTypes } from '../scripts/generate-api.js'
import { median } from './load.js'
import { ADMIN_TOKEN, root, tempDir } from './processes.js'
import { count, ratio2, round1, type Row } from './report.js'

const HUBS = 12
/** The first hubs warm the process up (module loading, JIT) and are not counted. */
const WARM_UPS = 2
const FILES = ['test/plugins/smtp.test.ts', 'test/core/webhooks/webhooks.test.ts', 'test/core/http/api.test.ts']

export async function measureDocument (): Promise<Row[]> {
  const ready: number[] = []
  const built: number[] = []
  let text = ''
  for (let i = 0; i < HUBS; i++) {
    const started = performance.now()
    const app = await buildApp(readSettings({ HUB_DATA_DIR: await tempDir(), LOG_LEVEL: 'silent' }), { adminToken: ADMIN_TOKEN, ui: false })
    await app.ready()
    const isReady = performance.now()
    text = (await app.inject({ method: 'GET', url: '/openapi.json' })).body
    if (i >= WARM_UPS) {
      ready.push(isReady - started)
      built.push(performance.now() - isReady)
    }
    await app.close()
  }
  const document = JSON.parse(text) as Parameters<typeof apiTypes>[0]
  const operations = Object.values(document.paths ?? {}).reduce((sum, item) => sum + Object.keys(item).length, 0)
  const typesStarted = performance.now()
  const types = await apiTypes(document)
  const typesMs = performance.now() - typesStarted

  const rows: Row[] = [
    { benchmark: '(l) OpenAPI document', hub: `${Math.round(text.length / 1024)} KiB`, baseline: `${operations} operations, ${Object.keys(document.components?.schemas ?? {}).length} schemas`, result: '', goal: '' },
    { benchmark: '(l) first GET /openapi.json, median ms', hub: round1(median(built)), baseline: `hub ready ${round1(median(ready))}`, result: `ratio ${ratio2(median(built) / median(ready))}`, goal: '' },
    { benchmark: '(l) openapi-typescript, ms', hub: round1(typesMs), baseline: `${count(Math.round(types.length / 1024))} KiB of types`, result: '', goal: '' }
  ]
  const runs = Number(process.env.BENCH_DOCUMENT_RUNS ?? 3)
  for (const file of FILES) {
    const checked: number[] = []
    const unchecked: number[] = []
    for (let run = 0; run < runs; run++) {
      checked.push(timeTestFile(file, true))
      unchecked.push(timeTestFile(file, false))
    }
    const [on, off] = [median(checked), median(unchecked)]
    rows.push({ benchmark: `(l) ${file} with the response check, s`, hub: (on / 1000).toFixed(2), baseline: `${(off / 1000).toFixed(2)} without`, result: `ratio ${ratio2(on / off)}`, goal: '' })
  }
  return rows
}

/** A test file's wall time, in ms. A failing test does not stop the measurement: only the time is read. */
function timeTestFile (file: string, check: boolean): number {
  const started = performance.now()
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=integration-hub-source', file], { cwd: root, env: { ...process.env, CHECK_RESPONSES: check ? '1' : '0' }, stdio: 'ignore' })
  return performance.now() - started
}
