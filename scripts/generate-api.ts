/**
 * `npm run generate:api`: writes core/api/openapi.ts, the TypeScript types of the HTTP API, made by
 * openapi-typescript from the OpenAPI document of a hub with the built-in plugins. The routes' JSON
 * Schemas are the source: change one, run this, commit both (test/core/api/openapi.test.ts fails
 * while the file is stale).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'

export const API_TYPES_FILE = fileURLToPath(new URL('../core/api/openapi.ts', import.meta.url))

export const GENERATE_COMMAND = 'npm run generate:api'

/** The document of a hub with the built-in plugins and the default options (what the generated types describe). */
export async function builtinDocument (): Promise<OpenAPI3> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'hub-openapi-'))
  const app = await buildApp(readSettings({ HUB_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { adminToken: 'generate-api-admin-token-0123456789', ui: false })
  try {
    await app.ready()
    return JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as OpenAPI3
  } finally {
    await app.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** The text of core/api/openapi.ts for a document. */
export async function apiTypes (document: OpenAPI3): Promise<string> {
  // `default` does not make a property required: the widget and host backends may leave such inputs out.
  const types = astToString(await openapiTS(document, { defaultNonNullable: false }))
  return `/**\n * The HTTP API's types, generated from its OpenAPI document: do not edit, run \`${GENERATE_COMMAND}\`.\n */\n${types}`
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(API_TYPES_FILE, await apiTypes(await builtinDocument()))
  console.log(`wrote ${path.relative(process.cwd(), API_TYPES_FILE)}`)
}
