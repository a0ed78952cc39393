/**
 * A local stand-in for Slack's incoming webhooks (hooks.slack.com/services/T…/B…/token), answering
 * as Slack does: a bare word as a text/html body with an HTTP status. Sources:
 * - "Improving error conditions for Incoming Webhooks" (api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks):
 *   400 invalid_payload (the body cannot be understood), 403 action_prohibited, 404 channel_not_found,
 *   410 channel_is_archived, 500 rollup_error; 200 and "ok" on success.
 * - The "Handling errors" table of Slack's incoming webhooks guide, as clients report it: 403
 *   invalid_token (a wrong token segment), 404 no_service (a webhook that does not exist or was
 *   removed), 400 no_text (a message with no text, blocks or attachments) — e.g. slackapi/slack-github-action#249,
 *   fluxcd/flagger#1031.
 * - "Rate limits" (api.slack.com/docs/rate-limits): posting messages, 1 per second; over it, 429 with Retry-After.
 */
import { startHttpPeer, type RecordedRequest } from './http-peer.js'

export type SlackPeerMode =
  /** Answers like Slack. */
  | 'slack'
  /** Accepts connections, never answers. */
  | 'hang'
  /** Any web server that is not Slack: an HTML page at every path. */
  | 'html'
  /** Every post is over the rate limit. */
  | 'rate-limited'

export interface SlackPeerState {
  mode: SlackPeerMode
  /** The webhook's token segment; change it to play a regenerated URL. */
  token: string
  /** The webhook was removed from the app (Slack: 404 no_service). */
  removed: boolean
  channel: 'active' | 'archived' | 'deleted'
  /** The workspace forbids this webhook to post (Slack: 403 action_prohibited). */
  prohibited: boolean
}

export interface PostedMessage {
  text: string
  payload: Record<string, unknown>
}

export interface SlackPeer {
  /** The one webhook this peer serves, e.g. http://127.0.0.1:PORT/services/T0HUB0001/B0HUB0001/abc… */
  webhookUrl: string
  /** The peer's origin, for URLs of webhooks it does not know. */
  origin: string
  state: SlackPeerState
  /** Messages Slack would have shown in the channel. */
  posted: PostedMessage[]
  /** Every request, in order. */
  requests: RecordedRequest[]
  close(): Promise<void>
}

const TEAM = 'T0HUB0001'
const BOT = 'B0HUB0001'

export async function startSlackPeer (options: Partial<SlackPeerState> = {}): Promise<SlackPeer> {
  const state: SlackPeerState = { mode: 'slack', token: 'abcDEF123ghiJKL456mnoPQR', removed: false, channel: 'active', prohibited: false, ...options }
  const posted: PostedMessage[] = []

  const answer = (method: string, path: string, body: string): { status: number, word: string, headers?: Record<string, string> } => {
    const match = /^\/services\/(T[A-Z0-9]+)\/(B[A-Z0-9]+)\/([A-Za-z0-9]+)$/.exec(path)
    if (match === null || match[1] !== TEAM || match[2] !== BOT || state.removed) return { status: 404, word: 'no_service' }
    if (match[3] !== state.token) return { status: 403, word: 'invalid_token' }
    if (method !== 'POST') return { status: 405, word: 'invalid_method' }
    if (state.mode === 'rate-limited') return { status: 429, word: 'rate_limited', headers: { 'retry-after': '30' } }
    if (state.prohibited) return { status: 403, word: 'action_prohibited' }
    if (state.channel === 'deleted') return { status: 404, word: 'channel_not_found' }
    if (state.channel === 'archived') return { status: 410, word: 'channel_is_archived' }
    let payload: unknown
    try {
      payload = JSON.parse(body)
    } catch {
      return { status: 400, word: 'invalid_payload' }
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return { status: 400, word: 'invalid_payload' }
    const message = payload as Record<string, unknown>
    if (typeof message.text !== 'string' || message.text === '') {
      if (message.blocks === undefined && message.attachments === undefined) return { status: 400, word: 'no_text' }
    }
    posted.push({ text: String(message.text ?? ''), payload: message })
    return { status: 200, word: 'ok' }
  }

  const peer = await startHttpPeer(({ method, path, body }) => {
    if (state.mode === 'hang') return undefined
    if (state.mode === 'html') return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!doctype html><title>Welcome</title><p>It works!</p>' }
    const { status, word, headers = {} } = answer(method, path, body)
    return { status, headers: { 'content-type': 'text/html', ...headers }, body: word }
  })
  return {
    get webhookUrl () { return `${peer.url}/services/${TEAM}/${BOT}/${state.token}` },
    origin: peer.url,
    state,
    posted,
    requests: peer.requests,
    close: peer.close
  }
}
