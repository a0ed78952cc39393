/**
 * Measures the OpenAPI document on this machine (not a test; run by hand, figures for
 * docs/performance.md): its size with the built-in plugins, how long a hub takes to be ready and to
 * build the document on its first `GET /openapi.json`, how long openapi-typescript takes to turn it
 * into core/api/openapi.ts, and what checking every answer against it costs a few test files
 * (each run RUNS times with the check and with CHECK_RESPONSES=0, the median kept).
 *
 * node --import tsx --conditions=integration-hub-source test/core/api/measure-document.ts
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../../../core/standalone/app.js'
import { readSettings } from '../../../core/standalone/settings.js'
import { apiTypes } from '../../../scripts/generate-api.js'

const HUBS = 12
const RUNS = Number(process.env.RUNS ?? 3)
const FILES = ['test/plugins/smtp.test.ts', 'test/core/webhooks/webhooks.test.ts', 'test/core/http/api.test.ts']

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

const ready: number[] = []
const built: number[] = []
let text = ''
for (let i = 0; i < HUBS; i++) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'hub-openapi-'))
  const started = performance.now()
  const app = await buildApp(readSettings({ HUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { adminToken: 'measure-admin-token-0123456789', ui: false })
  await app.ready()
  const isReady = performance.now()
  text = (await app.inject({ method: 'GET', url: '/openapi.json' })).body
  // The first two warm the process up (module loading, JIT).
  if (i >= 2) {
    ready.push(isReady - started)
    built.push(performance.now() - isReady)
  }
  await app.close()
  rmSync(dataDir, { recursive: true, force: true })
}
const document = JSON.parse(text)
const operations = Object.values(document.paths as Record<string, object>).reduce((count, item) => count + Object.keys(item).length, 0)
const typesStarted = performance.now()
const types = await apiTypes(document)
const typesMs = performance.now() - typesStarted

console.log(`document: ${(text.length / 1024).toFixed(0)} KiB, ${operations} operations, ${Object.keys(document.components.schemas).length} schemas, ${Object.keys(document.components.responses).length} shared error answers`)
console.log(`hub ready: ${median(ready).toFixed(0)} ms; first GET /openapi.json: ${median(built).toFixed(0)} ms (medians of ${ready.length})`)
console.log(`openapi-typescript: ${typesMs.toFixed(0)} ms, ${(types.length / 1024).toFixed(0)} KiB of types`)

for (const file of FILES) {
  const time = (check: boolean): number => {
    const started = performance.now()
    // A failing test does not stop the measurement: only the time is read.
    spawnSync(process.execPath, ['--import', 'tsx', '--conditions=integration-hub-source', file], { env: { ...process.env, CHECK_RESPONSES: check ? '1' : '0' }, stdio: 'ignore' })
    return performance.now() - started
  }
  const checked: number[] = []
  const unchecked: number[] = []
  for (let run = 0; run < RUNS; run++) {
    checked.push(time(true))
    unchecked.push(time(false))
  }
  const [on, off] = [median(checked), median(unchecked)]
  console.log(`${file}: ${(on / 1000).toFixed(2)} s checked, ${(off / 1000).toFixed(2)} s not (${(((on - off) / off) * 100).toFixed(1)} %)`)
}
