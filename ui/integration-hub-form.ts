import { LitElement, css, html, nothing, type TemplateResult } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import type { FieldError, JsonSchema } from './api-client.js'
import {
  asDraft, collectValue, defaultsFor, getPath, isObjectSchema, isSecret, joinPath, normalizeFieldPath,
  objectLayout, scalarOptions, selectedAlternative, setPath,
  type Draft, type ObjectLayout, type SecretMode
} from './schema-model.js'
import { defaultStrings, format, type HubStrings } from './strings.js'
import { controls, tokens } from './theme.js'

type Theme = 'light' | 'dark' | 'auto'

/**
 * Draws a form for one JSON Schema: text, URL, e-mail and password inputs, bounded numbers, switches,
 * selects for `enum` and `{const, title}` lists, tabs for `oneOf` object alternatives, fieldsets for
 * nested objects and editable lists for string arrays. It knows JSON Schema, not plugins.
 *
 * Set `schema`, `value` (null for a new config: the schema's defaults are filled in) and `secretsSet`;
 * read `value` to get the body to send, in which untouched stored secrets are omitted.
 *
 * @csspart form - The wrapper of all fields.
 * @csspart field - One field: label, control, help and error.
 * @csspart label - A field's label (or a group's legend).
 * @csspart input - A text, number, password or select control.
 * @csspart switch - A boolean's switch.
 * @csspart button - A small button (Replace, Clear, Add, Remove).
 * @csspart help - A field's description.
 * @csspart field-error - The server's message next to an invalid field.
 * @csspart fieldset - A nested object or list.
 * @csspart tabs - The tab list of `oneOf` alternatives.
 * @csspart tab - One tab.
 * @csspart tabpanel - The fields of the selected alternative.
 * @csspart summary - The read-only view (a description list).
 *
 * @cssproperty --ih-color-background - Input and page background.
 * @cssproperty --ih-color-surface - Background of buttons and read-only areas.
 * @cssproperty --ih-color-text - Text colour.
 * @cssproperty --ih-color-muted - Help text and placeholders.
 * @cssproperty --ih-color-border - Borders of inputs and buttons.
 * @cssproperty --ih-color-accent - Primary buttons, selected tab, links.
 * @cssproperty --ih-color-on-accent - Text on the accent colour.
 * @cssproperty --ih-color-danger - Errors and destructive actions.
 * @cssproperty --ih-color-focus - Focus ring.
 * @cssproperty --ih-radius - Corner radius.
 * @cssproperty --ih-space - Base spacing.
 * @cssproperty --ih-font-family - Font family.
 * @cssproperty --ih-font-size - Base font size.
 */
@customElement('integration-hub-form')
export class IntegrationHubForm extends LitElement {
  static override styles = [tokens, controls, css`
    .form { display: grid; gap: var(--_space); }
    .field { display: grid; gap: 0.3rem; }
    label, legend { font-weight: 600; }
    .req { color: var(--_danger); margin-inline-start: 0.2em; }
    .help { margin: 0; color: var(--_muted); font-size: 0.875em; }
    .error { margin: 0; color: var(--_danger); font-size: 0.875em; font-weight: 600; }
    .error::before { content: '⚠ '; }
    fieldset { border: 1px solid var(--_border); border-radius: var(--_radius); padding: 0.6rem var(--_space) var(--_space); margin: 0; display: grid; gap: var(--_space); min-width: 0; }
    legend { padding: 0 0.3em; }
    .row { display: flex; gap: 0.5rem; align-items: center; }
    .list { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.4rem; }
    .array { gap: 0.5rem; }
    .array > button { justify-self: start; }
    .switch-field { grid-template-columns: auto 1fr; align-items: center; column-gap: 0.6rem; }
    .switch-field > :not(input, label) { grid-column: 2; }
    .switch {
      appearance: none; margin: 0; width: 2.5em; height: 1.4em; border-radius: 1em; position: relative; cursor: pointer;
      background: var(--_border); transition: background 0.15s;
    }
    .switch::after {
      content: ''; position: absolute; inset-block: 0.2em; inset-inline-start: 0.2em; width: 1em; border-radius: 50%;
      background: var(--_bg); transition: translate 0.15s;
    }
    .switch:checked { background: var(--_accent); }
    .switch:checked::after { translate: 1.1em; }
    .switch:disabled { opacity: 0.6; cursor: not-allowed; }
    [role='tablist'] { display: flex; gap: 0.25rem; border-bottom: 1px solid var(--_border); flex-wrap: wrap; }
    [role='tab'] { border: none; border-radius: var(--_radius) var(--_radius) 0 0; background: none; padding: 0.5em 1em; border-bottom: 3px solid transparent; margin-bottom: -1px; color: var(--_muted); }
    [role='tab'][aria-selected='true'] { border-bottom-color: var(--_accent); color: var(--_text); font-weight: 600; }
    [role='tabpanel'] { display: grid; gap: var(--_space); }
    dl { margin: 0; display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: 0.45rem 1.2rem; }
    dt { font-weight: 600; color: var(--_muted); }
    dd { margin: 0; overflow-wrap: anywhere; }
    dd dl { padding-inline-start: 0.8rem; border-inline-start: 2px solid var(--_border); }
    .unset { color: var(--_muted); font-style: italic; }
  `]

  /** JSON Schema of the settings to draw (an object schema). */
  @property({ attribute: false }) schema: JsonSchema = { type: 'object' }

  /** Dot paths of the secrets already stored, e.g. `['password']`; their values are never sent to the page. */
  @property({ attribute: false }) secretsSet: string[] = []

  /** Field errors from the server (`{ field, message }`); each is shown next to its field. */
  @property({ attribute: false }) errors: FieldError[] = []

  /** Shows the config as a read-only summary instead of inputs. */
  @property({ type: Boolean, reflect: true, attribute: 'readonly' }) readonly = false

  /** Colour scheme: `light`, `dark` or `auto` (follows `prefers-color-scheme`). */
  @property({ reflect: true, attribute: 'theme' }) theme: Theme = 'auto'

  /** UI texts; any subset of `defaultStrings` overrides the English defaults. */
  @property({ attribute: false }) strings: Partial<HubStrings> = {}

  #initial: Draft | null = null
  #draft: Draft = {}
  #source: unknown[] = []
  #alternatives = new Map<string, number>()
  #secrets = new Map<string, SecretMode>()

  /**
   * The config being edited. Set it to the stored config (or `null` for a new one, which starts from
   * the schema's defaults); read it to get the body to send.
   */
  get value (): Draft {
    this.#ensureDraft()
    return collectValue(this.schema, this.#draft, {
      alternativeAt: (path, layout) => this.#alternativeAt(path, layout),
      secretAt: path => this.#secrets.get(path)
    })
  }

  set value (value: Draft | null) {
    this.#initial = value
    this.requestUpdate()
  }

  /** Discards the edits: the draft starts again from `value` (or the defaults). */
  reset (): void {
    this.#source = []
    this.requestUpdate()
  }

  /** Moves focus to the first control (a field, or the selected tab), after the pending render. */
  async focusFirstField (): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('input:not(:disabled), select:not(:disabled), button:not(:disabled):not([tabindex="-1"])')?.focus()
  }

  /** Moves focus to the first field marked invalid, after the pending render. */
  async focusFirstInvalid (): Promise<void> {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus()
  }

  get #t (): HubStrings {
    return { ...defaultStrings, ...this.strings }
  }

  /** Starts a fresh draft whenever the schema, the stored secrets or the initial value change. */
  #ensureDraft (): void {
    const source = [this.schema, this.secretsSet, this.#initial]
    if (source.every((item, index) => item === this.#source[index])) return
    this.#source = source
    this.#draft = this.#initial ? structuredClone(this.#initial) : defaultsFor(this.schema)
    this.#alternatives = new Map()
    this.#secrets = new Map(this.secretsSet.map(path => [normalizeFieldPath(path), 'kept']))
  }

  #alternativeAt (path: string, layout: ObjectLayout): number {
    return this.#alternatives.get(path) ?? selectedAlternative(layout, asDraft(path ? getPath(this.#draft, path) : this.#draft))
  }

  #set (path: string, value: unknown): void {
    setPath(this.#draft, path, value)
    if (this.errors.some(error => normalizeFieldPath(error.field) === path)) {
      this.errors = this.errors.filter(error => normalizeFieldPath(error.field) !== path)
    }
    this.requestUpdate()
  }

  #setSecret (path: string, mode: SecretMode): void {
    this.#secrets.set(path, mode)
    if (mode === 'replaced') setPath(this.#draft, path, '')
    this.requestUpdate()
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(fieldId(path))}"]`)?.focus())
  }

  override render (): TemplateResult {
    this.#ensureDraft()
    const errors = new Map(this.errors.map(error => [normalizeFieldPath(error.field), error.message]))
    return this.readonly
      ? html`<dl part="summary">${this.#summary(this.schema, '')}</dl>`
      : html`<div class="form" part="form">${this.#object(this.schema, '', errors)}</div>`
  }

  #object (schema: JsonSchema, path: string, errors: Map<string, string>): unknown {
    const layout = objectLayout(schema)
    const active = this.#alternativeAt(path, layout)
    const alternative = layout.alternatives[active]
    const isRequired = (name: string): boolean => layout.required.has(name) || (alternative?.required.has(name) ?? false)
    const fields = layout.fields.map(([name, property]) => this.#property(name, property, path, isRequired(name), errors))
    if (!alternative) return fields
    const tabId = (index: number): string => `tab-${path}-${index}`
    const select = (index: number, focus: boolean): void => {
      this.#alternatives.set(path, index)
      if (layout.discriminator !== undefined) setPath(this.#draft, joinPath(path, layout.discriminator), layout.alternatives[index]?.value)
      this.requestUpdate()
      if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(tabId(index))}"]`)?.focus())
    }
    const onKeydown = (event: KeyboardEvent): void => {
      const last = layout.alternatives.length - 1
      const next = ({ ArrowRight: active + 1, ArrowDown: active + 1, ArrowLeft: active - 1, ArrowUp: active - 1, Home: 0, End: last } as Record<string, number>)[event.key]
      if (next === undefined) return
      event.preventDefault()
      select(next > last ? 0 : next < 0 ? last : next, true)
    }
    // The tabs come first (pick the provider, then see its form); the panel holds the fields of the
    // chosen alternative, then those every alternative shares.
    return html`<div role="tablist" part="tabs" aria-label=${alternativesLabel(schema, layout)} @keydown=${onKeydown}>
        ${layout.alternatives.map((item, index) => html`<button type="button" role="tab" part="tab" id=${tabId(index)}
          aria-selected=${index === active ? 'true' : 'false'} aria-controls=${`panel-${path}`} tabindex=${index === active ? 0 : -1}
          @click=${() => select(index, false)}>${item.title}</button>`)}
      </div>
      <div role="tabpanel" part="tabpanel" id=${`panel-${path}`} aria-labelledby=${tabId(active)}>
        ${alternative.properties.map(([name, property]) => this.#property(name, property, path, isRequired(name), errors))}
        ${fields}
      </div>`
  }

  #property (name: string, schema: JsonSchema, parent: string, required: boolean, errors: Map<string, string>): unknown {
    if (schema.const !== undefined) return nothing
    const path = joinPath(parent, name)
    const label = schema.title ?? humanize(name)
    const id = fieldId(path)
    const mark = required ? html`<span class="req" aria-hidden="true">*</span>` : nothing
    const help = schema.description ? html`<p class="help" part="help" id=${`help-${path}`}>${schema.description}</p>` : nothing
    const error = errors.get(path)
    const errorText = error ? html`<p class="error" part="field-error" id=${`error-${path}`}>${error}</p>` : nothing
    const describedBy = [schema.description ? `help-${path}` : '', error ? `error-${path}` : ''].filter(Boolean).join(' ') || undefined
    const value = getPath(this.#draft, path)

    if (isObjectSchema(schema)) {
      return html`<fieldset part="fieldset" aria-describedby=${ifDefined(describedBy)}>
        <legend part="label">${label}${mark}</legend>${help}${errorText}${this.#object(schema, path, errors)}
      </fieldset>`
    }
    if (schema.type === 'array') return this.#list(schema, path, label, mark, help, errorText, errors)

    const common = { id, path, schema, required, describedBy, invalid: error !== undefined }
    if (schema.type === 'boolean') {
      return html`<div class="field switch-field" part="field">
        <input type="checkbox" role="switch" class="switch" part="switch" id=${id} .checked=${value === true}
          ?disabled=${schema.readOnly === true} aria-invalid=${common.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(describedBy)}
          @change=${(event: Event) => this.#set(path, (event.target as HTMLInputElement).checked)}>
        <label for=${id} part="label">${label}</label>${help}${errorText}
      </div>`
    }
    return html`<div class="field" part="field">
      <label for=${id} part="label">${label}${mark}</label>
      ${isSecret(schema) && this.#secrets.has(path) ? this.#storedSecret(common) : this.#control(common, value)}
      ${help}${errorText}
    </div>`
  }

  #control (field: Field, value: unknown): TemplateResult {
    const { id, path, schema } = field
    const options = scalarOptions(schema)
    if (options) {
      const selected = options.findIndex(option => option.value === value)
      return html`<select id=${id} part="input" ?required=${field.required} ?disabled=${schema.readOnly === true}
        aria-invalid=${field.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(field.describedBy)}
        @change=${(event: Event) => this.#set(path, options[Number((event.target as HTMLSelectElement).value)]?.value)}>
        ${selected < 0 ? html`<option value="" selected>${this.#t.choose}</option>` : nothing}
        ${options.map((option, index) => html`<option value=${index} ?selected=${index === selected}>${option.title}</option>`)}
      </select>`
    }
    const numeric = schema.type === 'integer' || schema.type === 'number'
    return html`<input id=${id} part="input" type=${inputType(schema)} .value=${value === undefined || value === null ? '' : String(value)}
      placeholder=${ifDefined(placeholder(schema))} ?required=${field.required} ?disabled=${schema.readOnly === true}
      min=${ifDefined(schema.minimum)} max=${ifDefined(schema.maximum)} step=${ifDefined(schema.type === 'integer' ? 1 : numeric ? 'any' : undefined)}
      autocomplete=${isSecret(schema) ? 'new-password' : 'off'} spellcheck="false" aria-label=${ifDefined(field.ariaLabel)}
      aria-invalid=${field.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(field.describedBy)}
      @input=${(event: Event) => {
        const input = event.target as HTMLInputElement
        this.#set(path, numeric ? (input.value === '' ? undefined : Number(input.value)) : input.value)
      }}>`
  }

  /** A stored secret: its value never reaches the page; the admin keeps, replaces or clears it. */
  #storedSecret (field: Field): TemplateResult {
    const t = this.#t
    const mode = this.#secrets.get(field.path)
    if (mode === 'replaced') {
      return html`<div class="row">
        ${this.#control({ ...field, schema: { ...field.schema, examples: [t.secretSaved] } }, getPath(this.#draft, field.path))}
        <button type="button" part="button" @click=${() => this.#setSecret(field.path, 'kept')}>${t.keepSaved}</button>
      </div>`
    }
    return html`<div class="row">
      <input id=${field.id} part="input" type="password" readonly placeholder=${mode === 'cleared' ? t.secretWillClear : t.secretSaved}
        aria-invalid=${field.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(field.describedBy)}>
      ${mode === 'cleared'
        ? html`<button type="button" part="button" @click=${() => this.#setSecret(field.path, 'kept')}>${t.undo}</button>`
        : html`<button type="button" part="button" @click=${() => this.#setSecret(field.path, 'replaced')}>${t.replace}</button>
          ${field.required ? nothing : html`<button type="button" part="button" class="danger" @click=${() => this.#setSecret(field.path, 'cleared')}>${t.clear}</button>`}`}
    </div>`
  }

  #list (schema: JsonSchema, path: string, label: string, mark: unknown, help: unknown, errorText: unknown, errors: Map<string, string>): TemplateResult {
    const t = this.#t
    const items = Array.isArray(getPath(this.#draft, path)) ? getPath(this.#draft, path) as unknown[] : []
    const itemSchema = schema.items ?? { type: 'string' }
    const focusItem = (index: number): void => {
      void this.updateComplete.then(() =>
        (this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(fieldId(`${path}.${index}`))}"]`) ??
          this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(`add-${path}`)}"]`))?.focus())
    }
    const change = (next: unknown[], focus?: number): void => {
      this.#set(path, next)
      if (focus !== undefined) focusItem(focus)
    }
    const listError = errors.get(path)
    return html`<fieldset class="array" part="fieldset" aria-describedby=${ifDefined(help === nothing ? undefined : `help-${path}`)}>
      <legend part="label">${label}${mark}</legend>${help}
      <ul class="list">
        ${items.map((item, index) => {
          const itemPath = `${path}.${index}`
          const itemError = errors.get(itemPath)
          const invalid = itemError !== undefined || listError !== undefined
          return html`<li>
            <div class="row">
              ${this.#control({
                id: fieldId(itemPath), path: itemPath, required: false, invalid,
                schema: itemSchema, ariaLabel: format(t.itemLabel, { label, index: index + 1 }),
                describedBy: [itemError ? `error-${itemPath}` : '', listError ? `error-${path}` : ''].filter(Boolean).join(' ') || undefined
              }, item)}
              <button type="button" part="button" aria-label=${format(t.removeItem, { label, index: index + 1 })}
                @click=${() => change(items.filter((_, other) => other !== index), Math.min(index, items.length - 2))}>✕</button>
            </div>
            ${itemError ? html`<p class="error" part="field-error" id=${`error-${itemPath}`}>${itemError}</p>` : nothing}
          </li>`
        })}
      </ul>
      <button type="button" part="button" id=${`add-${path}`} @click=${() => change([...items, ''], items.length)}><span aria-hidden="true">+</span> ${t.addItem}</button>
      ${errorText}
    </fieldset>`
  }

  #summary (schema: JsonSchema, path: string): unknown {
    const t = this.#t
    const layout = objectLayout(schema)
    const alternative = layout.alternatives[this.#alternativeAt(path, layout)]
    const row = ([name, property]: [string, JsonSchema]): unknown => {
      if (property.const !== undefined) return nothing
      const propertyPath = joinPath(path, name)
      const value = getPath(this.#draft, propertyPath)
      const label = property.title ?? humanize(name)
      if (isObjectSchema(property)) return html`<dt>${label}</dt><dd><dl>${this.#summary(property, propertyPath)}</dl></dd>`
      let text: string | undefined
      if (isSecret(property)) text = this.secretsSet.map(normalizeFieldPath).includes(propertyPath) ? `•••••••• (${t.secretStored})` : undefined
      else if (typeof value === 'boolean') text = value ? t.on : t.off
      else if (Array.isArray(value)) text = value.length > 0 ? value.join(', ') : undefined
      else if (value !== undefined && value !== null && value !== '') {
        text = scalarOptions(property)?.find(option => option.value === value)?.title ?? String(value)
      }
      return html`<dt>${label}</dt><dd>${text ?? html`<span class="unset">${t.notSet}</span>`}</dd>`
    }
    return html`${layout.fields.map(row)}
      ${alternative ? html`<dt>${alternativesLabel(schema, layout)}</dt><dd>${alternative.title}</dd>${alternative.properties.map(row)}` : nothing}`
  }
}

interface Field {
  id: string
  path: string
  schema: JsonSchema
  required: boolean
  describedBy: string | undefined
  invalid: boolean
  /** For controls without a visible `<label>` (list items). */
  ariaLabel?: string
}

function fieldId (path: string): string {
  return `field-${path}`
}

function inputType (schema: JsonSchema): string {
  if (isSecret(schema)) return 'password'
  if (schema.type === 'integer' || schema.type === 'number') return 'number'
  return schema.format === 'uri' || schema.format === 'url' ? 'url' : schema.format === 'email' ? 'email' : 'text'
}

function placeholder (schema: JsonSchema): string | undefined {
  const example = schema.examples?.[0]
  return example === undefined ? undefined : String(example)
}

/** `clientId` → `Client id`: the label of a property without a `title`. */
function humanize (name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

function alternativesLabel (schema: JsonSchema, layout: ObjectLayout): string {
  const discriminator = layout.discriminator
  return discriminator === undefined ? schema.title ?? '' : schema.properties?.[discriminator]?.title ?? humanize(discriminator)
}

declare global {
  interface HTMLElementTagNameMap {
    'integration-hub-form': IntegrationHubForm
  }
}
