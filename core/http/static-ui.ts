/**
 * The widget's files at `ui/` — `integration-hub.js` (the components, for host pages), `admin.js`
 * (the admin page's script) and their source maps — and the admin page at the mount path. The page's
 * script, API calls and sign-in link are relative to where it is served, so the hub works under any
 * prefix a host mounts it at. Paths that try to leave the folder are refused as not found, without a
 * stack trace in the log; source maps are served only outside production.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errors } from '../errors.js'

/** The built widget: dist/ui beside the sources, or ui/ beside the compiled core in dist/. */
export const uiFolders = ['../../dist/ui/', '../../ui/'].map(folder => fileURLToPath(new URL(folder, import.meta.url)))

/** What a built folder has at least (scripts/build-ui.ts writes admin.js beside them). */
const BUILT_FILES = ['integration-hub.js', 'index.html']

/** `..`, a backslash or a NUL, written plainly or %-encoded: never part of a file the widget has. */
const escaping = /(?:^|\/)\.\.(?:\/|$)|%2e%2e|%5c|\\|%00|\0/i

export async function serveUi (fastify: FastifyInstance): Promise<void> {
  const root = uiFolders.find(folder => BUILT_FILES.every(file => existsSync(path.join(folder, file))))
  if (root === undefined) {
    fastify.log.warn('the widget is not built: run `npm run build` to serve it at ui/')
    return
  }
  const production = process.env.NODE_ENV === 'production'
  await fastify.register(async function files (scope) {
    scope.addHook('onRequest', async (request: FastifyRequest) => {
      if (escaping.test(request.url)) throw errors.routeNotFound(request.method, request.url.split('?')[0]!.slice(0, 200))
    })
    scope.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 500
      if (status >= 500) throw error
      request.log.info({ url: request.url, status }, 'widget file refused')
      return reply.code(404).send(errors.routeNotFound(request.method, request.url.split('?')[0]!.slice(0, 200)).toJSON())
    })
    await scope.register(fastifyStatic, {
      root,
      prefix: '/ui/',
      index: false,
      allowedPath: (pathName: string) => !(production && pathName.endsWith('.map')) && !pathName.endsWith('.html')
    })
  })
  const page = await readFile(path.join(root, 'index.html'), 'utf8')
  // `/prefix` and `/prefix/` both answer; without the slash, relative addresses would miss the prefix.
  fastify.get('/', { schema: { hide: true } }, async (request, reply) => {
    const [pathname] = request.url.split('?') as [string]
    if (!pathname.endsWith('/')) return await reply.redirect(`${pathname}/`, 301)
    return await reply.type('text/html; charset=utf-8').send(page)
  })
}
