/**
 * The choices of fields marked `x-choices`: asked for through a loader the widget gives (it runs the
 * plugin's action), again whenever the action's input changes (once typing pauses), and forgotten
 * when the loader changes (another connection). A field without choices — no loader, a failure, an
 * answer without a list — is a plain text field: failures make no noise.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit'
import type { ChoicesFrom } from '../../core/contract/json-schema.js'
import type { Choice } from '../internal/schema-model.js'

/** Resolves to the choices of a field; rejects when there are none to offer. */
export type ChoicesLoader = (source: ChoicesFrom, input: Record<string, unknown>) => Promise<Choice[]>

/** How long the input must stay the same before the action runs again, in ms. */
const PAUSE_MS = 400

interface Entry {
  /** The action and input the choices are (or will be) for. */
  key: string
  choices: Choice[] | undefined
}

export class ChoicesController implements ReactiveController {
  readonly #host: ReactiveControllerHost
  #loader: ChoicesLoader | undefined
  #entries = new Map<string, Entry>()
  #timers = new Map<string, ReturnType<typeof setTimeout>>()

  constructor (host: ReactiveControllerHost) {
    this.#host = host
    host.addController(this)
  }

  /** The choices of the field at `path`, or undefined (draw a text field); asks for them when the input changed. */
  choicesAt (loader: ChoicesLoader | undefined, path: string, source: ChoicesFrom, input: Record<string, unknown>): Choice[] | undefined {
    if (loader !== this.#loader) {
      this.hostDisconnected()
      this.#loader = loader
    }
    if (loader === undefined) return undefined
    const key = JSON.stringify([source.action, input])
    const entry = this.#entries.get(path)
    if (entry?.key === key) return entry.choices
    // The choices for the previous input stay until the new ones arrive.
    this.#entries.set(path, { key, choices: entry?.choices })
    clearTimeout(this.#timers.get(path))
    this.#timers.set(path, setTimeout(() => { void this.#load(loader, path, key, source, input) }, entry === undefined ? 0 : PAUSE_MS))
    return entry?.choices
  }

  async #load (loader: ChoicesLoader, path: string, key: string, source: ChoicesFrom, input: Record<string, unknown>): Promise<void> {
    let choices: Choice[] | undefined
    try {
      choices = await loader(source, input)
    } catch {
      choices = undefined
    }
    const entry = this.#entries.get(path)
    if (loader !== this.#loader || entry?.key !== key) return
    entry.choices = choices
    this.#host.requestUpdate()
  }

  /** Drops everything, answers still on their way included; the next render asks again. */
  hostDisconnected (): void {
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
    this.#entries = new Map()
  }
}
