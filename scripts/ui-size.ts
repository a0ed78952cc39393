/**
 * Builds the widget and prints the gzipped size of what a page loads for it (the one bundle);
 * exits 1 when it is over the budget.
 *   node --import tsx scripts/ui-size.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildUi } from './build-ui.js'

const BUDGET_KB = 25

const outdir = await mkdtemp(join(tmpdir(), 'hub-ui-size-'))
try {
  const bundle = await readFile(await buildUi({ outdir }))
  const gzipped = gzipSync(bundle, { level: 9 }).length / 1024
  const raw = bundle.length / 1024
  console.log(`integration-hub.js: ${raw.toFixed(1)} KB minified, ${gzipped.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`)
  if (gzipped > BUDGET_KB) {
    console.error(`over budget by ${(gzipped - BUDGET_KB).toFixed(1)} KB`)
    process.exitCode = 1
  }
} finally {
  await rm(outdir, { recursive: true, force: true })
}
