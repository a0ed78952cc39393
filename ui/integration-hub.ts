import { LitElement, css, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { unsafeSVG } from 'lit/directives/unsafe-svg.js'
import {
  ApiError, HubApiClient,
  type FieldError, type IntegrationDetail, type IntegrationSummary, type StepResult, type TestResult
} from './api-client.js'
import { emit } from './events.js'
import './integration-hub-form.js'
import type { IntegrationHubForm } from './integration-hub-form.js'
import { defaultStrings, format, type HubStrings } from './strings.js'
import { controls, tokens } from './theme.js'

type Theme = 'light' | 'dark' | 'auto'
type Busy = 'load' | 'save' | 'test' | 'delete'

interface Alert {
  message: string
  detail?: string | undefined
  /** A version conflict: offer to reload. */
  conflict?: boolean
  /** A Save or Update refused because its connection test failed: offer to store it anyway. */
  saveAnyway?: boolean
}

/** Parts of the nested form, re-exported so `integration-hub::part(input)` reaches them. */
const FORM_PARTS = 'form, field, label, input, switch, help, field-error, fieldset, tabs, tab, tabpanel, summary, button'

/**
 * The settings widget: the list of integrations with their status and, per integration, a dialog with
 * its form (drawn from the plugin's JSON Schema), Save / Edit → Update / Cancel, Test connection and
 * Delete, a confirmation in a status region and the server's message in an alert.
 *
 * @event integration-saved - `{ id, created }`: a config was stored (`created` on the first Save).
 * @event integration-deleted - `{ id }`: a config was removed.
 * @event integration-tested - `{ id, result }`: a connection test finished.
 * @event integration-unauthorized - `{ message }`: the hub answered 401 (session ended, token no longer valid).
 *
 * @csspart list - The list of integrations.
 * @csspart item - One integration in the list.
 * @csspart item-button - The button that opens an integration's dialog.
 * @csspart icon - An integration's icon.
 * @csspart badge - An integration's status in the list.
 * @csspart dialog - The integration's dialog.
 * @csspart button - Any button (also inside the form).
 * @csspart button-primary - Save, Edit and Update.
 * @csspart status - Confirmation messages (`role="status"`).
 * @csspart alert - Failure messages (`role="alert"`).
 * @csspart steps - The connection test's check list.
 * @csspart form - The form; its fields expose the parts of `<integration-hub-form>`
 *   (field, label, input, switch, help, field-error, fieldset, tabs, tab, tabpanel, summary).
 *
 * @cssproperty --ih-color-background - Background of the widget, the dialog and inputs.
 * @cssproperty --ih-color-surface - Background of list items, buttons and panels.
 * @cssproperty --ih-color-text - Text colour.
 * @cssproperty --ih-color-muted - Secondary text.
 * @cssproperty --ih-color-border - Borders.
 * @cssproperty --ih-color-accent - Primary buttons, selected tab, links.
 * @cssproperty --ih-color-on-accent - Text on the accent colour.
 * @cssproperty --ih-color-danger - Alerts, failed steps, Delete.
 * @cssproperty --ih-color-success - Confirmations, passed steps, "Connected".
 * @cssproperty --ih-color-focus - Focus ring.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-space - Base spacing.
 * @cssproperty --ih-font-family - Font family.
 * @cssproperty --ih-font-size - Base font size.
 * @cssproperty --ih-dialog-width - Width of the dialog (default `min(40rem, 100vw - 2rem)`).
 */
@customElement('integration-hub')
export class IntegrationHub extends LitElement {
  static override styles = [tokens, controls, css`
    :host { background: var(--_bg); }
    .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.6rem; }
    .item {
      width: 100%; text-align: start; display: grid; grid-template-columns: 2.5rem 1fr auto; align-items: center;
      gap: 0.25rem 0.9rem; padding: 0.8rem var(--_space); background: var(--_surface); font-weight: normal;
    }
    .icon { width: 2.5rem; height: 2.5rem; display: grid; place-items: center; border-radius: var(--_radius); background: var(--_bg); color: var(--_accent); font-weight: 700; font-size: 1.2rem; }
    .icon svg { width: 1.75rem; height: 1.75rem; }
    .name { font-weight: 600; display: block; }
    .description { color: var(--_muted); font-size: 0.875em; display: block; }
    .badge { font-size: 0.8125em; padding: 0.15em 0.7em; border-radius: 1em; border: 1px solid currentColor; white-space: nowrap; color: var(--_muted); }
    .badge.ok { color: var(--_success); }
    .badge.failed { color: var(--_danger); }
    dialog {
      width: var(--ih-dialog-width, min(40rem, 100vw - 2rem)); max-height: calc(100dvh - 2rem);
      padding: 0; border: 1px solid var(--_border); border-radius: calc(var(--_radius) * 1.5);
      background: var(--_bg); color: var(--_text); box-shadow: 0 12px 40px rgb(0 0 0 / 0.3);
    }
    dialog::backdrop { background: rgb(10 12 16 / 0.55); }
    .dialog { display: grid; gap: var(--_space); padding: calc(var(--_space) * 1.25); }
    header { display: flex; align-items: center; gap: 0.75rem; }
    h2 { margin: 0; font-size: 1.25rem; flex: 1; }
    h3 { margin: 0 0 0.4rem; font-size: 1rem; }
    header p { margin: 0; }
    .lead { margin: 0; color: var(--_muted); }
    .status:not(:empty) { color: var(--_success); font-weight: 600; padding: 0.6rem 0.8rem; border-radius: var(--_radius); border: 1px solid currentColor; }
    .status:not(:empty)::before { content: '✓ '; }
    .alert:not(:empty) {
      display: grid; gap: 0.25rem; padding: 0.6rem 0.8rem; border-radius: var(--_radius);
      border: 1px solid var(--_danger); border-inline-start-width: 4px; background: color-mix(in srgb, var(--_danger) 8%, var(--_bg));
    }
    .alert strong { color: var(--_danger); }
    .alert small { font-size: 0.875em; }
    .alert button { justify-self: start; }
    .steps { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.3rem; }
    .steps li { display: flex; gap: 0.5rem; align-items: baseline; }
    .steps .mark { font-weight: 700; width: 1.2em; }
    .steps .ok .mark { color: var(--_success); }
    .steps .failed .mark { color: var(--_danger); }
    .steps .ms { margin-inline-start: auto; color: var(--_muted); font-variant-numeric: tabular-nums; font-size: 0.875em; }
    .panel { padding: 0.8rem var(--_space); border: 1px solid var(--_border); border-radius: var(--_radius); background: var(--_surface); }
    .confirm { display: grid; gap: 0.6rem; border-color: var(--_danger); }
    .confirm p { margin: 0; }
    .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }
    .dialog > .actions {
      position: sticky; bottom: 0; background: var(--_bg);
      margin: 0 calc(var(--_space) * -1.25) calc(var(--_space) * -1.25); padding: 0.75rem calc(var(--_space) * 1.25);
      border-top: 1px solid var(--_border);
    }
    .messages { display: grid; gap: 0.5rem; }
    /* Both live regions stay in the page when empty (so they announce); only their space goes. */
    .messages:not(:has(> :not(:empty))) { margin-block-end: calc(var(--_space) * -1); }
    .spacer { flex: 1; }
    .close { padding: 0.3em 0.6em; }
    [aria-disabled='true'] { opacity: 0.6; cursor: progress; }
    .muted { color: var(--_muted); }
    .note { margin: 0; color: var(--_danger); font-size: 0.875em; }
  `]

  /** Origin (and path prefix) of the hub's API; '' (the default) is the page's own origin. */
  @property({ attribute: 'api-base' }) apiBase = ''

  /** Admin bearer token, for a page on another origin; without one the session cookie is used. */
  @property({ attribute: 'token' }) token = ''

  /** Returns the bearer token before each request (takes precedence over `token`). */
  @property({ attribute: false }) getToken?: () => string | Promise<string>

  /** Colour scheme: `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true, attribute: 'theme' }) theme: Theme = 'auto'

  /** UI texts; any subset of `defaultStrings` overrides the English defaults. */
  @property({ attribute: false }) strings: Partial<HubStrings> = {}

  @state() private _integrations: IntegrationSummary[] | undefined
  @state() private _listAlert: Alert | undefined
  @state() private _listStatus = ''
  @state() private _open: IntegrationSummary | undefined
  @state() private _detail: IntegrationDetail | undefined
  @state() private _editing = false
  @state() private _busy: Busy | undefined
  @state() private _confirmingDelete = false
  @state() private _status = ''
  @state() private _alert: Alert | undefined
  @state() private _fieldErrors: FieldError[] = []
  @state() private _test: TestResult | undefined

  @query('dialog') private _dialog!: HTMLDialogElement
  @query('integration-hub-form') private _form!: IntegrationHubForm | null

  /** Bumped on every open, so answers for a dialog that was closed meanwhile are ignored. */
  #session = 0

  /** Loads the list of integrations again. */
  async reload (): Promise<void> {
    try {
      const { integrations } = await this.#client().listIntegrations()
      this._integrations = integrations
      this._listAlert = undefined
    } catch (error) {
      this._listAlert = this.#alertFor(error, this.#t.loadFailed)
      this.#reportUnauthorized(error)
    }
  }

  protected override updated (changed: PropertyValues<this>): void {
    if (changed.has('apiBase') || changed.has('token') || changed.has('getToken')) void this.reload()
  }

  get #t (): HubStrings {
    return { ...defaultStrings, ...this.strings }
  }

  #client (): HubApiClient {
    const token = this.getToken ?? (this.token ? () => this.token : undefined)
    return new HubApiClient({ base: this.apiBase, ...(token ? { token } : {}) })
  }

  override render (): TemplateResult {
    const t = this.#t
    return html`
      <div role="status" part="status" class="status">${this._listStatus || nothing}</div>
      <div role="alert" part="alert" class="alert">${this._listAlert
        ? html`<strong>${this._listAlert.message}</strong>${this._listAlert.detail ? html`<small>${this._listAlert.detail}</small>` : nothing}
          <button type="button" part="button" @click=${() => this.reload()}>${t.retry}</button>`
        : nothing}</div>
      ${this._integrations
        ? html`<ul class="list" part="list" aria-label=${t.listLabel}>${this._integrations.map(item => this.#item(item))}</ul>`
        : this._listAlert ? nothing : html`<p class="muted">${t.loading}</p>`}
      <dialog part="dialog" aria-labelledby="dialog-title" @close=${this.#onClose}>${this._open ? this.#dialog(this._open) : nothing}</dialog>`
  }

  #item (item: IntegrationSummary): TemplateResult {
    const t = this.#t
    const [kind, text, at] = !item.configured
      ? ['none', t.notConfigured, null]
      : item.lastTest && !item.lastTest.ok
        ? ['failed', t.lastTestFailed, item.lastTest.at]
        : ['ok', t.connected, item.lastTest?.at ?? item.updatedAt]
    return html`<li part="item">
      <button type="button" class="item" part="item-button" id=${`item-${item.id}`} aria-haspopup="dialog"
        @click=${() => this.#openDialog(item)}>
        ${icon(item)}
        <span><span class="name">${item.name}</span>
          <span class="description">${item.description}</span></span>
        <span class=${`badge ${kind}`} part="badge">${text}${at
          ? html` · <time datetime=${at}>${relativeTime(at, t.locale)}</time>` : nothing}</span>
      </button>
    </li>`
  }

  #dialog (summary: IntegrationSummary): TemplateResult {
    const t = this.#t
    const detail = this._detail
    const alert = this._alert
    return html`<div class="dialog">
      <header>
        ${icon(summary)}
        <h2 id="dialog-title">${summary.name}</h2>
        <button type="button" class="close" part="button" aria-label=${t.close} @click=${() => this._dialog.close()}>✕</button>
      </header>
      <p class="lead">${summary.description}</p>
      ${detail?.lastTest && !detail.lastTest.ok && !this._test && !this._alert
        ? html`<p class="note">${format(t.lastTestFailedAt, { time: relativeTime(detail.lastTest.at, t.locale), message: detail.lastTest.message })}</p>`
        : nothing}
      <div class="messages">
      <div role="status" part="status" class="status">${this._status || nothing}</div>
      <div role="alert" part="alert" class="alert">${alert
        ? html`<strong>${alert.message}</strong>${alert.detail ? html`<small>${alert.detail}</small>` : nothing}${alert.conflict
          ? html`<button type="button" part="button" @click=${() => this.#load()}>${t.reload}</button>` : nothing}${alert.saveAnyway
          ? html`<button type="button" part="button" class="danger" aria-disabled=${this._busy ? 'true' : 'false'}
              @click=${() => { if (!this._busy) void this.#save(true) }}>${t.saveAnyway}</button>` : nothing}`
        : nothing}</div>
      </div>
      ${detail
        ? html`<integration-hub-form exportparts=${FORM_PARTS} theme=${this.theme} .strings=${this.strings}
            .schema=${detail.schema} .value=${detail.config} .secretsSet=${detail.secretsSet} .errors=${this._fieldErrors}
            ?readonly=${detail.configured && !this._editing}></integration-hub-form>`
        : html`<p class="muted" aria-busy="true">${t.loading}</p>`}
      ${this.#testResult()}
      ${detail ? this._confirmingDelete ? this.#confirmDelete(summary) : this.#actions(detail) : nothing}
    </div>`
  }

  #testResult (): unknown {
    const test = this._test
    if (!test || test.steps.length === 0) return nothing
    const t = this.#t
    return html`<section class="panel" aria-labelledby="steps-title">
      <h3 id="steps-title">${t.testStepsLabel}</h3>
      <ol class="steps" part="steps">${test.steps.map(step => html`<li class=${step.ok ? 'ok' : 'failed'}>
        <span class="mark" aria-hidden="true">${step.ok ? '✓' : '✗'}</span>
        <span>${step.label}<span class="visually-hidden">: ${step.ok ? t.stepPassed : t.stepFailed}</span></span>
        <span class="ms">${format(t.milliseconds, { ms: Math.round(step.durationMs) })}</span>
      </li>`)}</ol>
    </section>`
  }

  #confirmDelete (summary: IntegrationSummary): TemplateResult {
    const t = this.#t
    return html`<div class="panel confirm" role="group" aria-labelledby="confirm-question">
      <p id="confirm-question">${format(t.confirmDeleteQuestion, { name: summary.name })}</p>
      <div class="actions">
        <button type="button" part="button" class="danger primary" aria-busy=${this._busy === 'delete' ? 'true' : 'false'}
          aria-disabled=${this._busy ? 'true' : 'false'} @click=${() => this.#delete()}>${t.confirmDelete}</button>
        <button type="button" part="button" id="confirm-cancel" aria-disabled=${this._busy ? 'true' : 'false'}
          @click=${() => this.#setConfirming(false)}>${t.cancel}</button>
      </div>
    </div>`
  }

  /** The primary button is one element in every mode (Save, Edit, Update), so focus stays on it. */
  #actions (detail: IntegrationDetail): TemplateResult {
    const t = this.#t
    const viewing = detail.configured && !this._editing
    const button = (label: string, busy: Busy | undefined, onClick: () => void, className = '', id = ''): TemplateResult =>
      html`<button type="button" part=${className.includes('primary') ? 'button button-primary' : 'button'} class=${className} id=${id || nothing}
        aria-busy=${busy && this._busy === busy ? 'true' : 'false'} aria-disabled=${this._busy ? 'true' : 'false'}
        @click=${() => { if (!this._busy) onClick() }}>${label}</button>`
    return html`<div class="actions">
      ${viewing ? button(t.delete, undefined, () => this.#setConfirming(true), 'danger', 'delete') : nothing}
      <span class="spacer"></span>
      ${button(t.testConnection, 'test', () => void this.#test())}
      ${this._editing ? button(t.cancel, undefined, () => this.#cancelEdit()) : nothing}
      ${button(viewing ? t.edit : detail.configured ? t.update : t.save, 'save', () => viewing ? this.#edit() : void this.#save(), 'primary')}
    </div>`
  }

  async #openDialog (summary: IntegrationSummary): Promise<void> {
    this.#session++
    this._open = summary
    this._detail = undefined
    this._editing = false
    this._confirmingDelete = false
    this.#clearMessages()
    this._listStatus = ''
    await this.updateComplete
    if (!this._dialog.open) this._dialog.showModal()
    await this.#load()
  }

  async #load (): Promise<void> {
    const id = this._open?.id
    if (id === undefined) return
    await this.#run('load', async () => {
      this._detail = await this.#client().getIntegration(id)
      this._editing = false
    })
  }

  #onClose (): void {
    const id = this._open?.id
    this.#session++
    this._open = undefined
    this._detail = undefined
    this._busy = undefined
    if (id !== undefined) this.renderRoot.querySelector<HTMLElement>(`#item-${CSS.escape(id)}`)?.focus()
  }

  #edit (): void {
    this.#clearMessages()
    this._editing = true
    void this.updateComplete.then(() => this._form?.focusFirstField())
  }

  #cancelEdit (): void {
    this.#clearMessages()
    this._editing = false
    this._form?.reset()
  }

  #setConfirming (confirming: boolean): void {
    this._confirmingDelete = confirming
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(confirming ? '#confirm-cancel' : '#delete')?.focus())
  }

  /** Save or Update; `force` stores the settings even though their connection test fails. */
  async #save (force = false): Promise<void> {
    const detail = this._detail
    const form = this._form
    if (!detail || !form) return
    await this.#run('save', async () => {
      const { created, integration } = await this.#client().saveIntegration(detail.id, form.value, detail.configured ? detail.version : undefined, { force })
      const t = this.#t
      this._detail = integration
      this._editing = false
      this._status = format(integration.lastTest?.ok === false ? t.savedDespiteFailedTest : created ? t.configuredSuccessfully : t.updatedSuccessfully, { name: integration.name })
      emit(this, 'integration-saved', { id: detail.id, created })
      // Save anyway sat in the alert, which is gone now: focus goes to where the admin goes next (Edit).
      if (force) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.dialog > .actions > .primary')?.focus())
    })
  }

  async #test (): Promise<void> {
    const detail = this._detail
    if (!detail) return
    const draft = detail.configured && !this._editing ? undefined : this._form?.value
    this._test = undefined
    await this.#run('test', async () => {
      const steps: StepResult[] = []
      const result = await this.#client().testIntegration(detail.id, draft, step => {
        steps.push(step)
        this._test = { ok: false, message: '', steps: [...steps], durationMs: 0 }
      })
      this._test = result
      if (result.ok) {
        this._status = this.#t.testPassed
      } else {
        this._alert = { message: result.message, detail: result.detail }
        this.#markFields(result.field ? [{ field: result.field, message: result.message }] : [])
      }
      emit(this, 'integration-tested', { id: detail.id, result })
    })
  }

  async #delete (): Promise<void> {
    const detail = this._detail
    if (!detail) return
    await this.#run('delete', async () => {
      await this.#client().deleteIntegration(detail.id)
      this._dialog.close()
      this._listStatus = format(this.#t.deleted, { name: detail.name })
      emit(this, 'integration-deleted', { id: detail.id })
    })
  }

  /** Runs one request with a busy state; failures become the alert (and field errors). */
  async #run (busy: Busy, request: () => Promise<void>): Promise<void> {
    const session = this.#session
    this._busy = busy
    this.#clearMessages()
    try {
      await request()
    } catch (error) {
      if (session !== this.#session) return
      this._alert = this.#alertFor(error, this.#t.unexpectedError)
      this.#reportUnauthorized(error)
      if (error instanceof ApiError) {
        const { fields, test } = error.body
        if (test) this._test = test
        if (busy === 'save' && error.body.error === 'HUB_ERR_TEST_FAILED') this._alert.saveAnyway = true
        this.#markFields(fields?.length ? fields : test?.field ? [{ field: test.field, message: error.body.message }] : [])
      }
    } finally {
      if (session === this.#session) this._busy = undefined
    }
    if (busy !== 'load') void this.reload()
  }

  #alertFor (error: unknown, fallback: string): Alert {
    const t = this.#t
    if (!(error instanceof ApiError)) return { message: fallback }
    if (error.status === 0) return { message: t.networkError, detail: t.networkErrorDetail }
    if (error.status === 401) return { message: t.sessionEnded, detail: t.sessionEndedDetail }
    if (error.status === 409) return { message: t.versionConflict, detail: t.versionConflictDetail, conflict: true }
    return { message: error.body.message, detail: error.body.detail }
  }

  /** Tells the page (which may sign the admin in again, or fetch a fresh token) that the hub said 401. */
  #reportUnauthorized (error: unknown): void {
    if (error instanceof ApiError && error.status === 401) emit(this, 'integration-unauthorized', { message: error.body.message })
  }

  #markFields (fields: FieldError[]): void {
    this._fieldErrors = fields
    if (fields.length > 0) void this.updateComplete.then(() => this._form?.focusFirstInvalid())
  }

  #clearMessages (): void {
    this._status = ''
    this._alert = undefined
    this._fieldErrors = []
    this._test = undefined
  }
}

/** The plugin's inline SVG (installed code, not user input), or its initial. */
function icon (item: IntegrationSummary): TemplateResult {
  const svg = item.icon?.trim()
  return html`<span class="icon" part="icon" aria-hidden="true">${svg?.startsWith('<svg') ? unsafeSVG(svg) : item.name.charAt(0)}</span>`
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 31_536_000], ['month', 2_592_000], ['week', 604_800], ['day', 86_400], ['hour', 3600], ['minute', 60]
]

/** "5 minutes ago", in the strings' locale. */
export function relativeTime (iso: string, locale: string, now = Date.now()): string {
  const seconds = (Date.parse(iso) - now) / 1000
  const formatter = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1]
  return formatter.format(Math.round(seconds / size), unit)
}

declare global {
  interface HTMLElementTagNameMap {
    'integration-hub': IntegrationHub
  }
}
