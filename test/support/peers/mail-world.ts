/**
 * Everything a test of SMTP's OAuth sign-in talks to, started together: the authorization server
 * (oidc-provider), the Microsoft and Google token endpoints on their real names, an SMTP server that
 * checks tokens with the authorization server, and a hub that resolves those names to them and trusts
 * the test authority. Closed when the test ends.
 */
import type { Test } from 'tap'
import { createTestHub, type TestHub, type TestHubOptions } from '../hub.js'
import { testCertificates } from './certificates.js'
import { GOOGLE_TOKEN_HOST, makeServiceAccount, startGoogleOAuth, type GoogleOAuthPeer, type ServiceAccount } from './google-oauth.js'
import { MICROSOFT_HOST, startMicrosoftIdentity, type MicrosoftApp, type MicrosoftIdentityPeer } from './microsoft-identity.js'
import { lookupFor } from './named-host.js'
import { defaultOAuthClient, startOAuthServer, type OAuthServer } from './oauth-server.js'
import { startSmtpPeer, type SmtpPeer, type SmtpPeerOptions } from './smtp.js'

export const MAILBOX = 'mailer@example.com'
export const PASSWORD = 'right-password'
export const microsoftApp: MicrosoftApp = {
  tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  clientId: '4a1aa1d5-c567-49d0-ad0b-cd957a47f842',
  secret: 'Qx8Q~microsoft-client-secret-value-0123'
}

/** One delegated service account per test process (RSA keys take a moment to make). */
let serviceAccounts: { delegated: ServiceAccount, undelegated: ServiceAccount } | undefined

export interface MailWorld {
  oauth: OAuthServer
  microsoft: MicrosoftIdentityPeer
  google: GoogleOAuthPeer
  smtp: SmtpPeer
  hub: TestHub
  serviceAccount: ServiceAccount
  undelegatedAccount: ServiceAccount
  /** The names the hub resolves to the peers. */
  names: Record<string, string>
}

export async function startMailWorld (t: Test, options: { smtp?: SmtpPeerOptions, hub?: TestHubOptions, tokenLifetimeSeconds?: number, mailboxes?: string[], apps?: MicrosoftApp[], names?: Record<string, string> } = {}): Promise<MailWorld> {
  serviceAccounts ??= { delegated: makeServiceAccount('mailer'), undelegated: makeServiceAccount('reports', { delegated: false }) }
  const { delegated, undelegated } = serviceAccounts
  const apps = options.apps ?? [microsoftApp]
  const oauth = await startOAuthServer({
    clients: [
      defaultOAuthClient,
      ...apps.map(app => ({ id: app.clientId, secret: app.secret, scope: 'https://outlook.office365.com/.default' })),
      delegated.client,
      undelegated.client
    ],
    ...(options.tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds: options.tokenLifetimeSeconds })
  })
  t.teardown(() => oauth.close())
  const microsoft = await startMicrosoftIdentity({ oauth, apps })
  t.teardown(() => microsoft.close())
  const google = await startGoogleOAuth({ oauth, accounts: [delegated, undelegated], mailboxes: options.mailboxes ?? [MAILBOX] })
  t.teardown(() => google.close())
  const smtp = await startSmtpPeer({ users: { [MAILBOX]: PASSWORD }, oauth, ...options.smtp })
  t.teardown(() => smtp.close())
  const names = { [MICROSOFT_HOST]: microsoft.address, [GOOGLE_TOKEN_HOST]: google.address, ...options.names }
  const hub = await createTestHub(t, {
    trustedCertificates: [(await testCertificates()).ca],
    lookup: lookupFor(names),
    ...options.hub
  })
  return { oauth, microsoft, google, smtp, hub, serviceAccount: delegated, undelegatedAccount: undelegated, names }
}
