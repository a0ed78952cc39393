/**
 * (b) Save with test: `PUT /api/integrations/smtp` (validate, connection test, store, audit) through
 * `app.inject`, against the SMTP server in its own process, interleaved with the baseline: nodemailer
 * `verify()` of the same server. What the hub adds is the difference of the medians.
 */
import { buildApp } from '../core/standalone/app.js'
import { readSettings } from '../core/standalone/settings.js'
import { median, percentile } from './load.js'
import { ADMIN_TOKEN, tempDir } from './processes.js'
import { goal, round1, type Row } from './report.js'
import { startSmtpPeer } from './smtp-peer.js'

const WARMUPS = 5
const RUNS = 50
const GOAL_MS = 5

export async function measureSave (): Promise<Row[]> {
  const peer = await startSmtpPeer()
  const app = await buildApp(readSettings({ HUB_DATA_DIR: await tempDir(), LOG_LEVEL: 'info' }), {
    adminToken: ADMIN_TOKEN,
    // Loopback is opened only when named: the SMTP server listens on 127.0.0.1.
    allowPrivateNetwork: ['127.0.0.0/8'],
    trustedCertificates: [peer.ca],
    ui: false
  }, { write: () => {} })
  try {
    await app.ready()
    let run = 0
    const save = async (): Promise<number> => {
      run++
      const started = performance.now()
      const response = await app.inject({
        method: 'PUT',
        url: '/api/integrations/smtp',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
        // An admin saves from one address; three take turns here, so the per-admin limit on connection
        // tests (30 a minute) is never reached. A new address per save would measure a cold read of its
        // wrong-token counter instead.
        remoteAddress: `10.0.0.${(run % 3) + 1}`,
        payload: { config: peer.config }
      })
      const elapsed = performance.now() - started
      if (response.statusCode !== 201 && response.statusCode !== 200) throw new Error(`save failed: ${response.statusCode} ${response.body}`)
      return elapsed
    }
    for (let warmup = 0; warmup < WARMUPS; warmup++) {
      await save()
      await peer.verify()
    }
    const hubTimes: number[] = []
    const directTimes: number[] = []
    for (let i = 0; i < RUNS; i++) {
      hubTimes.push(await save())
      directTimes.push(await peer.verify())
    }
    const overhead = median(hubTimes) - median(directTimes)
    return [{
      benchmark: `(b) Save with test, PUT smtp (STARTTLS + AUTH), ms median / p95 of ${RUNS}`,
      hub: `${round1(median(hubTimes))} / ${round1(percentile(hubTimes, 0.95))}`,
      baseline: `${round1(median(directTimes))} / ${round1(percentile(directTimes, 0.95))} (nodemailer verify)`,
      result: `overhead ${round1(overhead)} ms at the median`,
      goal: goal(`< ${GOAL_MS} ms`, overhead < GOAL_MS)
    }]
  } finally {
    await app.close()
    await peer.close()
  }
}
