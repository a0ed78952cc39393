/**
 * HUB_METRICS_PORT, as operators run it: `npm start` serves /metrics on a port of its own, with no
 * token, and nothing else there; the API's port then has no /metrics at all.
 */
import t from 'tap'
import { ADMIN_TOKEN, baseEnv, startHub } from '../../support/processes.js'
import { freePort } from '../../support/hub.js'

t.test('metrics on a port of their own: Prometheus text there, no /metrics beside the API', async t => {
  const metricsPort = await freePort()
  const hub = await startHub(t, baseEnv(t.testdir(), { HUB_METRICS_PORT: String(metricsPort), LOG_LEVEL: 'warn' }))
  t.match(hub.output(), `Metrics: http://127.0.0.1:${metricsPort}/metrics`, 'the start-up lines say where')
  const api = `http://127.0.0.1:${hub.port}`
  const auth = { authorization: `Bearer ${ADMIN_TOKEN}` }
  t.equal((await fetch(`${api}/api/integrations`, { headers: auth })).status, 200, 'a request the metrics count')

  const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`)
  t.equal(scraped.status, 200, 'no token asked for')
  t.match(scraped.headers.get('content-type'), /^text\/plain; version=0\.0\.4/)
  const text = await scraped.text()
  t.match(text, /^hub_http_request_duration_seconds_count\{method="GET",route="\/api\/integrations",status_code="200"\} [1-9]/m, 'the API request is counted')
  t.notMatch(text, ADMIN_TOKEN)

  const other = await fetch(`http://127.0.0.1:${metricsPort}/api/integrations`, { headers: auth })
  t.equal(other.status, 404, 'the metrics port serves nothing else')
  t.equal((await other.json()).error, 'HUB_ERR_ROUTE_NOT_FOUND')
  t.equal((await fetch(`${api}/metrics`, { headers: auth })).status, 404, 'and the API port has no /metrics')

  hub.child.kill('SIGTERM')
  t.equal(await hub.exited, 0, 'SIGTERM closes both ports')
})
