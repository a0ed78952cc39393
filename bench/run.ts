/**
 * `npm run bench`: the hub's costs, each measured side by side with a baseline in the same run, so the
 * figures compare across machines as ratios and differences. Not a test: bounded loops, one table,
 * exit. `npm run bench -- catalog save` measures only those. docs/performance.md says what each one
 * measures, its goal, and the latest figures.
 */
import { measureActions } from './actions.js'
import { measureCatalog } from './catalog.js'
import { measureDocument } from './document.js'
import { measureHealth } from './health.js'
import { measureJobs } from './jobs.js'
import { measureMail } from './mail.js'
import { removeTempDirs } from './processes.js'
import { failed, loadAverage, machine, table, type Benchmark, type Row } from './report.js'
import { measureSave } from './save.js'
import { measureStartup } from './startup.js'
import { measureWebhooks } from './webhooks.js'
import { measureWidget } from './widget.js'
import { measureWorkspacesOnPostgres, measureWorkspacesOnSqlite } from './workspaces.js'

const benchmarks: Benchmark[] = [
  { name: 'catalog', label: '(a) catalog throughput and (d) memory', measure: measureCatalog },
  { name: 'save', label: '(b) save with test', measure: measureSave },
  { name: 'startup', label: '(c) start-up', measure: measureStartup },
  { name: 'widget', label: '(e) widget size', measure: measureWidget },
  { name: 'workspaces', label: '(f) workspaces at scale on SQLite', measure: measureWorkspacesOnSqlite },
  { name: 'workspaces-postgres', label: '(g) workspaces at scale on PostgreSQL (DATABASE_URL)', measure: measureWorkspacesOnPostgres },
  { name: 'mail', label: '(h) mail throughput', measure: measureMail },
  { name: 'health', label: '(i) scheduled checks of 10,000 connections (BENCH_HEALTH_CONNECTIONS, BENCH_HEALTH_INTERVAL)', measure: measureHealth },
  { name: 'jobs', label: '(j) job engines (REDIS_URL, DATABASE_URL)', measure: measureJobs },
  { name: 'webhooks', label: '(k) webhook deliveries (REDIS_URL, DATABASE_URL)', measure: measureWebhooks },
  { name: 'document', label: '(l) the OpenAPI document and the response check', measure: measureDocument },
  { name: 'actions', label: '(m) action overhead (Jira createIssue)', measure: measureActions }
]

console.log(`Integration Hub benchmarks — ${new Date().toISOString()}`)
console.log(machine())
// Other work on the machine moves every figure: the load average says how much there was.
console.log(`load average (1, 5, 15 min) at start: ${loadAverage()}`)
try {
  // `npm run bench -- catalog save` measures only those; no names measures everything.
  const wanted = process.argv.slice(2)
  const unknown = wanted.filter(name => !benchmarks.some(benchmark => benchmark.name === name))
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.join(', ')}: choose from ${benchmarks.map(benchmark => benchmark.name).join(', ')}`)
  const rows: Row[] = []
  const started = performance.now()
  for (const benchmark of benchmarks) {
    if (wanted.length > 0 && !wanted.includes(benchmark.name)) continue
    process.stderr.write(`measuring ${benchmark.label}…\n`)
    try {
      rows.push(...await benchmark.measure())
    } catch (error) {
      // The other benchmarks still run and print; the run fails at the end.
      process.stderr.write(`${benchmark.name} failed: ${(error as Error).stack ?? String(error)}\n`)
      rows.push(failed(benchmark.label, (error as Error).message.split('\n')[0]!))
      process.exitCode = 1
    }
  }
  console.log(table(rows))
  console.log(`load average at end: ${loadAverage()}; ${Math.round((performance.now() - started) / 1000)} s in all`)
} finally {
  await removeTempDirs()
}
