/**
 * The hub as a library: the Fastify plugin for host apps, the standalone app factory, and the
 * plugin contract (also available on its own as `integration-hub/plugin`).
 */
export { default as integrationHub, type IntegrationHubOptions, type HubContext } from './http/hub.js'
export { buildApp } from './standalone/app.js'
export { readSettings, type HubSettings } from './standalone/settings.js'
export type { Actor, Authorize } from './http/authenticate.js'
export type { Frozen, HubStore, LogEntry, UpdateOptions } from './storage/store.js'
export { HubError, errors, errorStatus, type HubErrorCode } from './errors.js'
export * from './contract/contract.js'
