/**
 * Builds the widget and prints the gzipped size of each bundle; exits 1 when the one a host page
 * embeds (integration-hub.js) is over its budget. The admin page's bundle has the components in it
 * too, and is reported for the record.
 *   node --import tsx scripts/ui-size.ts
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildUi } from './build-ui.js'

const EMBED_BUDGET_KB = 25

const outdir = await mkdtemp(join(tmpdir(), 'hub-ui-size-'))
try {
  const built = await buildUi({ outdir })
  for (const [name, path] of Object.entries(built)) {
    const bundle = await readFile(path)
    const gzipped = gzipSync(bundle, { level: 9 }).length / 1024
    const budget = name === 'integration-hub' ? ` (budget ${EMBED_BUDGET_KB} KB)` : ''
    console.log(`${basename(path)}: ${(bundle.length / 1024).toFixed(1)} KB minified, ${gzipped.toFixed(1)} KB gzipped${budget}`)
    if (budget && gzipped > EMBED_BUDGET_KB) {
      console.error(`over budget by ${(gzipped - EMBED_BUDGET_KB).toFixed(1)} KB`)
      process.exitCode = 1
    }
  }
} finally {
  await rm(outdir, { recursive: true, force: true })
}
