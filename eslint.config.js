// Lint: neostandard (JavaScript Standard Style, as Fastify's own repositories use it), TypeScript included;
// core/api/openapi.ts is generated (`npm run generate:api`), in openapi-typescript's style.
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'data/**', 'coverage/**', 'examples/*/dist/**', 'clients/*/dist/**', 'core/api/openapi.ts'] }),
  {
    rules: {
      // `void promise` says a promise is left to run on purpose (what no-floating-promises asks for).
      'no-void': ['error', { allowAsStatement: true }]
    }
  }
]
