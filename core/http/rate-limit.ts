/**
 * Rate-limit counters kept in a shared store (Redis, PostgreSQL), so that several hub instances
 * behind one load balancer count together. Each counter is a fixed window, updated atomically. A
 * key generator that starts with `<workspace>|` files the counter in that workspace; one keyed by
 * address alone (sign-in) is the hub's own.
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit'
import { keys } from '../storage/keys.js'
import type { HubStore } from '../storage/store.js'

function counterKey (scope: string, key: string): string {
  const bar = key.indexOf('|')
  const counter = encodeURIComponent(`${scope}:${bar === -1 ? key : key.slice(bar + 1)}`)
  return bar === -1 ? `hub/rate/${counter}` : keys.rateLimit(key.slice(0, bar), counter)
}

interface Window {
  start: number
  count: number
}

class StoreCounters implements FastifyRateLimitStore {
  constructor (private readonly store: HubStore, private readonly scope: string) {}

  incr (key: string, callback: (error: Error | null, result?: { current: number, ttl: number }) => void, timeWindow: number): void {
    const now = Date.now()
    this.store.update<Window>(counterKey(this.scope, key), window =>
      window !== undefined && window.start + timeWindow > now
        ? { start: window.start, count: window.count + 1 }
        : { start: now, count: 1 }, { ttlMs: timeWindow })
      .then(({ next }) => callback(null, { current: next!.count, ttl: next!.start + timeWindow - now }), (error: Error) => callback(error))
  }

  /** One counter per route: the plugin passes the route's limit options, with the route itself as `routeInfo` (not what its typings say). */
  child (options: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
    const { method, url } = (options as unknown as { routeInfo: { method: string | string[], url: string } }).routeInfo
    return new StoreCounters(this.store, `${[method].flat().join(',')} ${url}`)
  }
}

/** The store class @fastify/rate-limit instantiates, bound to the hub's store. */
export function rateLimitStore (store: HubStore): FastifyRateLimitStoreCtor {
  return class extends StoreCounters {
    constructor () {
      super(store, 'global')
    }
  }
}
