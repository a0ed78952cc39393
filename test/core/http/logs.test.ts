/**
 * The log cannot hold secrets: with every line captured at LOG_LEVEL=trace, requests carrying the
 * admin token, session cookies, passwords in settings, wrong sign-in tokens, and plugins that echo
 * secrets in failures, exceptions and their own log calls leave no secret (nor its common
 * encodings) in any line.
 */
import t from 'tap'
import { defineIntegration } from '../../../core/contract/contract.js'
import { testCertificates } from '../../support/peers/certificates.js'
import { startSmtpPeer } from '../../support/peers/smtp.js'
import { ADMIN_TOKEN, createTestHub } from '../../support/hub.js'

const SECRETS = {
  apiKey: 'apikey-L0G5-7e1a9c',
  signingKey: 'signing-L0G5-b44d02',
  smtpPassword: 'smtp-pw-L0G5-f00d77',
  wrongSmtpPassword: 'wrong-smtp-pw-L0G5-0ff',
  wrongSignInToken: 'wrong-signin-L0G5-5a5a5a',
  wrongBearer: 'wrong-bearer-L0G5-c0ffee',
  ssoCode: 'sso-code-L0G5-9d9d9d',
  ssoState: 'sso-state-L0G5-e1e1e1',
  queryToken: 'query-token-L0G5-abab'
}

/** A plugin that does everything a careless plugin might with its secrets. */
const leaky = defineIntegration({
  id: 'leaky',
  name: 'Leaky',
  description: 'Echoes its secrets wherever it can.',
  version: '1.0.0',
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['apiKey'],
    properties: {
      apiKey: { type: 'string', title: 'API Key', writeOnly: true },
      mode: { type: 'string', title: 'Mode' },
      nested: { type: 'object', title: 'Nested', additionalProperties: false, properties: { signingKey: { type: 'string', title: 'Signing key', writeOnly: true } } }
    }
  },
  errors: { AUTH_FAILED: { message: 'Invalid API Key', field: 'apiKey' } },
  async test (config, ctx) {
    const secrets = [config.apiKey, config.nested?.signingKey ?? '']
    ctx.log.info(`testing with ${secrets.join(' and ')}`, { apiKey: config.apiKey, encoded: Buffer.from(config.apiKey).toString('base64') })
    ctx.log.debug('url form', { url: `https://x.example.com/?key=${encodeURIComponent(config.apiKey)}` })
    if (config.mode === 'fail') throw ctx.fail('AUTH_FAILED', { detail: `the service refused ${secrets.join(', ')}` })
    if (config.mode === 'throw') {
      throw Object.assign(new Error(`client exploded on ${config.apiKey}`, { cause: new Error(`inner ${config.nested?.signingKey}`) }), {
        request: { headers: { authorization: `Basic ${Buffer.from(`user:${config.apiKey}`).toString('base64')}` } }
      })
    }
  },
  actions: {
    call: {
      title: 'Call',
      input: { type: 'object' },
      async run (config, _input, ctx) {
        ctx.log.warn(`calling with ${config.apiKey}`)
        throw new Error(`action failed with key ${config.apiKey}`)
      }
    }
  }
})

t.test('at trace level, no secret reaches the log', async t => {
  const smtp = await startSmtpPeer({ users: { 'mailer@example.com': SECRETS.smtpPassword } })
  t.teardown(() => smtp.close())
  const h = await createTestHub(t, { plugins: [leaky], trustedCertificates: [(await testCertificates()).ca], env: { LOG_LEVEL: 'trace' } })

  // Settings with secrets: saved, updated, tested as drafts, failing and throwing.
  const config = { apiKey: SECRETS.apiKey, nested: { signingKey: SECRETS.signingKey } }
  t.equal((await h.api('PUT', '/api/integrations/leaky', { config })).status, 201)
  t.equal((await h.api('PUT', '/api/integrations/leaky', { config: { ...config, mode: 'fail' } })).status, 422)
  t.equal((await h.api('POST', '/api/integrations/leaky/test', { config: { ...config, mode: 'throw' } })).body.code, 'UNEXPECTED')
  t.equal((await h.api('POST', '/api/integrations/leaky/test', { config: { mode: 'fail' } })).body.code, 'AUTH_FAILED', 'stored secrets fill the draft')
  t.equal((await h.api('POST', '/api/integrations/leaky/actions/call', { note: 'x' })).status, 502)
  t.equal((await h.api('PUT', '/api/integrations/leaky', { config: { ...config, extra: SECRETS.apiKey } })).status, 400)

  // SMTP against a real server: a wrong password, then the right one, then a mail.
  const smtpSettings = { host: '127.0.0.1', port: smtp.port, email: 'mailer@example.com', security: 'starttls' }
  t.equal((await h.api('PUT', '/api/integrations/smtp', { config: { ...smtpSettings, password: SECRETS.wrongSmtpPassword } })).status, 422)
  t.equal((await h.api('PUT', '/api/integrations/smtp', { config: { ...smtpSettings, password: SECRETS.smtpPassword } })).status, 201)
  t.equal((await h.api('POST', '/api/integrations/smtp/actions/send', { to: ['someone@example.com'], subject: 'hello', text: 'body' })).status, 200)
  t.same(smtp.logins.map(login => login.ok), [false, true, true], 'the peer saw both passwords')

  // Sign-in: a wrong token, a wrong bearer, the right token, the session cookie in use, sign-out.
  t.equal((await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: SECRETS.wrongSignInToken } })).statusCode, 401)
  t.equal((await h.app.inject({ url: '/api/integrations', headers: { authorization: `Bearer ${SECRETS.wrongBearer}` } })).statusCode, 401)
  const signIn = await h.app.inject({ method: 'POST', url: '/auth/token', payload: { token: ADMIN_TOKEN } })
  const session = signIn.cookies.find(cookie => cookie.name === 'hub_session')!.value
  t.equal((await h.app.inject({ url: '/auth/me', cookies: { hub_session: session } })).statusCode, 200)
  t.equal((await h.app.inject({ method: 'DELETE', url: '/api/integrations/leaky', cookies: { hub_session: session }, headers: { origin: 'https://evil.example.com' } })).statusCode, 403)
  t.equal((await h.app.inject({ method: 'POST', url: '/auth/logout', cookies: { hub_session: session } })).statusCode, 204)
  // A body that is not JSON, holding a secret, must not be echoed into an error log either.
  t.equal((await h.app.inject({ method: 'POST', url: '/auth/token', headers: { 'content-type': 'application/json' }, payload: `{"token":"${SECRETS.wrongSignInToken}"` })).statusCode, 400)

  // Credentials in query strings: an SSO callback's one-time code and state, a token pasted into a URL.
  await h.app.inject(`/auth/callback?code=${SECRETS.ssoCode}&state=${SECRETS.ssoState}`)
  await h.app.inject(`/auth/callback?state=${SECRETS.ssoState}&error=access_denied`)
  await h.app.inject({ url: `/api/integrations?access_token=${SECRETS.queryToken}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })

  const log = h.logs.join('')
  t.ok(h.logs.length > 30, `${h.logs.length} lines were captured`)
  t.match(log, /"level":20/, 'debug lines are among them')
  t.match(log, /incoming request/, 'requests were logged')
  t.match(log, /"url":"\/auth\/callback\?code=\[redacted\]&state=\[redacted\]"/, 'with credential query values blanked')
  t.match(log, /"url":"\/auth\/callback\?state=\[redacted\]&error=access_denied"/, 'and the rest of the query kept')
  t.match(log, /plugin handler failed unexpectedly/, 'the exception was logged')
  t.match(log, /testing with \[redacted\] and \[redacted\]/, 'the plugin’s own log lines were kept, scrubbed')

  const everySecret = { ...SECRETS, adminToken: ADMIN_TOKEN, sessionCookie: session }
  for (const [name, secret] of Object.entries(everySecret)) {
    for (const [form, text] of [
      ['as is', secret],
      ['in base64', Buffer.from(secret).toString('base64')],
      ['as user:secret in base64', Buffer.from(`user:${secret}`).toString('base64')],
      ['URL-encoded', encodeURIComponent(secret)]
    ]) {
      const line = h.logs.find(entry => entry.includes(text!))
      t.notOk(line, `${name} ${form} is not in the log${line === undefined ? '' : `: ${line.slice(0, 300)}`}`)
    }
  }
})
