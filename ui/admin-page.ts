/**
 * The admin page served at `/`: signs the admin in (admin token, or SSO when it is enabled), then shows
 * `<integration-hub>` and a Sign out button. It lives in the bundle because the page's CSP allows no
 * inline script; its styles are a constructable stylesheet for the same reason.
 */
import { css, html, nothing, render } from 'lit'
import { ApiError, HubApiClient, type Principal } from './api-client.js'
import './integration-hub.js'
import { defaultStrings, format, type HubStrings } from './strings.js'

const pageStyles = css`
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; }
  body { margin: 0; background: light-dark(#eef1f5, #0f1115); color: light-dark(#1b1f24, #e6e8eb); }
  #hub-admin { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  #hub-admin h1 { font-size: 1.4rem; margin: 0; }
  .bar { display: flex; align-items: center; gap: 1rem; margin-bottom: 1.25rem; flex-wrap: wrap; }
  .bar h1 { flex: 1; }
  .who { color: light-dark(#56606b, #a3acb8); }
  .card { max-width: 24rem; margin: 12vh auto 0; padding: 1.5rem; border-radius: 12px; display: grid; gap: 1rem;
    background: light-dark(#fff, #16181d); border: 1px solid light-dark(#c4cad3, #414853); }
  .card form { display: grid; gap: 0.75rem; }
  .card label { font-weight: 600; }
  .card input { font: inherit; padding: 0.5em 0.6em; border-radius: 6px; border: 1px solid light-dark(#c4cad3, #414853); background: inherit; color: inherit; }
  .card [role='alert']:not(:empty) { color: light-dark(#b42318, #ff8d84); font-weight: 600; }
  .button, .card button, .bar button { font: inherit; padding: 0.5em 1em; border-radius: 8px; cursor: pointer; text-align: center;
    border: 1px solid light-dark(#c4cad3, #414853); background: light-dark(#f4f6f8, #20242b); color: inherit; text-decoration: none; }
  .card button.primary { background: light-dark(#1f4fd1, #86a8ff); color: light-dark(#fff, #0c1222); border-color: transparent; font-weight: 600; }
  :focus-visible { outline: 2px solid light-dark(#1f4fd1, #86a8ff); outline-offset: 2px; }
  integration-hub { background: transparent; }
`

interface PageState {
  principal: Principal | null | undefined
  ssoEnabled: boolean
  /** The sign-in form's alert. */
  error: string
  /** Whether the token typed was refused (rather than, say, the session having ended). */
  tokenRefused: boolean
  busy: boolean
}

/** Renders the admin page into `root` and keeps it in step with the session. */
export function mountAdminPage (root: HTMLElement, strings: Partial<HubStrings> = {}): void {
  const t = { ...defaultStrings, ...strings }
  const client = new HubApiClient({ base: '' })
  const state: PageState = { principal: undefined, ssoEnabled: false, error: '', tokenRefused: false, busy: false }
  if (pageStyles.styleSheet) document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageStyles.styleSheet]

  const draw = (): void => {
    root.removeAttribute('aria-busy')
    render(state.principal ? signedIn(state.principal) : state.principal === null ? signInForm() : nothing, root)
  }

  const refresh = async (focus: string): Promise<void> => {
    state.principal = await client.me()
    if (!state.principal) state.ssoEnabled = (await client.authOptions().catch(() => ({ ssoEnabled: false }))).ssoEnabled
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

  /** The widget got a 401 (the session expired or was ended elsewhere): back to the sign-in form. */
  const sessionEnded = async (): Promise<void> => {
    if (state.principal === null) return
    state.principal = null
    state.error = `${t.sessionEnded} ${t.sessionEndedDetail}`
    state.ssoEnabled = (await client.authOptions().catch(() => ({ ssoEnabled: false }))).ssoEnabled
    draw()
    root.querySelector<HTMLElement>('#admin-token')?.focus()
  }
  root.addEventListener('integration-unauthorized', () => void sessionEnded())

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
      ${state.ssoEnabled ? html`<a class="button" href="/auth/login">${t.signInWithSso}</a>` : nothing}
    </form>
  </section>`

  const signedIn = (principal: Principal) => html`<header class="bar">
      <h1 tabindex="-1">Integration Hub</h1>
      <span class="who">${format(t.signedInAs, { name: principal.name ?? principal.email ?? principal.sub })}</span>
      <button type="button" @click=${signOut}>${t.signOut}</button>
    </header>
    <integration-hub .strings=${strings}></integration-hub>`

  refresh('#admin-token').catch(() => {
    state.principal = null
    state.error = t.networkError
    draw()
  })
}
