/**
 * The hub as a library: the Fastify plugin for host apps, the standalone app factory, and the
 * plugin contract (also available on its own as `integration-hub/plugin`).
 */
export { default as integrationHub, type IntegrationHubOptions, type HubContext } from './hub.js'
export { buildApp } from './app.js'
export { readSettings, type HubSettings } from './settings.js'
export type { Actor, Authorize } from './auth.js'
export type { Frozen, HubStore, LogEntry, UpdateOptions } from './store.js'
export { HubError, errors, errorStatus, type HubErrorCode } from './errors.js'
export * from './contract.js'
