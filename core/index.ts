/**
 * The hub as a library: the Fastify plugin for host apps, the standalone app factory, and the
 * plugin contract (also available on its own as `integration-hub/plugin`).
 */
export { default as integrationHub } from './http/hub.js'
export type { IntegrationHubOptions } from './http/options.js'
export { buildApp } from './standalone/app.js'
export { readSettings, type HubSettings } from './standalone/settings.js'
export type { Authorize, HostGrant } from './http/authenticate.js'
export type { Frozen, HubStore, LogEntry, UpdateOptions } from './storage/store.js'
export { HubError, errors, errorStatus, type HubErrorCode } from './errors.js'
export type * from './api/types.js'
export * from './contract/contract.js'
