/**
 * Builds the widget into `<outdir>` (default dist/ui), each bundle an ES module with Lit included and
 * an external source map:
 *   integration-hub.js  the components (ui/index.ts), what a host page embeds
 *   admin.js            the admin page (ui/admin/index.ts), components included
 *   index.html          the admin page, which loads `ui/admin.js` relative to the mount path
 * Files are written beside their final name and renamed into place, so a hub serving the folder
 * while another build runs never reads half a file.
 *   node --import tsx scripts/build-ui.ts [outdir]
 */
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Each bundle and the source it starts from. */
export const bundles = {
  'integration-hub': 'ui/index.ts',
  admin: 'ui/admin/index.ts'
} as const

export type BundleName = keyof typeof bundles

export interface BuildUiOptions {
  /** Folder to write to; default `dist/ui`. */
  outdir?: string
}

/** Builds both bundles and copies the admin page; resolves to each bundle's path. */
export async function buildUi ({ outdir = join(root, 'dist/ui') }: BuildUiOptions = {}): Promise<Record<BundleName, string>> {
  await mkdir(outdir, { recursive: true })
  const { outputFiles } = await build({
    entryPoints: Object.fromEntries(Object.entries(bundles).map(([name, source]) => [name, join(root, source)])),
    outdir,
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'external',
    legalComments: 'none',
    tsconfig: join(root, 'tsconfig.json'),
    logLevel: 'warning'
  })
  const unique = `${process.pid}-${Date.now()}`
  await Promise.all(outputFiles.map(async file => {
    await writeFile(`${file.path}.${unique}.tmp`, file.contents)
    await rename(`${file.path}.${unique}.tmp`, file.path)
  }))
  const page = join(outdir, 'index.html')
  await copyFile(join(root, 'ui/index.html'), `${page}.${unique}.tmp`)
  await rename(`${page}.${unique}.tmp`, page)
  return Object.fromEntries(Object.keys(bundles).map(name => [name, join(outdir, `${name}.js`)])) as Record<BundleName, string>
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outdir = process.argv[2]
  const built = await buildUi(outdir ? { outdir: resolve(outdir) } : {})
  console.log(`built ${Object.values(built).map(path => basename(path)).join(', ')} in ${resolve(outdir ?? join(root, 'dist/ui'))}`)
}
