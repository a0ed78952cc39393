import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { customElement, property, query, state } from 'lit/decorators.js'
import { DEFAULT_CONNECTION } from '../../core/contract/names.js'
import '../integration-hub-connections/integration-hub-connections.js'
import '../integration-hub-form/integration-hub-form.js'
import type { ChoicesLoader, IntegrationHubForm } from '../integration-hub-form/integration-hub-form.js'
import {
  ApiError, HubApiClient,
  type Caller, type ConnectionSummary, type FieldError, type IntegrationDetail, type IntegrationSummary, type StepResult, type TestResult, type TestStatus
} from '../internal/api-client.js'
import { emit, type HubEventMap } from '../internal/events.js'
import { choicesFrom } from '../internal/schema-model.js'
import { defaultStrings, format, relativeTime, type HubStrings } from '../internal/strings.js'
import { controls, tokens } from '../internal/theme.js'
import styles from './integration-hub.styles.js'

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

/** Parts of the nested elements, re-exported so `integration-hub::part(input)` reaches them. */
const FORM_PARTS = 'form, field, label, input, switch, help, field-error, secret-note, fieldset, tabs, tab, tabpanel, summary, button'
const CONNECTIONS_PARTS = 'connections, connection, button, input, field-error'

/**
 * The settings widget: the list of integrations with their status and, per integration, a dialog with
 * its form (drawn from the plugin's JSON Schema), Save / Edit → Update / Cancel, Test connection and
 * Delete, a confirmation in a status region and the server's message in an alert. An integration may
 * have several connections: the dialog lists them when there is more than one, and "Add another
 * connection" names a new one. A viewer (`GET /api/me` says `role: 'viewer'`) sees a read-only summary.
 *
 * @event integration-saved - `{ id, connection, created }`: settings were stored (`created` on the first Save).
 * @event integration-deleted - `{ id, connection }`: settings were removed.
 * @event integration-tested - `{ id, connection, result }`: a connection test finished.
 * @event integration-unauthorized - `{ message, code, retrying }`: the hub answered 401; `retrying` when
 *   the token expired or was revoked and `getToken()` is asked for a new one.
 * @event integration-connection-select - `{ name, created }`: the admin picked a connection or named a new one.
 *
 * @csspart list - The list of integrations.
 * @csspart item - One integration in the list.
 * @csspart item-button - The button that opens an integration's dialog.
 * @csspart icon - An integration's icon (an `<img>` of the plugin's SVG, or its initial).
 * @csspart badge - An integration's status in the list.
 * @csspart dialog - The integration's dialog.
 * @csspart button - Any button (also inside the form and the connection list).
 * @csspart button-primary - Save, Edit, Update and Continue.
 * @csspart status - Confirmation messages (`role="status"`).
 * @csspart alert - Failure messages (`role="alert"`).
 * @csspart steps - The connection test's check list.
 * @csspart connections - The list of an integration's connections.
 * @csspart connection - One connection in it.
 * @csspart form - The form; its fields expose the parts of `<integration-hub-form>`
 *   (field, label, input, switch, help, field-error, secret-note, fieldset, tabs, tab, tabpanel, summary).
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
 * @cssproperty --ih-color-icon-background - The tile behind each icon (light in both schemes: icons are images).
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-space - Base spacing.
 * @cssproperty --ih-font-family - Font family.
 * @cssproperty --ih-font-size - Base font size.
 * @cssproperty --ih-dialog-width - Width of the dialog (default `min(40rem, 100vw - 2rem)`).
 */
@customElement('integration-hub')
export class IntegrationHub extends LitElement {
  static override styles = [tokens, controls, styles]

  /** Origin (and path prefix) of the hub's API; '' (the default) is the page's own origin. */
  @property({ attribute: 'api-base' }) apiBase = ''

  /** A bearer token, for a page on another origin; without one (and without `getToken`) the session cookie is used. */
  @property({ attribute: 'token' }) token = ''

  /**
   * Hands out the bearer token (wins over `token`). Asked once, and again — with that one request
   * sent again — when the hub says the token expired or was revoked.
   */
  @property({ attribute: false }) getToken?: () => string | Promise<string>

  /** Colour scheme: `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true, attribute: 'theme' }) theme: Theme = 'auto'

  /** UI texts; any subset of `defaultStrings` overrides the English defaults. */
  @property({ attribute: false }) strings: Partial<HubStrings> = {}

  @state() private _integrations: IntegrationSummary[] | undefined
  @state() private _caller: Caller | undefined
  @state() private _listAlert: Alert | undefined
  @state() private _listStatus = ''
  @state() private _open: IntegrationSummary | undefined
  @state() private _connections: ConnectionSummary[] = []
  @state() private _connection = DEFAULT_CONNECTION
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
  #api: HubApiClient | undefined
  /** Runs the `x-choices` actions of the shown connection, once it is stored and its last test passed. */
  #choices: ChoicesLoader | undefined
  #choicesKey = ''

  /** Asks the hub again who the caller is and loads the list of integrations. */
  async reload (): Promise<void> {
    await Promise.all([this.#loadCaller(), this.#loadList()])
  }

  protected override willUpdate (changed: PropertyValues<this>): void {
    if (changed.has('apiBase') || changed.has('token') || changed.has('getToken')) {
      this.#api = undefined
      this._caller = undefined
    }
    // A new loader — another connection or version shown, a new test, another role — asks for the choices again.
    const detail = this._detail
    const key = detail ? [detail.id, detail.connection, detail.version, this.#lastTestOf(detail)?.at, this.#canChange].join('|') : ''
    if (key !== this.#choicesKey) {
      this.#choicesKey = key
      this.#choices = this.#choicesLoader()
    }
  }

  protected override updated (changed: PropertyValues<this>): void {
    if (changed.has('apiBase') || changed.has('token') || changed.has('getToken')) void this.reload()
  }

  get #t (): HubStrings {
    return { ...defaultStrings, ...this.strings }
  }

  /** Viewers look; everyone else may change, test and add. */
  get #canChange (): boolean {
    return this._caller?.role !== 'viewer'
  }

  get #client (): HubApiClient {
    this.#api ??= new HubApiClient({
      base: this.apiBase,
      token: this.token,
      ...(this.getToken ? { getToken: this.getToken } : {}),
      onUnauthorized: (body, retrying) => emit(this, 'integration-unauthorized', { message: body.message, code: body.error, retrying })
    })
    return this.#api
  }

  async #loadCaller (): Promise<void> {
    try {
      this._caller = await this.#client.caller()
    } catch {
      // The list says what went wrong; without an answer the hub still refuses what the caller may not do.
    }
  }

  async #loadList (): Promise<void> {
    try {
      const { integrations } = await this.#client.listIntegrations()
      this._integrations = integrations
      this._listAlert = undefined
    } catch (error) {
      this._listAlert = this.#alertFor(error, this.#t.loadFailed)
    }
  }

  #choicesLoader (): ChoicesLoader | undefined {
    const detail = this._detail
    if (!detail || !isStored(detail) || this.#lastTestOf(detail)?.ok !== true || !this.#canChange) return undefined
    const { id, connection } = detail
    return async (source, input) => {
      const choices = choicesFrom(source, await this.#client.runAction(id, source.action, input, connection))
      if (choices === undefined) throw new Error(`${source.action} lists no items`)
      return choices
    }
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
      : item.connections > 1
        ? [item.failing > 0 ? 'failed' : 'ok', [format(t.connectionCount, { count: item.connections }), item.failing > 0 ? format(t.failingCount, { count: item.failing }) : ''].filter(Boolean).join(' · '), null]
        : item.lastTest && !item.lastTest.ok
          ? ['failed', t.lastTestFailed, item.lastTest.at]
          : ['ok', t.connected, item.lastTest?.at ?? item.updatedAt]
    return html`<li part="item">
      <button type="button" class="item" part="item-button" id=${`item-${item.id}`} aria-haspopup="dialog"
        @click=${() => this.#openDialog(item)}>
        ${icon(item)}
        <span><span class="name">${item.name}</span>
          <span class="description">${item.description}</span></span>
        <span class=${`badge ${kind}`} part="badge">${text}${at ? html` · <time datetime=${at}>${relativeTime(at, t.locale)}</time>` : nothing}</span>
      </button>
    </li>`
  }

  #dialog (summary: IntegrationSummary): TemplateResult {
    const t = this.#t
    const detail = this._detail
    const alert = this._alert
    const canChange = this.#canChange
    const lastTest = detail && this.#lastTestOf(detail)
    return html`<div class="dialog">
      <header>
        ${icon(summary)}
        <h2 id="dialog-title">${summary.name}</h2>
        <button type="button" class="close" part="button" aria-label=${t.close} @click=${() => this._dialog.close()}>✕</button>
      </header>
      <p class="lead">${summary.description}</p>
      ${canChange ? nothing : html`<p class="note muted">${t.readOnly}</p>`}
      <integration-hub-connections exportparts=${CONNECTIONS_PARTS} .strings=${this.strings} .connections=${this._connections}
        selected=${this._connection} ?can-add=${canChange && detail !== undefined} ?busy=${this._busy !== undefined}
        @integration-connection-select=${(event: CustomEvent<HubEventMap['integration-connection-select']>) => { void this.#selectConnection(event.detail.name) }}>
      </integration-hub-connections>
      ${detail && !isStored(detail) && detail.connection !== DEFAULT_CONNECTION
        ? html`<p class="note muted">${format(t.newConnection, { connection: detail.connection })}</p>`
        : nothing}
      ${lastTest && !lastTest.ok && !this._test && !this._alert
        ? html`<p class="note">${format(t.lastTestFailedAt, { time: relativeTime(lastTest.at, t.locale), message: lastTest.message })}</p>`
        : nothing}
      <div class="messages">
      <div role="status" part="status" class="status">${this._status || nothing}</div>
      <div role="alert" part="alert" class="alert">${alert
        ? html`<strong>${alert.message}</strong>${alert.detail ? html`<small>${alert.detail}</small>` : nothing}${alert.conflict
          ? html`<button type="button" part="button" @click=${() => this.#load()}>${t.reload}</button>`
          : nothing}${alert.saveAnyway && canChange
          ? html`<button type="button" part="button" class="danger" aria-disabled=${this._busy ? 'true' : 'false'}
              @click=${() => { if (!this._busy) void this.#save(true) }}>${t.saveAnyway}</button>`
          : nothing}`
        : nothing}</div>
      </div>
      ${detail
        ? html`<integration-hub-form exportparts=${FORM_PARTS} theme=${this.theme} .strings=${this.strings}
            .schema=${detail.schema} .value=${detail.config} .secretsSet=${detail.secretsSet} .errors=${this._fieldErrors}
            .loadChoices=${this.#choices} ?readonly=${!canChange || (isStored(detail) && !this._editing)}></integration-hub-form>`
        : html`<p class="muted" aria-busy="true">${t.loading}</p>`}
      ${this.#testResult()}
      ${detail && canChange ? this._confirmingDelete ? this.#confirmDelete(detail) : this.#actions(detail) : nothing}
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

  #confirmDelete (detail: IntegrationDetail): TemplateResult {
    const t = this.#t
    return html`<div class="panel confirm" role="group" aria-labelledby="confirm-question">
      <p id="confirm-question">${format(t.confirmDeleteQuestion, { name: this.#nameOf(detail) })}</p>
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
    const viewing = isStored(detail) && !this._editing
    const button = (label: string, busy: Busy | undefined, onClick: () => void, className = '', id = ''): TemplateResult =>
      html`<button type="button" part=${className.includes('primary') ? 'button button-primary' : 'button'} class=${className} id=${id || nothing}
        aria-busy=${busy && this._busy === busy ? 'true' : 'false'} aria-disabled=${this._busy ? 'true' : 'false'}
        @click=${() => { if (!this._busy) onClick() }}>${label}</button>`
    return html`<div class="actions">
      ${viewing ? button(t.delete, undefined, () => this.#setConfirming(true), 'danger', 'delete') : nothing}
      <span class="spacer"></span>
      ${button(t.testConnection, 'test', () => { void this.#test() })}
      ${this._editing ? button(t.cancel, undefined, () => this.#cancelEdit()) : nothing}
      ${button(viewing ? t.edit : isStored(detail) ? t.update : t.save, 'save', () => { if (viewing) this.#edit(); else void this.#save() }, 'primary')}
    </div>`
  }

  /** The connection's own last test (the view's `lastTest` is the integration's, as in the catalog). */
  #lastTestOf (detail: IntegrationDetail): TestStatus | null {
    return this._connections.find(connection => connection.name === detail.connection)?.lastTest ?? null
  }

  /** "SMTP", or "SMTP (backup)" for a connection other than the default one. */
  #nameOf (detail: IntegrationDetail): string {
    return detail.connection === DEFAULT_CONNECTION ? detail.name : format(this.#t.namedConnection, { name: detail.name, connection: detail.connection })
  }

  async #openDialog (summary: IntegrationSummary): Promise<void> {
    this.#session++
    this._open = summary
    this._connections = []
    this._connection = DEFAULT_CONNECTION
    this._detail = undefined
    this._editing = false
    this._confirmingDelete = false
    this.#clearMessages()
    this._listStatus = ''
    await this.updateComplete
    if (!this._dialog.open) this._dialog.showModal()
    await this.#run('load', async () => {
      // The list is asked for even when the catalog says none: the catalog may be older than the dialog.
      const [connections, detail] = await Promise.all([
        this.#client.listConnections(summary.id).then(answer => answer.connections),
        this.#client.getConnection(summary.id, DEFAULT_CONNECTION)
      ])
      this._connections = connections
      // An integration whose only connections are named ones opens on the first of them.
      const first = connections[0]
      this._connection = isStored(detail) || first === undefined ? DEFAULT_CONNECTION : first.name
      this._detail = this._connection === DEFAULT_CONNECTION ? detail : await this.#client.getConnection(summary.id, this._connection)
    })
  }

  async #load (): Promise<void> {
    const id = this._open?.id
    if (id === undefined) return
    await this.#run('load', async () => {
      this._detail = await this.#client.getConnection(id, this._connection)
      this._editing = false
    })
  }

  async #loadConnections (): Promise<void> {
    const id = this._open?.id
    if (id !== undefined) this._connections = (await this.#client.listConnections(id)).connections
  }

  /** Shows another connection, or the empty form of a new one (whose name the list checked). */
  async #selectConnection (name: string): Promise<void> {
    this._connection = name
    this._confirmingDelete = false
    await this.#load()
    if (this._detail && !isStored(this._detail)) void this._form?.focusFirstField()
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
      const { created, integration } = await this.#client.saveConnection(detail.id, detail.connection, form.value, detail.version, { force })
      await this.#loadConnections()
      const t = this.#t
      this._detail = integration
      this._editing = false
      this._status = format(this.#lastTestOf(integration)?.ok === false ? t.savedDespiteFailedTest : created ? t.configuredSuccessfully : t.updatedSuccessfully, { name: this.#nameOf(integration) })
      emit(this, 'integration-saved', { id: detail.id, connection: detail.connection, created })
      // Save anyway sat in the alert, which is gone now: focus goes to where the admin goes next (Edit).
      if (force) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.dialog > .actions > .primary')?.focus())
    })
  }

  async #test (): Promise<void> {
    const detail = this._detail
    if (!detail) return
    const draft = isStored(detail) && !this._editing ? undefined : this._form?.value
    this._test = undefined
    await this.#run('test', async () => {
      const steps: StepResult[] = []
      const result = await this.#client.testConnection(detail.id, detail.connection, draft, step => {
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
      emit(this, 'integration-tested', { id: detail.id, connection: detail.connection, result })
    })
  }

  async #delete (): Promise<void> {
    const detail = this._detail
    if (!detail) return
    await this.#run('delete', async () => {
      await this.#client.deleteConnection(detail.id, detail.connection)
      this._dialog.close()
      this._listStatus = format(this.#t.deleted, { name: this.#nameOf(detail) })
      emit(this, 'integration-deleted', { id: detail.id, connection: detail.connection })
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
      if (error instanceof ApiError) {
        const { fields, test } = error.body
        if (test) this._test = test
        if (busy === 'save' && error.body.error === 'HUB_ERR_TEST_FAILED') this._alert.saveAnyway = true
        if (error.body.error === 'HUB_ERR_READ_ONLY') this.#becomeViewer()
        else this.#markFields(fields?.length ? fields : test?.field ? [{ field: test.field, message: error.body.message }] : [])
      }
    } finally {
      if (session === this.#session) this._busy = undefined
    }
    if (busy !== 'load') void this.#loadList()
  }

  /** The hub refused a change as read-only: the buttons go, and focus moves to the one left, Close. */
  #becomeViewer (): void {
    this._caller = { id: this._caller?.id ?? '', workspace: this._caller?.workspace ?? '', role: 'viewer' }
    this._editing = false
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('.close')?.focus())
  }

  #alertFor (error: unknown, fallback: string): Alert {
    const t = this.#t
    if (!(error instanceof ApiError)) return { message: fallback }
    if (error.status === 0) return { message: t.networkError, detail: t.networkErrorDetail }
    if (error.status === 401) return { message: t.sessionEnded, detail: t.sessionEndedDetail }
    if (error.body.error === 'HUB_ERR_READ_ONLY') return { message: t.readOnlyRefused, detail: t.readOnlyRefusedDetail }
    if (error.status === 409) return { message: t.versionConflict, detail: t.versionConflictDetail, conflict: true }
    return { message: error.body.message, detail: error.body.detail }
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

/** Whether the connection shown has stored settings (the view's `configured` says whether the integration has any). */
function isStored (detail: IntegrationDetail): boolean {
  return detail.version !== null
}

/**
 * The plugin's SVG as an image (a data: URL), never as markup: scripts and event handlers in it
 * cannot run, and it loads nothing. Without one, the integration's initial.
 */
function icon (item: IntegrationSummary): TemplateResult {
  const svg = item.icon?.trim()
  return html`<span class="icon" part="icon" aria-hidden="true">${svg
    ? html`<img alt="" src=${`data:image/svg+xml,${encodeURIComponent(svg)}`}>`
    : item.name.charAt(0)}</span>`
}

declare global {
  interface HTMLElementTagNameMap {
    'integration-hub': IntegrationHub
  }
}
