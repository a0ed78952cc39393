/**
 * The admin page served at the hub's mount path: signs the admin in (admin token, or SSO when it is
 * enabled), then shows `<integration-hub>` and a Sign out button. Every address it uses is under
 * `base`, the hub's own address (with its mount prefix). It lives in a script because the page's
 * CSP allows no inline script; its styles are a constructable stylesheet for the same reason.
 */
import { html, nothing, render } from 'lit'
import { ApiError, HubApiClient, type SignedIn } from '../internal/api-client.js'
import { defaultStrings, format, type HubStrings } from '../internal/strings.js'
import pageStyles from './admin-page.styles.js'

export interface AdminPageOptions {
  /** The hub's address with its mount prefix and a trailing slash, e.g. `https://app.example.com/integrations/`. */
  base: string
  strings?: Partial<HubStrings>
}

interface PageState {
  signedIn: SignedIn | null | undefined
  ssoEnabled: boolean
  /** The sign-in form's alert. */
  error: string
  /** Whether the token typed was refused (rather than, say, the session having ended). */
  tokenRefused: boolean
  busy: boolean
}

/** Renders the admin page into `root` and keeps it in step with the session. */
export function mountAdminPage (root: HTMLElement, { base, strings = {} }: AdminPageOptions): void {
  const t = { ...defaultStrings, ...strings }
  const client = new HubApiClient({ base })
  const state: PageState = { signedIn: undefined, ssoEnabled: false, error: '', tokenRefused: false, busy: false }
  if (pageStyles.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet]

  const draw = (): void => {
    root.removeAttribute('aria-busy')
    render(state.signedIn ? signedInView(state.signedIn) : state.signedIn === null ? signInForm() : nothing, root)
  }

  const loadOptions = async (): Promise<void> => {
    state.ssoEnabled = (await client.authOptions().catch(() => ({ ssoEnabled: false }))).ssoEnabled
  }

  const refresh = async (focus: string): Promise<void> => {
    state.signedIn = await client.signedIn()
    if (!state.signedIn) await loadOptions()
    draw()
    root.querySelector<HTMLElement>(focus)?.focus()
  }

  const signIn = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault()
    const input = (event.target as HTMLFormElement).elements.namedItem('token') as HTMLInputElement
    state.busy = true
    state.error = ''
    state.tokenRefused = false
    draw()
    try {
      await client.signIn(input.value)
      input.value = ''
      await refresh('h1')
    } catch (error) {
      state.error = error instanceof ApiError ? error.message : t.signInFailed
      state.tokenRefused = true
      input.focus()
    } finally {
      state.busy = false
      draw()
    }
  }

  /** The widget got a 401 it cannot recover from (the session expired or was ended elsewhere): back to the sign-in form. */
  const sessionEnded = async (): Promise<void> => {
    if (state.signedIn === null) return
    state.signedIn = null
    state.error = `${t.sessionEnded} ${t.sessionEndedDetail}`
    await loadOptions()
    draw()
    root.querySelector<HTMLElement>('#admin-token')?.focus()
  }
  root.addEventListener('integration-unauthorized', event => { if (!event.detail.retrying) void sessionEnded() })

  const signOut = async (): Promise<void> => {
    const endSessionUrl = await client.signOut().catch(() => undefined)
    if (endSessionUrl) location.assign(endSessionUrl)
    else await refresh('#admin-token')
  }

  const signInForm = () => html`<section class="card" aria-labelledby="sign-in-title">
    <h1 id="sign-in-title">${t.signInTitle}</h1>
    <form @submit=${signIn}>
      <label for="admin-token">${t.adminToken}</label>
      <input id="admin-token" name="token" type="password" autocomplete="current-password" required
        aria-invalid=${state.tokenRefused ? 'true' : 'false'} aria-describedby="sign-in-error">
      <div role="alert" id="sign-in-error">${state.error || nothing}</div>
      <button type="submit" class="primary" aria-busy=${state.busy ? 'true' : 'false'}>${t.signIn}</button>
      ${state.ssoEnabled ? html`<a class="button" href=${new URL('auth/login', base).href}>${t.signInWithSso}</a>` : nothing}
    </form>
  </section>`

  const signedInView = (who: SignedIn) => {
    const name = who.name ?? who.email ?? who.sub
    return html`<header class="bar">
        <h1 tabindex="-1">Integration Hub</h1>
        <span class="who">${format(t.signedInAs, { name })}</span>
        <button type="button" @click=${signOut}>${t.signOut}</button>
      </header>
      ${who.role === null
        ? html`<p role="alert">${format(t.noRights, { name })}</p>`
        : html`<integration-hub api-base=${base} .strings=${strings}></integration-hub>`}`
  }

  refresh('#admin-token').catch(() => {
    state.signedIn = null
    state.error = t.networkError
    draw()
  })
}
