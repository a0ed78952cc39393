/**
 * The HTTP request durations histogram, in the hub's prom-client registry. prom-client's own
 * Histogram builds and hashes a label string on every observation, a measurable share of a cached
 * catalog request at 20 000 requests a second; here each series is found through maps keyed by the
 * route pattern, the method and the status code (strings the router and the parser hand out as the
 * same objects every time), and the registry renders the series as a histogram when it is scraped.
 */
import type { Metric } from 'prom-client'

const NAME = 'hub_http_request_duration_seconds'

/** Upper bounds of the buckets, in seconds. */
const BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]

/** One line of the rendering, as prom-client's registry formats it. */
interface Sample {
  metricName: string
  labels: Record<string, string | number>
  value: number
}

interface Series {
  labels: { method: string, route: string, status_code: string }
  /** Observations per bucket (not cumulative); the last counts those above every bound. */
  counts: number[]
  sum: number
  count: number
}

export class RequestDurations {
  readonly name = NAME
  readonly help = 'HTTP requests by method, route pattern and status code'
  readonly type = 'histogram'
  readonly aggregator = 'sum'
  /** Series by route, then method, then status code. */
  #series = new Map<string, Map<string, Map<number, Series>>>()

  observe (method: string, route: string, statusCode: number, seconds: number): void {
    let byMethod = this.#series.get(route)
    if (byMethod === undefined) this.#series.set(route, byMethod = new Map())
    let byStatus = byMethod.get(method)
    if (byStatus === undefined) byMethod.set(method, byStatus = new Map())
    let series = byStatus.get(statusCode)
    if (series === undefined) {
      byStatus.set(statusCode, series = { labels: { method, route, status_code: String(statusCode) }, counts: new Array<number>(BUCKETS.length + 1).fill(0), sum: 0, count: 0 })
    }
    let bucket = 0
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]!) bucket++
    series.counts[bucket]!++
    series.sum += seconds
    series.count++
  }

  /** What the registry renders: per series, the cumulative buckets, then `+Inf`, the sum and the count. */
  get (): { name: string, help: string, type: string, aggregator: string, values: Sample[] } {
    const values: Sample[] = []
    for (const byMethod of this.#series.values()) {
      for (const byStatus of byMethod.values()) {
        for (const { labels, counts, sum, count } of byStatus.values()) {
          let below = 0
          BUCKETS.forEach((bound, index) => {
            below += counts[index]!
            values.push({ metricName: `${NAME}_bucket`, labels: { le: bound, ...labels }, value: below })
          })
          values.push({ metricName: `${NAME}_bucket`, labels: { le: '+Inf', ...labels }, value: count })
          values.push({ metricName: `${NAME}_sum`, labels, value: sum })
          values.push({ metricName: `${NAME}_count`, labels, value: count })
        }
      }
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values }
  }

  reset (): void {
    this.#series = new Map()
  }

  /** As the registry takes it: prom-client's Metric type names its own classes' other methods too. */
  asMetric (): Metric {
    return this as unknown as Metric
  }
}
