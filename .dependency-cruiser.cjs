/**
 * The import rules of the rooms (README, "Architecture"), checked in CI by `npm run lint`.
 * Type-only imports count too: a room that needs another's types depends on it.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycle anywhere: every room can be read, tested and replaced from the bottom up.',
      from: {},
      to: { circular: true }
    },
    {
      name: 'contract-is-the-sdk',
      severity: 'error',
      comment: 'core/contract/ is what plugins build on: it imports nothing else of the hub.',
      from: { path: '^core/contract/' },
      to: { path: '^(core|plugins|ui|examples)/', pathNot: '^core/contract/' }
    },
    {
      name: 'api-is-wire-types',
      severity: 'error',
      comment: 'core/api/ is the JSON of the HTTP API: it may name contract types, nothing else.',
      from: { path: '^core/api/' },
      to: { path: '^(core|plugins|ui)/', pathNot: '^core/(api|contract)/' }
    },
    {
      name: 'client-is-the-wire-types',
      severity: 'error',
      comment: 'core/client/ (`integration-hub/client`) runs in a host backend: it takes only the wire types from the hub.',
      from: { path: '^core/client/' },
      to: { path: '^(core|plugins|ui)/', pathNot: '^core/(api|client)/' }
    },
    {
      name: 'plugins-use-the-public-sdk',
      severity: 'error',
      comment: 'plugins/ and examples/ import the hub only as `integration-hub/plugin`, never its files.',
      from: { path: '^(plugins|examples)/' },
      to: { path: '^(core|ui)/', pathNot: '^core/(plugin\\.ts|contract/)' }
    },
    {
      name: 'plugins-stay-in-their-folder',
      severity: 'error',
      comment: 'A plugin is one folder: it does not reach into another plugin.',
      from: { path: '^plugins/([^/]+)/' },
      to: { path: '^plugins/', pathNot: '^plugins/$1/' }
    },
    {
      name: 'lower-rooms-never-import-http',
      severity: 'error',
      comment: 'Everything below the web layer works without it: the `hub` command runs it with no server at all.',
      from: { path: '^core/(storage|security|runtime|integrations|workspaces|jobs|webhooks|health|metrics|provisioning)/' },
      to: { path: '^core/(http|sso|standalone)/' }
    },
    {
      name: 'sso-is-below-the-web-layer',
      severity: 'error',
      comment: 'Single sign-on brings its own routes, but the web layer registers them: sso/ imports neither http/ nor the assembly above it.',
      from: { path: '^core/sso/' },
      to: { path: '^core/(http|hub|provisioning|standalone)/' }
    },
    {
      name: 'the-core-assembly-is-no-server',
      severity: 'error',
      comment: 'hub/ assembles the rooms without a web layer (single sign-on’s definition included), for the server and the `hub` command alike.',
      from: { path: '^core/hub/' },
      to: { path: '^core/(http|standalone)/' }
    },
    {
      name: 'storage-is-the-floor',
      severity: 'error',
      comment: 'The stores know nothing of what is stored in them.',
      from: { path: '^core/storage/' },
      to: { path: '^core/', pathNot: '^core/(storage/|errors\\.ts)' }
    },
    {
      name: 'only-standalone-is-the-process',
      severity: 'error',
      comment: 'Nothing imports the standalone server (environment, main, CLI) but the package entry.',
      from: { path: '^core/', pathNot: '^core/(standalone/|index\\.ts)' },
      to: { path: '^core/standalone/' }
    },
    {
      name: 'ui-imports-only-contract-and-api',
      severity: 'error',
      comment: 'The browser bundle takes only the contract and the wire types from the core.',
      from: { path: '^ui/' },
      to: { path: '^(core|plugins)/', pathNot: '^core/(api|contract)/' }
    },
    {
      name: 'nothing-imports-tests',
      severity: 'error',
      from: { path: '^(core|plugins|ui|examples)/' },
      to: { path: '^(test|bench)/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)dist/|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['integration-hub-source', 'import', 'types', 'default'], extensions: ['.ts', '.js'] }
  }
}
