/**
 * The request durations histogram (core/metrics/request-durations.ts) renders exactly what
 * prom-client's own Histogram renders for the same observations: the same buckets, counts and sums,
 * line for line, including values on a bucket's bound, above every bound, and series seen again
 * after a reset.
 */
import { Histogram, Registry } from 'prom-client'
import t from 'tap'
import { RequestDurations } from '../../../core/metrics/request-durations.js'

const observations: Array<[string, string, number, number]> = [
  ['GET', '/api/integrations', 200, 0.0004],
  ['GET', '/api/integrations', 200, 0.001],
  ['GET', '/api/integrations', 200, 0.0051],
  ['GET', '/api/integrations', 304, 0.2],
  ['PUT', '/api/integrations/:id', 400, 0.05],
  ['PUT', '/api/integrations/:id', 201, 0.75],
  ['POST', '/api/integrations/:id/test', 200, 12],
  ['GET', 'unmatched', 404, 0]
]

async function rendered (durations: RequestDurations): Promise<string> {
  const registry = new Registry()
  registry.registerMetric(durations.asMetric())
  return await registry.metrics()
}

async function renderedByPromClient (observed: typeof observations): Promise<string> {
  const registry = new Registry()
  const histogram = new Histogram({
    name: 'hub_http_request_duration_seconds',
    help: 'HTTP requests by method, route pattern and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10],
    registers: [registry]
  })
  for (const [method, route, status, seconds] of observed) histogram.observe({ method, route, status_code: String(status) }, seconds)
  return await registry.metrics()
}

t.test('renders what prom-client’s Histogram renders for the same observations', async t => {
  const durations = new RequestDurations()
  for (const [method, route, status, seconds] of observations) durations.observe(method, route, status, seconds)
  const text = await rendered(durations)
  t.equal(text, await renderedByPromClient(observations))
  t.match(text, /^hub_http_request_duration_seconds_bucket\{le="0.001",method="GET",route="\/api\/integrations",status_code="200"\} 2$/m, 'a value on a bound counts in its bucket')
  t.match(text, /^hub_http_request_duration_seconds_bucket\{le="10",method="POST",route="\/api\/integrations\/:id\/test",status_code="200"\} 0$/m, 'one above every bound is only in +Inf')
})

t.test('after a reset it counts from nothing again', async t => {
  const durations = new RequestDurations()
  for (const [method, route, status, seconds] of observations) durations.observe(method, route, status, seconds)
  durations.reset()
  t.notMatch(await rendered(durations), /_count/, 'no series are left')
  const again = observations.slice(0, 2)
  for (const [method, route, status, seconds] of again) durations.observe(method, route, status, seconds)
  t.equal(await rendered(durations), await renderedByPromClient(again))
})
