/**
 * The example plugin (examples/hub-slack-webhook) loaded as an operator would load it, through
 * HUB_PLUGINS, against a local stand-in for Slack's incoming webhooks.
 */
import t, { type Test } from 'tap'
import slackWebhook from '../../examples/hub-slack-webhook/index.js'
import { checkIntegration } from '../../core/testing.js'
import { createTestHub, type TestHub } from '../support/hub.js'
import { startSlackPeer, type SlackPeer, type SlackPeerState } from '../support/peers/slack.js'

const HUB_PLUGINS = './examples/hub-slack-webhook/index.ts'

async function setup (t: Test, peerOptions: Partial<SlackPeerState> = {}, timeoutMs?: number): Promise<{ hub: TestHub, peer: SlackPeer }> {
  const peer = await startSlackPeer(peerOptions)
  t.teardown(() => peer.close())
  const hub = await createTestHub(t, { env: { HUB_PLUGINS }, ...(timeoutMs === undefined ? {} : { timeoutMs }) })
  return { hub, peer }
}

t.test('passes the contract test kit', async t => {
  const problems = await checkIntegration(slackWebhook, {
    validConfig: { webhookUrl: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', channelName: '#alerts' },
    invalidConfigs: [
      { webhookUrl: 'https://example.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
      { webhookUrl: 'http://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
      { webhookUrl: 'https://hooks.slack.com/services/T00000000/XXXXXXXXXXXXXXXXXXXXXXXX' },
      { channelName: '#alerts' }
    ],
    actionInputs: { postMessage: { valid: [{ text: 'Disk almost full' }], invalid: [{ text: '' }, {}, { text: 'x', channel: '#general' }] } }
  })
  t.strictSame(problems, [])
})

t.test('appears in the catalog with its form, loaded from HUB_PLUGINS', async t => {
  const { hub } = await setup(t)
  const catalog = await hub.api('GET', '/api/integrations')
  t.match(catalog.body.integrations.find((entry: { id: string }) => entry.id === 'slack-webhook'), {
    name: 'Slack',
    description: 'Post messages to a Slack channel through an incoming webhook.',
    icon: /^<svg/,
    configured: false
  })
  const view = await hub.api('GET', '/api/integrations/slack-webhook')
  t.match(view.body.schema.properties.webhookUrl, { title: 'Webhook URL', writeOnly: true })
  t.match(view.body.actions, [{ name: 'postMessage', title: 'Post a message' }])
})

t.test('Save checks the URL with an empty message: nothing is posted, the URL is never returned', async t => {
  const { hub, peer } = await setup(t)
  const saved = await hub.api('PUT', '/api/integrations/slack-webhook', { config: { webhookUrl: peer.webhookUrl, channelName: '#alerts' } })

  t.equal(saved.status, 201)
  t.strictSame(peer.requests.map(request => [request.method, request.body]), [['POST', '{}']], 'one empty message')
  t.strictSame(peer.posted, [], 'nothing appeared in the channel')
  t.strictSame(saved.body.config, { channelName: '#alerts', sendTestMessage: false })
  t.strictSame(saved.body.secretsSet, ['webhookUrl'])
  const tested = await hub.api('POST', '/api/integrations/slack-webhook/test', {})
  t.match(tested.body, { ok: true, steps: [{ label: 'Check the webhook URL', ok: true }] })
  t.notMatch(JSON.stringify(hub.logs), peer.state.token, 'the token is not in the logs')
})

t.test('"Send a test message" posts one message', async t => {
  const { hub, peer } = await setup(t)
  const saved = await hub.api('PUT', '/api/integrations/slack-webhook', { config: { webhookUrl: peer.webhookUrl, sendTestMessage: true } })
  t.equal(saved.status, 201)
  t.match(peer.posted, [{ text: /^Integration Hub is connected/ }])
  t.equal(peer.posted.length, 1)
})

t.test('a revoked, mistyped or unknown webhook URL is "not valid or was revoked" on the Webhook URL field', async t => {
  const { hub, peer } = await setup(t)
  const cases: Array<[string, string]> = [
    ['wrong token', peer.webhookUrl.replace(/\/[A-Za-z0-9]+$/, '/wrongToken123')],
    ['unknown webhook', `${peer.origin}/services/T0HUB0001/B0OTHER99/${peer.state.token}`]
  ]
  for (const [name, webhookUrl] of cases) {
    const res = await hub.api('PUT', '/api/integrations/slack-webhook', { config: { webhookUrl } })
    t.equal(res.status, 422, name)
    t.equal(res.body.message, 'This webhook URL is not valid or was revoked', name)
    t.strictSame(res.body.fields, [{ field: 'webhookUrl', message: 'This webhook URL is not valid or was revoked' }], name)
    t.notMatch(JSON.stringify(res.body), webhookUrl, 'the URL is not echoed')
  }
  peer.state.removed = true
  const removed = await hub.api('POST', '/api/integrations/slack-webhook/test', { config: { webhookUrl: peer.webhookUrl } })
  t.match(removed.body, { ok: false, code: 'INVALID_WEBHOOK', detail: 'Slack answered HTTP 404 “no_service”.' })
})

t.test('the channel, the workspace and other servers are told apart', async t => {
  const { hub, peer } = await setup(t)
  const test = async () => (await hub.api('POST', '/api/integrations/slack-webhook/test', { config: { webhookUrl: peer.webhookUrl } })).body
  peer.state.channel = 'archived'
  t.match(await test(), { ok: false, code: 'CHANNEL_ARCHIVED', message: 'The webhook’s channel is archived: unarchive it, or create a webhook for another channel' })
  peer.state.channel = 'deleted'
  t.match(await test(), { ok: false, code: 'CHANNEL_NOT_FOUND' })
  peer.state.channel = 'active'
  peer.state.prohibited = true
  t.match(await test(), { ok: false, code: 'POSTING_PROHIBITED', message: 'Your Slack workspace does not let this webhook post to its channel' })
  peer.state.prohibited = false
  peer.state.mode = 'html'
  t.match(await test(), { ok: false, code: 'NOT_SLACK', message: 'This URL did not answer like a Slack webhook', field: 'webhookUrl' })
})

t.test('a webhook that never answers times out on the Webhook URL field', async t => {
  const { hub, peer } = await setup(t, { mode: 'hang' }, 300)
  const res = await hub.api('PUT', '/api/integrations/slack-webhook', { config: { webhookUrl: peer.webhookUrl } })
  t.equal(res.status, 422)
  t.equal(res.body.message, 'Slack did not answer within 0.3 s')
  t.strictSame(res.body.fields, [{ field: 'webhookUrl', message: 'Slack did not answer within 0.3 s' }])
})

t.test('only Slack’s webhook hosts, or http on this machine, are accepted', async t => {
  const { hub } = await setup(t)
  for (const webhookUrl of ['https://example.com/services/T0/B0/abc', 'http://hooks.slack.com/services/T0HUB0001/B0HUB0001/abc', 'http://10.0.0.5/services/T0HUB0001/B0HUB0001/abc']) {
    const res = await hub.api('PUT', '/api/integrations/slack-webhook', { config: { webhookUrl } })
    t.equal(res.status, 400, webhookUrl)
    t.strictSame(res.body.fields, [{ field: 'webhookUrl', message: 'Webhook URL is not in the expected format.' }], webhookUrl)
  }
})

t.test('postMessage posts the text and answers { ok: true }; Slack’s refusals become the hub’s errors', async t => {
  const { hub, peer } = await setup(t)
  t.equal((await hub.api('PUT', '/api/integrations/slack-webhook', { config: { webhookUrl: peer.webhookUrl } })).status, 201)

  const sent = await hub.api('POST', '/api/integrations/slack-webhook/actions/postMessage', { text: 'Volume /data is at *95%*.' })
  t.equal(sent.status, 200)
  t.strictSame(sent.body, { ok: true })
  t.strictSame(peer.posted.map(message => message.payload), [{ text: 'Volume /data is at *95%*.', unfurl_links: false }])

  const empty = await hub.api('POST', '/api/integrations/slack-webhook/actions/postMessage', { text: '' })
  t.equal(empty.status, 400)
  t.strictSame(empty.body.fields, [{ field: 'text', message: 'Text is required.' }])

  peer.state.mode = 'rate-limited'
  const limited = await hub.api('POST', '/api/integrations/slack-webhook/actions/postMessage', { text: 'again' })
  t.equal(limited.status, 502)
  t.match(limited.body, { code: 'RATE_LIMITED', message: 'Slack is rate-limiting this webhook; retry in a minute', detail: 'Slack asks to wait 30 s.' })

  peer.state.mode = 'slack'
  peer.state.token = 'regeneratedToken789'
  const revoked = await hub.api('POST', '/api/integrations/slack-webhook/actions/postMessage', { text: 'again' })
  t.equal(revoked.status, 502)
  t.equal(revoked.body.message, 'This webhook URL is not valid or was revoked')
  t.equal(peer.posted.length, 1, 'only the first message was posted')
})
