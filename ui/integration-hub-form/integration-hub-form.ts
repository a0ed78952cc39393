import { LitElement, html, nothing, type TemplateResult } from 'lit'
import { customElement, property } from 'lit/decorators.js'
import { ifDefined } from 'lit/directives/if-defined.js'
import type { ChoicesFrom } from '../../core/contract/json-schema.js'
import { getPath, setPath } from '../../core/contract/value-paths.js'
import type { FieldError, JsonSchema } from '../internal/api-client.js'
import {
  alternativeOf, choicesInput, collectForm, defaultsFor, draftOf, humanize, isObjectSchema, isSecret, joinPath, normalizeFieldPath,
  objectLayout, placeholderOf, scalarOptions, suggestionsOf, titleAt,
  type Choice, type Draft, type FormValue, type ObjectLayout, type SecretMode
} from '../internal/schema-model.js'
import { defaultStrings, format, type HubStrings } from '../internal/strings.js'
import { controls, tokens } from '../internal/theme.js'
import { ChoicesController, type ChoicesLoader } from './choices-controller.js'
import styles from './integration-hub-form.styles.js'

export type { ChoicesLoader } from './choices-controller.js'

type Theme = 'light' | 'dark' | 'auto'

/**
 * Draws a form for one JSON Schema: text, URL, e-mail and password inputs, bounded numbers, switches,
 * selects for `enum` and `{const, title}` lists, tabs for `oneOf` object alternatives, fieldsets for
 * nested objects and editable lists for string arrays; several `examples` become suggestions, and a
 * field marked `x-choices` a searchable picker once `loadChoices` is given. It knows JSON Schema, not
 * plugins or the hub's API.
 *
 * Set `schema`, `value` (null for a new config: the schema's defaults are filled in) and `secretsSet`;
 * read `value` to get the body to send, in which untouched stored secrets are omitted. When a field
 * marked `x-destination` changes, the stored secrets must be typed again: their inputs turn empty and
 * required, with a note saying why, until the field is back at its stored value.
 *
 * @csspart form - The wrapper of all fields.
 * @csspart field - One field: label, control, help and error.
 * @csspart label - A field's label (or a group's legend).
 * @csspart input - A text, number, password or select control.
 * @csspart switch - A boolean's switch.
 * @csspart button - A small button (Replace, Clear, Add, Remove).
 * @csspart help - A field's description.
 * @csspart field-error - The server's message next to an invalid field.
 * @csspart secret-note - Why a stored secret must be entered again.
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
  static override styles = [tokens, controls, styles]

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

  /** Fetches the choices of `x-choices` fields; without it (or when it fails) they are text fields. */
  @property({ attribute: false }) loadChoices?: ChoicesLoader

  #initial: Draft | null = null
  #draft: Draft = {}
  #source: unknown[] = []
  #alternatives = new Map<string, number>()
  #secrets = new Map<string, SecretMode>()
  readonly #choices = new ChoicesController(this)

  /**
   * The config being edited. Set it to the stored config (or `null` for a new one, which starts from
   * the schema's defaults); read it to get the body to send.
   */
  get value (): Draft {
    return this.#collect().value
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
    this.#draft = this.#initial ? draftOf(this.schema, this.#initial) : defaultsFor(this.schema)
    this.#alternatives = new Map()
    this.#secrets = new Map(this.secretsSet.map(path => [normalizeFieldPath(path), 'kept']))
  }

  #collect (): FormValue {
    this.#ensureDraft()
    return collectForm(this.schema, {
      draft: this.#draft,
      stored: this.#initial,
      secrets: this.#secrets,
      alternativeAt: (path, schema) => this.#alternativeAt(path, schema)
    })
  }

  #alternativeAt (path: string, schema: JsonSchema): number {
    return this.#alternatives.get(path) ?? alternativeOf(schema, path ? getPath(this.#draft, path) : this.#draft)
  }

  /** Sets a value; an edit clears the server's error on `errorPath` (the field itself, unless told otherwise). */
  #set (path: string, value: unknown, errorPath = path): void {
    setPath(this.#draft, path, value)
    if (this.errors.some(error => normalizeFieldPath(error.field) === errorPath)) {
      this.errors = this.errors.filter(error => normalizeFieldPath(error.field) !== errorPath)
    }
    this.requestUpdate()
  }

  #setSecret (path: string, mode: SecretMode, focus = true): void {
    this.#secrets.set(path, mode)
    if (mode === 'replaced' && focus) setPath(this.#draft, path, '')
    this.requestUpdate()
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`[id="${CSS.escape(fieldId(path))}"]`)?.focus())
  }

  override render (): TemplateResult {
    const form = this.#collect()
    const errors = new Map(this.errors.map(error => [normalizeFieldPath(error.field), error.message]))
    const context: RenderContext = { errors, form, movedTitle: form.moved === undefined ? '' : titleAt(this.schema, form.moved) }
    return this.readonly
      ? html`<dl part="summary">${this.#summary(this.schema, '')}</dl>`
      : html`<div class="form" part="form">${this.#object(this.schema, '', context)}</div>`
  }

  #object (schema: JsonSchema, path: string, context: RenderContext): unknown {
    const layout = objectLayout(schema)
    const active = this.#alternativeAt(path, schema)
    const alternative = layout.alternatives[active]
    const isRequired = (name: string): boolean => layout.required.has(name) || (alternative?.required.has(name) ?? false)
    const fields = layout.fields.map(([name, property]) => this.#property(name, property, path, isRequired(name), context))
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
        ${alternative.properties.map(([name, property]) => this.#property(name, property, path, isRequired(name), context))}
        ${fields}
      </div>`
  }

  #property (name: string, schema: JsonSchema, parent: string, required: boolean, context: RenderContext): unknown {
    if (schema.const !== undefined) return nothing
    const path = joinPath(parent, name)
    const label = schema.title ?? humanize(name)
    const id = fieldId(path)
    const secretMode = isSecret(schema) ? context.form.secrets.get(path) : undefined
    // While a destination has moved, a stored secret is typed again (or being typed): no Keep, no Clear.
    const reenter = secretMode === 'reenter' || (secretMode === 'replaced' && context.form.moved !== undefined)
    const mark = required || reenter ? html`<span class="req" aria-hidden="true">*</span>` : nothing
    const help = schema.description ? html`<p class="help" part="help" id=${`help-${path}`}>${schema.description}</p>` : nothing
    const error = context.errors.get(path)
    const errorText = error ? html`<p class="error" part="field-error" id=${`error-${path}`}>${error}</p>` : nothing
    const describedBy = [reenter ? `reenter-${path}` : '', schema.description ? `help-${path}` : '', error ? `error-${path}` : ''].filter(Boolean).join(' ') || undefined
    const value = getPath(this.#draft, path)

    if (isObjectSchema(schema)) {
      return html`<fieldset part="fieldset" aria-describedby=${ifDefined(describedBy)}>
        <legend part="label">${label}${mark}</legend>${help}${errorText}${this.#object(schema, path, context)}
      </fieldset>`
    }
    if (schema.type === 'array') return this.#list(schema, path, label, mark, help, errorText, context.errors)

    const common: Field = { id, path, schema, required: required || reenter, describedBy, invalid: error !== undefined }
    if (schema.type === 'boolean') {
      return html`<div class="field switch-field" part="field">
        <input type="checkbox" role="switch" class="switch" part="switch" id=${id} .checked=${value === true}
          ?disabled=${schema.readOnly === true} aria-invalid=${common.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(describedBy)}
          @change=${(event: Event) => this.#set(path, (event.target as HTMLInputElement).checked)}>
        <label for=${id} part="label">${label}</label>${help}${errorText}
      </div>`
    }
    const choices = schema['x-choices']
    return html`<div class="field" part="field">
      <label for=${id} part="label">${label}${mark}</label>
      ${secretMode === undefined || reenter
        ? this.#control(common, value, choices === undefined ? undefined : this.#choicesOf(path, choices))
        : this.#storedSecret(common, secretMode)}
      ${reenter ? html`<p class="reenter" part="secret-note" id=${`reenter-${path}`}>${format(this.#t.secretReenter, { field: context.movedTitle })}</p>` : nothing}
      ${help}${errorText}
    </div>`
  }

  #choicesOf (path: string, source: ChoicesFrom): Choice[] | undefined {
    return this.#choices.choicesAt(this.loadChoices, path, source, choicesInput(source, this.#draft))
  }

  /** An input or a select; `choices` (from an action) or several `examples` become a datalist. */
  #control (field: Field, value: unknown, choices?: Choice[], onValue = (next: unknown) => this.#set(field.path, next)): TemplateResult {
    const { id, path, schema } = field
    const options = scalarOptions(schema)
    if (options) {
      const selected = options.findIndex(option => option.value === value)
      return html`<select id=${id} part="input" ?required=${field.required} ?disabled=${schema.readOnly === true}
        aria-invalid=${field.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(field.describedBy)}
        @change=${(event: Event) => onValue(options[Number((event.target as HTMLSelectElement).value)]?.value)}>
        ${selected < 0 ? html`<option value="" selected>${this.#t.choose}</option>` : nothing}
        ${options.map((option, index) => html`<option value=${index} ?selected=${index === selected}>${option.title}</option>`)}
      </select>`
    }
    const numeric = schema.type === 'integer' || schema.type === 'number'
    const suggestions = choices ?? suggestionsOf(schema)?.map(example => ({ value: example, label: '' }))
    const listId = suggestions ? `list-${path}` : undefined
    return html`<input id=${id} part="input" type=${inputType(schema)} .value=${value === undefined || value === null ? '' : String(value)}
      placeholder=${ifDefined(field.placeholder ?? placeholderOf(schema))} ?required=${field.required} ?disabled=${schema.readOnly === true}
      min=${ifDefined(schema.minimum)} max=${ifDefined(schema.maximum)} step=${ifDefined(schema.type === 'integer' ? 1 : numeric ? 'any' : undefined)}
      autocomplete=${isSecret(schema) ? 'new-password' : 'off'} spellcheck="false" aria-label=${ifDefined(field.ariaLabel)} list=${ifDefined(listId)}
      aria-invalid=${field.invalid ? 'true' : 'false'} aria-describedby=${ifDefined(field.describedBy)}
      @input=${(event: Event) => {
        const input = event.target as HTMLInputElement
        if (isSecret(schema) && this.#secrets.get(path) === 'kept') this.#setSecret(path, 'replaced', false)
        onValue(numeric ? (input.value === '' ? undefined : Number(input.value)) : input.value)
      }}>${suggestions
        ? html`<datalist id=${listId!}>${suggestions.map(option => html`<option value=${option.value} label=${ifDefined(option.label || undefined)}></option>`)}</datalist>`
        : nothing}`
  }

  /** A stored secret: its value never reaches the page; the admin keeps, replaces or clears it. */
  #storedSecret (field: Field, mode: SecretMode): TemplateResult {
    const t = this.#t
    if (mode === 'replaced') {
      return html`<div class="row">
        ${this.#control({ ...field, placeholder: t.secretSaved }, getPath(this.#draft, field.path))}
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
    const stored = getPath(this.#draft, path)
    const items = Array.isArray(stored) ? stored as unknown[] : []
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
          const field: Field = {
            id: fieldId(itemPath),
            path: itemPath,
            required: false,
            invalid: itemError !== undefined || listError !== undefined,
            schema: itemSchema,
            ariaLabel: format(t.itemLabel, { label, index: index + 1 }),
            describedBy: [itemError ? `error-${itemPath}` : '', listError ? `error-${path}` : ''].filter(Boolean).join(' ') || undefined
          }
          const setItem = (next: unknown): void => this.#set(path, items.map((other, at) => at === index ? next : other), itemPath)
          return html`<li>
            <div class="row">
              ${this.#control(field, item, undefined, setItem)}
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
    const alternative = layout.alternatives[this.#alternativeAt(path, schema)]
    const secrets = new Set(this.secretsSet.map(normalizeFieldPath))
    const row = ([name, property]: [string, JsonSchema]): unknown => {
      if (property.const !== undefined) return nothing
      const propertyPath = joinPath(path, name)
      const value = getPath(this.#draft, propertyPath)
      const label = property.title ?? humanize(name)
      if (isObjectSchema(property)) return html`<dt>${label}</dt><dd><dl>${this.#summary(property, propertyPath)}</dl></dd>`
      let text: string | undefined
      if (isSecret(property)) text = secrets.has(propertyPath) ? `•••••••• (${t.secretStored})` : undefined
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

interface RenderContext {
  errors: Map<string, string>
  form: FormValue
  /** The label of the destination field that changed, for the note on secrets to type again. */
  movedTitle: string
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
  /** Replaces the schema's example as the placeholder. */
  placeholder?: string
}

function fieldId (path: string): string {
  return `field-${path}`
}

function inputType (schema: JsonSchema): string {
  if (isSecret(schema)) return 'password'
  if (schema.type === 'integer' || schema.type === 'number') return 'number'
  return schema.format === 'uri' || schema.format === 'url' ? 'url' : schema.format === 'email' ? 'email' : 'text'
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
