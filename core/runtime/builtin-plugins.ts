/**
 * The plugins shipped in plugins/: every folder there with an index module is one. Adding a
 * built-in integration is adding a folder; nothing in core/ names it.
 */
import { readdir } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import path from 'node:path'

const pluginsDir = fileURLToPath(new URL('../../plugins/', import.meta.url))

export async function loadBuiltinPlugins (): Promise<unknown[]> {
  const folders = (await readdir(pluginsDir, { withFileTypes: true })).filter(entry => entry.isDirectory()).map(entry => entry.name).sort()
  const modules: unknown[] = []
  for (const folder of folders) {
    const file = ['index.js', 'index.ts'].map(name => path.join(pluginsDir, folder, name)).find(candidate => existsSync(candidate))
    if (file === undefined) continue
    modules.push((await import(pathToFileURL(file).href) as { default: unknown }).default)
  }
  return modules
}
