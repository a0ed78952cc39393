/**
 * `integration-hub/client` against a real hub on a port: SMTP saved and `send` run through the
 * typed client at the real SMTP peer, a wrong password answered as a typed 422; and a third-party
 * plugin loaded from HUB_PLUGINS is in the document its hub serves, action and settings included.
 * This file is type-checked with the rest (`npx tsc --noEmit -p .`): the typed calls below are part
 * of the test, and the `@ts-expect-error` lines prove a wrong input does not compile.
 */
import type { AddressInfo } from 'node:net'
import SwaggerParser from '@apidevtools/swagger-parser'
import t, { type Test } from 'tap'
import { createHubClient, type components } from 'integration-hub/client'
import slackWebhook from '../../../examples/hub-slack-webhook/index.js'
import { ADMIN_TOKEN, createTestHub, type TestHub, type TestHubOptions } from '../../support/hub.js'
import { testCertificates } from '../../support/peers/certificates.js'
import { startSmtpPeer } from '../../support/peers/smtp.js'

const EMAIL = 'mailer@example.com'

/** A test hub listening on 127.0.0.1, and its address. */
async function listening (t: Test, options: TestHubOptions = {}): Promise<{ hub: TestHub, baseUrl: string }> {
  const hub = await createTestHub(t, options)
  await hub.app.listen({ port: 0, host: '127.0.0.1' })
  return { hub, baseUrl: `http://127.0.0.1:${(hub.app.server.address() as AddressInfo).port}` }
}

t.test('a host backend saves SMTP, sends a mail, and reads a refused Save as a typed 422', async t => {
  const smtp = await startSmtpPeer()
  t.teardown(() => smtp.close())
  const { baseUrl } = await listening(t, { trustedCertificates: [(await testCertificates()).ca] })
  const hub = createHubClient({ baseUrl, token: ADMIN_TOKEN })

  const saved = await hub.PUT('/api/integrations/smtp', { body: { config: { host: '127.0.0.1', port: smtp.port, email: EMAIL, password: 'right-password' } } })
  t.equal(saved.response.status, 201)
  t.equal(saved.data?.configured, true)
  t.strictSame(saved.data?.secretsSet, ['password'])

  const sent = await hub.action('smtp', 'send', { to: 'oncall@example.com', subject: 'Disk almost full', text: 'Volume /data is at 95%.' })
  t.equal(sent.response.status, 200)
  t.strictSame(sent.data?.accepted, ['oncall@example.com'])
  t.match(sent.data?.messageId, /^<.+>$/)
  t.equal(smtp.received.length, 1, 'the peer received the mail')

  const refused = await hub.PUT('/api/integrations/smtp', { body: { config: { host: '127.0.0.1', port: smtp.port, email: EMAIL, password: 'wrong-password' }, version: 1 } })
  t.equal(refused.response.status, 422)
  const error = refused.error
  if (error?.error !== 'HUB_ERR_TEST_FAILED') return t.fail(`expected HUB_ERR_TEST_FAILED, got ${JSON.stringify(error)}`)
  // Narrowed by its code: the refused Save's test, whose `code` is one of SMTP's failure codes.
  const code: components['schemas']['SmtpFailureCode'] | undefined = error.test?.code
  t.equal(code, 'AUTH_FAILED')
  t.equal(error.message, 'Invalid email credentials')
  t.strictSame(error.fields, [{ field: 'password', message: 'Invalid email credentials' }])
})

t.test('an action’s input and output are typed; a wrong one does not compile', async t => {
  const { baseUrl } = await listening(t)
  const hub = createHubClient({ baseUrl, token: async () => ADMIN_TOKEN })
  const unconfigured = await hub.action('jira', 'createIssue', { projectKey: 'OPS', summary: 'Disk almost full' })
  t.equal(unconfigured.response.status, 409)
  t.equal(unconfigured.error?.error, 'HUB_ERR_NOT_CONFIGURED')
  if (unconfigured.data !== undefined) {
    const key: string = unconfigured.data.key
    t.fail(`no issue can be created without settings: ${key}`)
  }
  const invalid = await hub.action('jira', 'createIssue', {
    projectKey: 'OPS',
    // @ts-expect-error `summary` is a string
    summary: 42
  })
  t.equal(invalid.response.status, 400)
  t.strictSame(invalid.error?.fields?.map(field => field.field), ['summary'])
  // @ts-expect-error `createIssue` needs a summary
  await hub.action('jira', 'createIssue', { projectKey: 'OPS' })
  // @ts-expect-error Jira has no action `sendMail`
  await hub.action('jira', 'sendMail', {})
})

t.test('a plugin from HUB_PLUGINS is in the document: its action with its input schema, its settings', async t => {
  const { baseUrl } = await listening(t, { env: { HUB_PLUGINS: './examples/hub-slack-webhook/index.ts' } })
  const document = await (await fetch(`${baseUrl}/openapi.json`)).json()
  await t.resolves(SwaggerParser.validate(structuredClone(document)), 'still valid OpenAPI with the plugin’s schemas in it')
  const post = document.paths['/api/integrations/slack-webhook/actions/postMessage'].post
  t.equal(post.operationId, 'slackWebhookPostMessage')
  t.equal(post.summary, 'Slack: Post a message')
  t.strictSame(post.requestBody.content['application/json'].schema, { $ref: '#/components/schemas/SlackWebhookPostMessageInput' })
  t.strictSame(document.components.schemas.SlackWebhookPostMessageInput, JSON.parse(JSON.stringify(slackWebhook.actions!.postMessage!.input)))
  t.strictSame(document.components.schemas.SlackWebhookPostMessageOutput, JSON.parse(JSON.stringify(slackWebhook.actions!.postMessage!.output)))
  t.equal(document.components.schemas.SlackWebhookSettings.properties.webhookUrl.writeOnly, true)
  t.equal(document.paths['/api/integrations/slack-webhook'].put.operationId, 'saveSlackWebhook')
  t.match(document.components.schemas.SlackWebhookFailureCode.enum, Array)
  t.ok(document.components.schemas.SlackWebhookFailureCode.enum.includes('INVALID_WEBHOOK'), 'its error map’s codes')
})
