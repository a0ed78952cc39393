/**
 * (m) Action overhead: the Jira plugin's `createIssue` through the hub — `POST
 * /api/integrations/jira/actions/createIssue` through `app.inject` (authentication, workspace, input
 * validation, the stored settings opened, the plugin building Atlassian Document Format, the outbound
 * guard, the answer mapped and serialized) — against the same `POST /rest/api/3/issue`, with the same
 * body and Basic credentials, sent straight with undici to the same Jira stand-in in its own process
 * (bench/jira-server.ts), the two taking turns. What the hub adds is the difference at the median and
 * at p99.
 */
import { Agent, request } from 'undici'
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { median, percentile } from './load.js'
import { ADMIN_TOKEN, startPeerProcess, tempDir } from './processes.js'
import { goal, round1, type Row } from './report.js'

const WARMUPS = 50
const RUNS = 500
const GOAL_MEDIAN_MS = 1.5
const GOAL_P99_MS = 3

const EMAIL = 'ada@example.com'
const API_TOKEN = 'ATATT3xFfGF0-jira-api-token'
const INPUT = { projectKey: 'OPS', summary: 'Mail server down', issueType: 'Bug', description: 'Nobody receives any mail.', labels: ['outage'] }
/** What the plugin sends for INPUT (test/plugins/jira-actions.test.ts asserts the same shape). */
const JIRA_BODY = JSON.stringify({
  fields: {
    project: { key: 'OPS' },
    summary: 'Mail server down',
    issuetype: { name: 'Bug' },
    description: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Nobody receives any mail.' }] }] },
    labels: ['outage']
  }
})

export async function measureActions (): Promise<Row[]> {
  const site = await startPeerProcess<{ url: string }>('bench/jira-server.ts')
  const { url } = site.said
  const app = await buildApp(readSettings({ HUB_DATA_DIR: await tempDir(), LOG_LEVEL: 'info' }), {
    adminToken: ADMIN_TOKEN,
    // Loopback is opened only when named: the stand-in listens on 127.0.0.1.
    allowPrivateNetwork: ['127.0.0.0/8'],
    ui: false
  }, { write: () => {} })
  const direct = new Agent()
  try {
    await app.ready()
    const saved = await app.inject({ method: 'PUT', url: '/api/integrations/jira', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: { config: { serviceUrl: url, email: EMAIL, apiToken: API_TOKEN } } })
    if (saved.statusCode !== 201) throw new Error(`saving Jira failed: ${saved.statusCode} ${saved.body}`)
    const throughHub = async (): Promise<number> => {
      const started = performance.now()
      const response = await app.inject({ method: 'POST', url: '/api/integrations/jira/actions/createIssue', headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, payload: INPUT })
      const elapsed = performance.now() - started
      if (response.statusCode !== 200) throw new Error(`createIssue failed: ${response.statusCode} ${response.body}`)
      return elapsed
    }
    const straight = async (): Promise<number> => {
      const started = performance.now()
      const response = await request(`${url}/rest/api/3/issue`, {
        method: 'POST',
        dispatcher: direct,
        headers: { authorization: `Basic ${Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64')}`, 'content-type': 'application/json', accept: 'application/json' },
        body: JIRA_BODY
      })
      await response.body.json()
      const elapsed = performance.now() - started
      if (response.statusCode !== 201) throw new Error(`the direct request failed: ${response.statusCode}`)
      return elapsed
    }
    for (let warmup = 0; warmup < WARMUPS; warmup++) {
      await throughHub()
      await straight()
    }
    const hubTimes: number[] = []
    const directTimes: number[] = []
    for (let run = 0; run < RUNS; run++) {
      hubTimes.push(await throughHub())
      directTimes.push(await straight())
    }
    const added = median(hubTimes) - median(directTimes)
    const addedAtP99 = percentile(hubTimes, 0.99) - percentile(directTimes, 0.99)
    return [{
      benchmark: `(m) Jira createIssue through the hub, ms median / p99 of ${RUNS}`,
      hub: `${round1(median(hubTimes))} / ${round1(percentile(hubTimes, 0.99))}`,
      baseline: `${round1(median(directTimes))} / ${round1(percentile(directTimes, 0.99))} (undici straight)`,
      result: `added ${round1(added)} ms at the median, ${round1(addedAtP99)} at p99`,
      goal: goal(`≤ ${GOAL_MEDIAN_MS} / ≤ ${GOAL_P99_MS} ms`, added <= GOAL_MEDIAN_MS && addedAtP99 <= GOAL_P99_MS)
    }]
  } finally {
    await app.close()
    await direct.close()
    await site.close()
  }
}
