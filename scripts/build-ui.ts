/**
 * Builds the widget: one ES module (Lit included) at `<outdir>/integration-hub.js` with an external
 * source map, and the admin page `<outdir>/index.html`.
 *   node --import tsx scripts/build-ui.ts [outdir]
 */
import { copyFile, mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

export interface BuildUiOptions {
  /** Folder to write to; default `dist/ui`. */
  outdir?: string
}

/** Bundles `ui/index.ts` and copies the admin page; resolves to the bundle's path. */
export async function buildUi ({ outdir = join(root, 'dist/ui') }: BuildUiOptions = {}): Promise<string> {
  const bundle = join(outdir, 'integration-hub.js')
  await mkdir(outdir, { recursive: true })
  await build({
    entryPoints: [join(root, 'ui/index.ts')],
    outfile: bundle,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'external',
    legalComments: 'none',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning'
  })
  await copyFile(join(root, 'ui/index.html'), join(outdir, 'index.html'))
  return bundle
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2]
  const bundle = await buildUi(outdir ? { outdir: resolve(outdir) } : {})
  console.log(`built ${bundle}`)
}
