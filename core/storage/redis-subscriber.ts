/**
 * The listening end of the Redis store's change feed: a duplicate of the store's client (a subscribed
 * connection takes no other commands), SUBSCRIBEd to the store's channel, handing every message to
 * the feed. The feed listens once Redis has confirmed the subscription: every script that runs from
 * then on publishes to this connection. When the connection fails (an error, Redis closing it, an
 * unanswered ping) the feed is deaf at once; the client redials as the store's does, subscribes again
 * before it is ready, and the feed listens again.
 */
import type { createClient } from '@redis/client'
import type { ChangeFeed } from './change-feed.js'

type RedisClient = ReturnType<typeof createClient>

/** What the subscribed connection calls itself in CLIENT LIST (names have no spaces). */
export const subscriberName = (channel: string): string => `integration-hub:${channel}`

export class RedisSubscriber {
  readonly #subscriber: RedisClient

  constructor (client: RedisClient, channel: string, feed: ChangeFeed) {
    const subscriber = this.#subscriber = client.duplicate({ name: subscriberName(channel) })
    const heard = (message: string): void => { feed.heard(message) }
    for (const event of ['error', 'reconnecting', 'end']) subscriber.on(event, () => { feed.deaf() })
    // The first time, this subscribes; after a reconnection the client already has, and this only confirms it.
    subscriber.on('ready', () => {
      subscriber.subscribe(channel, heard).then(() => { if (subscriber.isReady) feed.listening() }, () => {})
    })
    subscriber.connect().catch(() => {})
  }

  close (): void {
    // destroy(), as the store's own client: a graceful close waits for replies a lost connection never brings.
    if (this.#subscriber.isOpen) this.#subscriber.destroy()
  }
}
