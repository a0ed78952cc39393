/**
 * The components (`ui/integration-hub.js`, what a host page embeds): defines `<integration-hub>`,
 * `<integration-hub-form>` and `<integration-hub-connections>`, and exports their classes, the API
 * client, the event map and the texts. Importing it does nothing else.
 */
export { IntegrationHub } from './integration-hub/integration-hub.js'
export { IntegrationHubForm, type ChoicesLoader } from './integration-hub-form/integration-hub-form.js'
export { IntegrationHubConnections } from './integration-hub-connections/integration-hub-connections.js'
export { ApiError, HubApiClient, type ApiClientOptions, type Caller, type SignedIn, type TokenSource } from './internal/api-client.js'
export type {
  ConnectionSummary, FieldError, IntegrationDetail, IntegrationSummary, JsonSchema, StepResult, TestResult
} from './internal/api-client.js'
export type { HubEventMap } from './internal/events.js'
export { defaultStrings, type HubStrings } from './internal/strings.js'
