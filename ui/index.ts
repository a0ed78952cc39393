/**
 * The bundle served at `/ui/integration-hub.js`: defines `<integration-hub>` and
 * `<integration-hub-form>`, and runs the admin page when it finds `<main id="hub-admin">`.
 */
import { mountAdminPage } from './admin-page.js'

export { IntegrationHub } from './integration-hub.js'
export { IntegrationHubForm } from './integration-hub-form.js'
export { ApiError, HubApiClient } from './api-client.js'
export type { FieldError, IntegrationDetail, IntegrationSummary, JsonSchema, Principal, TestResult } from './api-client.js'
export type { HubEventMap } from './events.js'
export { defaultStrings, type HubStrings } from './strings.js'
export { mountAdminPage }

const adminRoot = document.getElementById('hub-admin')
if (adminRoot) mountAdminPage(adminRoot)
