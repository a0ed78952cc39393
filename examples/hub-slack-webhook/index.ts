/**
 * Slack incoming webhooks: the platform posts messages to one Slack channel.
 *
 * A webhook URL is the whole credential (it names the workspace, the webhook and carries its
 * token), so it is a `writeOnly` setting. Slack webhooks have no dry run: unless the admin asks for
 * a test message, the connection test POSTs an empty message, which a live webhook refuses with
 * 400 `no_text`/`invalid_payload` without posting anything, while a revoked or mistyped one answers
 * 403 `invalid_token` or 404 `no_service` — so the test proves the URL works and leaves the channel
 * alone. Slack's answers are documented in "Improving error conditions for Incoming Webhooks"
 * (api.slack.com/changelog/2016-05-17) and the "Handling errors" section of the incoming webhooks guide.
 */
import { defineAction, defineIntegration, type FromSchema, type IntegrationContext } from 'integration-hub/plugin'

/**
 * Slack's webhook hosts (hooks.slack-gov.com is GovSlack's), or plain http on this machine only,
 * where a local stand-in answers in tests. The hub's outbound guard still refuses loopback unless
 * the operator allows private networks (HUB_ALLOW_PRIVATE_NETWORK).
 */
const webhookUrlPattern = '^(https://hooks\\.slack(-gov)?\\.com|https?://(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]{1,5})?)/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+$'

const schema = {
  type: 'object',
  additionalProperties: false,
  required: ['webhookUrl'],
  properties: {
    webhookUrl: {
      type: 'string',
      title: 'Webhook URL',
      description: 'From your Slack app: Features → Incoming Webhooks → Webhook URL. Keep it secret: anyone with it can post to the channel.',
      format: 'uri',
      pattern: webhookUrlPattern,
      examples: ['https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX'],
      writeOnly: true
    },
    channelName: {
      type: 'string',
      title: 'Channel',
      description: 'For your reference: the channel you picked when creating the webhook. Slack always posts to that channel.',
      examples: ['#alerts'],
      maxLength: 80
    },
    sendTestMessage: {
      type: 'boolean',
      title: 'Send a test message',
      description: 'Post a short message in the channel when the connection is tested. Off, the test checks the URL without posting anything.',
      default: false
    }
  }
} as const

type Settings = FromSchema<typeof schema>

/** Slack's answers that mean "this webhook exists, but the message was empty or malformed". */
const emptyMessageAnswers = new Set(['no_text', 'invalid_payload', 'missing_text_or_fallback_or_attachments'])

interface SlackReply {
  status: number
  /** Slack answers with one word (`ok`, `no_text`, `invalid_token`…); empty for anything else. */
  word: string
  retryAfter: string | null
}

async function post (config: Settings, payload: unknown, ctx: IntegrationContext): Promise<SlackReply> {
  const response = await ctx.fetch(config.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload)
  })
  const text = (await response.text()).trim()
  return { status: response.status, word: /^[a-z_]{1,64}$/.test(text) ? text : '', retryAfter: response.headers.get('retry-after') }
}

/** Slack's answer → this plugin's code. */
function failure (reply: SlackReply, ctx: IntegrationContext): Error {
  const detail = `Slack answered HTTP ${reply.status}${reply.word === '' ? '' : ` “${reply.word}”`}.`
  switch (reply.word) {
    case 'invalid_token':
    case 'no_service':
    case 'no_team':
      return ctx.fail('INVALID_WEBHOOK', { detail })
    case 'channel_not_found': return ctx.fail('CHANNEL_NOT_FOUND', { detail })
    case 'channel_is_archived': return ctx.fail('CHANNEL_ARCHIVED', { detail })
    case 'action_prohibited': return ctx.fail('POSTING_PROHIBITED', { detail })
  }
  if (reply.status === 429) {
    return ctx.fail('RATE_LIMITED', reply.retryAfter === null ? { detail } : { detail: `Slack asks to wait ${reply.retryAfter} s.` })
  }
  if (reply.status >= 500) return ctx.fail('SLACK_ERROR', { params: { status: reply.status }, detail })
  if (reply.word === '') return ctx.fail('NOT_SLACK', { detail })
  return ctx.fail('MESSAGE_REJECTED', { params: { error: reply.word }, fields: [{ field: 'text', message: `Slack refused the message: ${reply.word}.` }] })
}

export default defineIntegration({
  id: 'slack-webhook',
  name: 'Slack',
  description: 'Post messages to a Slack channel through an incoming webhook.',
  version: '1.0.0',
  icon: '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="M4 5h16v11H9l-5 4z"/><path d="M9 9h6M9 12h4"/></svg>',
  schema,
  errors: {
    INVALID_WEBHOOK: { message: 'This webhook URL is not valid or was revoked', field: 'webhookUrl' },
    CHANNEL_NOT_FOUND: { message: 'The webhook’s channel no longer exists: create a webhook for another channel', field: 'webhookUrl' },
    CHANNEL_ARCHIVED: { message: 'The webhook’s channel is archived: unarchive it, or create a webhook for another channel', field: 'webhookUrl' },
    POSTING_PROHIBITED: { message: 'Your Slack workspace does not let this webhook post to its channel', field: 'webhookUrl' },
    NOT_SLACK: { message: 'This URL did not answer like a Slack webhook', field: 'webhookUrl' },
    RATE_LIMITED: { message: 'Slack is rate-limiting this webhook; retry in a minute' },
    SLACK_ERROR: { message: 'Slack answered with an error (HTTP {status}); retry later' },
    MESSAGE_REJECTED: { message: 'Slack refused the message ({error})' },
    UNREACHABLE: { message: 'Slack could not be reached', field: 'webhookUrl' },
    TIMEOUT: { message: 'Slack did not answer within {seconds} s', field: 'webhookUrl' },
    ADDRESS_BLOCKED: { message: 'This webhook URL’s address is not allowed ({reason})', field: 'webhookUrl' }
  },

  async test (config, ctx) {
    if (config.sendTestMessage === true) {
      await ctx.step('Post a test message', async () => {
        const reply = await post(config, { text: 'Integration Hub is connected: messages from the platform will appear in this channel.' }, ctx)
        if (reply.status !== 200 || reply.word !== 'ok') throw failure(reply, ctx)
      })
      return
    }
    await ctx.step('Check the webhook URL', async () => {
      // An empty message: a live webhook refuses it (nothing is posted); a dead one says why.
      const reply = await post(config, {}, ctx)
      const live = (reply.status === 400 && emptyMessageAnswers.has(reply.word)) || (reply.status === 200 && reply.word === 'ok')
      if (!live) throw failure(reply, ctx)
    })
  },

  actions: {
    postMessage: defineAction({
      title: 'Post a message',
      description: 'Posts one message to the webhook’s channel.',
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['text'],
        properties: {
          text: {
            type: 'string',
            title: 'Text',
            description: 'Slack mrkdwn: *bold*, _italic_, <https://example.com|a link>. Slack truncates messages past 40,000 characters.',
            minLength: 1,
            maxLength: 40_000
          },
          unfurlLinks: { type: 'boolean', title: 'Unfurl links', description: 'Show a preview of the links in the message.', default: false }
        }
      },
      output: {
        type: 'object',
        additionalProperties: false,
        required: ['ok'],
        properties: { ok: { const: true, title: 'Posted', description: 'Slack accepted the message.' } }
      },
      async run (config: Settings, input, ctx) {
        const reply = await post(config, { text: input.text, unfurl_links: input.unfurlLinks ?? false }, ctx)
        if (reply.status !== 200 || reply.word !== 'ok') throw failure(reply, ctx)
        return { ok: true as const }
      }
    })
  }
})
