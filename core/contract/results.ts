/**
 * What a connection test reports to the admin: the body of `POST …/test` and the `test` member of a
 * refused Save.
 */
import type { FieldError, StepResult } from './contract.js'

export interface TestResult {
  ok: boolean
  code?: string
  message: string
  detail?: string
  /** The setting the failure concerns. */
  field?: string
  /** The form fields to mark: what the remote reported, or else the setting above. */
  fields?: FieldError[]
  steps: StepResult[]
  durationMs: number
  /** What the connection relies on that ends, and when (earliest first), as the plugin reported it. */
  expires?: Array<{ what: string, at: string }>
}
