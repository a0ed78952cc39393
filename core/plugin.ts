/**
 * `integration-hub/plugin`: everything a plugin imports, and nothing of the hub's inside.
 */
export * from './contract/contract.js'
export * from './contract/reply.js'
export type { TestResult } from './contract/results.js'
