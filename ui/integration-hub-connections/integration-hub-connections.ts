import { LitElement, html, nothing, type TemplateResult } from 'lit'
import { customElement, property, state } from 'lit/decorators.js'
import { CONNECTION_NAME, DEFAULT_CONNECTION, matches } from '../../core/contract/names.js'
import type { ConnectionSummary } from '../internal/api-client.js'
import { emit } from '../internal/events.js'
import { defaultStrings, format, relativeTime, type HubStrings } from '../internal/strings.js'
import { controls, tokens } from '../internal/theme.js'
import styles from './integration-hub-connections.styles.js'

/**
 * The connections of one integration: when it has several (or the one shown is not `default`), a
 * list to pick one from, each with its name and the outcome of its last test; and an "Add another
 * connection" button that asks for a new connection's name. With only the default connection just
 * the button shows, and with none nothing does.
 *
 * @event integration-connection-select - `{ name, created }`: the admin picked a connection, or named a new one (`created: true`).
 *
 * @csspart connections - The list of connections.
 * @csspart connection - The button of one connection (`aria-current="true"` on the one shown).
 * @csspart button - The Add, Continue and Cancel buttons.
 * @csspart input - The new connection's name.
 * @csspart field-error - Why a name is refused.
 *
 * @cssproperty --ih-color-accent - The connection shown.
 * @cssproperty --ih-color-success - "Connected".
 * @cssproperty --ih-color-danger - "Last test failed", a refused name.
 */
@customElement('integration-hub-connections')
export class IntegrationHubConnections extends LitElement {
  static override styles = [tokens, controls, styles]

  /** The stored connections, as `GET …/connections` lists them. */
  @property({ attribute: false }) connections: ConnectionSummary[] = []

  /** The name of the connection shown (possibly a new one, not stored yet). */
  @property({ attribute: 'selected' }) selected = ''

  /** Whether the admin may add a connection (not a viewer). */
  @property({ type: Boolean, attribute: 'can-add' }) canAdd = false

  /** While a request runs: the buttons are `aria-disabled`. */
  @property({ type: Boolean, attribute: 'busy' }) busy = false

  /** UI texts; any subset of `defaultStrings` overrides the English defaults. */
  @property({ attribute: false }) strings: Partial<HubStrings> = {}

  @state() private _adding = false
  @state() private _error = ''

  get #t (): HubStrings {
    return { ...defaultStrings, ...this.strings }
  }

  override render (): TemplateResult {
    const t = this.#t
    const names = this.connections.map(connection => connection.name)
    const unsaved = this.selected !== '' && !names.includes(this.selected)
    // One connection, the default one, is today's dialog; anything else names the connection shown.
    const listed = this.connections.length + (unsaved ? 1 : 0) > 1 || (this.selected !== DEFAULT_CONNECTION && this.connections.length > 0)
    const adding = this.canAdd && this.connections.length > 0
    if (!listed && !adding) return html``
    return html`<div class="connections">${listed
      ? html`<ul class="list" part="connections" aria-label=${t.connectionsLabel}>
          ${defaultFirst(this.connections).map(connection => this.#connection(connection.name, this.#state(connection)))}
          ${unsaved ? this.#connection(this.selected, html`<span class="state">${t.notConfigured}</span>`) : nothing}
        </ul>`
      : nothing}
      ${adding ? this.#adder() : nothing}</div>`
  }

  /** "Add another connection", or the form that asks for the new one's name. */
  #adder (): TemplateResult {
    if (this._adding) return this.#nameForm()
    return html`<button type="button" part="button" class="add-button" id="add" aria-disabled=${this.busy ? 'true' : 'false'}
      @click=${() => { if (!this.busy) this.#setAdding(true) }}><span aria-hidden="true">+</span> ${this.#t.addConnection}</button>`
  }

  #connection (name: string, status: TemplateResult): TemplateResult {
    return html`<li><button type="button" class="connection" part="connection" aria-current=${name === this.selected ? 'true' : 'false'}
      aria-disabled=${this.busy ? 'true' : 'false'} @click=${() => { if (!this.busy && name !== this.selected) emit(this, 'integration-connection-select', { name, created: false }) }}>
      <span class="name">${name}</span><span class="visually-hidden">, </span>${status}
    </button></li>`
  }

  #state (connection: ConnectionSummary): TemplateResult {
    const t = this.#t
    const test = connection.lastTest
    const [kind, text, at] = test === null ? ['', t.saved, connection.updatedAt] : test.ok ? ['ok', t.connected, test.at] : ['failed', t.lastTestFailed, test.at]
    return html`<span class=${`state ${kind}`}>${text} · <time datetime=${at}>${relativeTime(at, t.locale)}</time></span>`
  }

  #nameForm (): TemplateResult {
    const t = this.#t
    const submit = (event: SubmitEvent): void => {
      event.preventDefault()
      const input = (event.target as HTMLFormElement).elements.namedItem('name') as HTMLInputElement
      const name = input.value.trim()
      this._error = !matches(CONNECTION_NAME, name)
        ? t.connectionNameInvalid
        : this.connections.some(connection => connection.name === name) ? format(t.connectionNameTaken, { connection: name }) : ''
      if (this._error) {
        input.focus()
        return
      }
      this._adding = false
      emit(this, 'integration-connection-select', { name, created: true })
    }
    return html`<form novalidate @submit=${submit}>
      <label for="name">${t.connectionName}</label>
      <input id="name" name="name" part="input" required autocomplete="off" spellcheck="false" maxlength="63"
        aria-invalid=${this._error ? 'true' : 'false'} aria-describedby=${this._error ? 'name-help name-error' : 'name-help'}
        @input=${() => { this._error = '' }}>
      <p class="help" id="name-help">${t.connectionNameHelp}</p>
      ${this._error ? html`<p class="error" part="field-error" id="name-error">${this._error}</p>` : nothing}
      <div class="actions">
        <button type="submit" part="button button-primary" class="primary">${t.continue}</button>
        <button type="button" part="button" @click=${() => this.#setAdding(false)}>${t.cancel}</button>
      </div>
    </form>`
  }

  #setAdding (adding: boolean): void {
    this._adding = adding
    this._error = ''
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(adding ? '#name' : '#add')?.focus())
  }
}

/** The default connection (the one `/api/integrations/:id` means) first, then the others as the hub lists them. */
function defaultFirst (connections: ConnectionSummary[]): ConnectionSummary[] {
  return [...connections].sort((a, b) => Number(b.name === DEFAULT_CONNECTION) - Number(a.name === DEFAULT_CONNECTION))
}

declare global {
  interface HTMLElementTagNameMap {
    'integration-hub-connections': IntegrationHubConnections
  }
}
