import { spawnSync } from 'node:child_process'
import { statSync } from 'node:fs'
import path from 'node:path'
import t from 'tap'
import { readSettings } from '../../../core/standalone/settings.js'

t.test('defaults', async t => {
  const settings = readSettings({}, '/srv/hub')
  t.equal(settings.port, 3000)
  t.equal(settings.host, '127.0.0.1')
  t.equal(settings.dataDir, '/srv/hub/data')
  t.equal(settings.store, 'sqlite:///srv/hub/data/hub.sqlite')
  t.equal(settings.allowPrivateNetwork, false)
  t.equal(settings.outboundTimeoutMs, 10000)
  t.equal(settings.healthIntervalMs, 6 * 3600_000, 'connections are checked again every 6 hours')
  t.equal(settings.actionRetryHours, 24)
  t.equal(settings.metricsToken, undefined, 'the admin token reads the metrics')
  t.equal(settings.metricsPort, undefined, '/metrics beside the API')
})

t.test('durations, the metrics token and port', async t => {
  t.equal(readSettings({ HUB_HEALTH_INTERVAL: '30m' }).healthIntervalMs, 30 * 60_000)
  t.equal(readSettings({ HUB_HEALTH_INTERVAL: '1d' }).healthIntervalMs, 86_400_000)
  t.equal(readSettings({ HUB_HEALTH_INTERVAL: '0' }).healthIntervalMs, 0, '0 turns re-checks off')
  t.equal(readSettings({ HUB_ACTION_RETRY_HOURS: '0' }).actionRetryHours, 0, 'queued actions are tried once')
  t.equal(readSettings({ HUB_METRICS_TOKEN: 'scraper-token-0123456789' }).metricsToken, 'scraper-token-0123456789')
  t.equal(readSettings({ HUB_METRICS_PORT: '9464' }).metricsPort, 9464)
})

t.test('bad values are refused with one line naming the variable', async t => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ PORT: 'eighty' }, 'PORT: expected a whole number from 0 to 65535, got "eighty"'],
    [{ HUB_STORE: 'mysql://db' }, 'HUB_STORE: unsupported store "mysql"; use sqlite, redis or postgres'],
    [{ HUB_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'HUB_ENCRYPTION_KEY: key 1 must be 32 bytes in base64 (create one with: openssl rand -base64 32)'],
    [{ HUB_ADMIN_TOKEN: 'short' }, 'HUB_ADMIN_TOKEN: must be at least 16 characters long'],
    [{ HUB_PUBLIC_URL: 'ftp://x' }, 'HUB_PUBLIC_URL: expected an http(s) URL such as https://hub.example.com, got "ftp://x"'],
    [{ HUB_ALLOW_PRIVATE_NETWORK: '10.0.0.0/99' }, 'HUB_ALLOW_PRIVATE_NETWORK: expected 1 (the private networks), or a comma-separated list of CIDR ranges such as 10.20.0.0/16,127.0.0.1/32 (`private` for the private networks): "10.0.0.0/99" has a bad prefix length'],
    [{ HUB_TRUST_PROXY: 'the-load-balancer' }, 'HUB_TRUST_PROXY: expected the number of proxies in front of the hub (1), or their addresses or CIDR ranges (10.0.0.0/8): "the-load-balancer" is not an IP range'],
    [{ HUB_HEALTH_INTERVAL: '6 hours' }, 'HUB_HEALTH_INTERVAL: expected a duration of 60 s or more such as 30m, 6h or 1d (0 turns it off), got "6 hours"'],
    [{ HUB_HEALTH_INTERVAL: '10s' }, 'HUB_HEALTH_INTERVAL: expected a duration of 60 s or more such as 30m, 6h or 1d (0 turns it off), got "10s"'],
    [{ HUB_ACTION_RETRY_HOURS: '200' }, 'HUB_ACTION_RETRY_HOURS: expected a whole number from 0 to 168, got "200"'],
    [{ HUB_METRICS_TOKEN: 'short' }, 'HUB_METRICS_TOKEN: must be at least 16 characters long'],
    [{ HUB_METRICS_PORT: '0' }, 'HUB_METRICS_PORT: expected a whole number from 1 to 65535, got "0"'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent, got "loud"']
  ]
  for (const [env, message] of cases) t.throws(() => readSettings(env), { code: 'HUB_ERR_INVALID_SETTING', message })
})

t.test('npm start: bad configuration stops with one clear line', async t => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'core/standalone/main.ts'], {
    env: { ...process.env, PORT: 'eighty', HUB_DATA_DIR: t.testdir() },
    encoding: 'utf8',
    timeout: 30_000
  })
  t.equal(result.status, 1)
  t.equal(result.stderr, 'Integration Hub cannot start: PORT: expected a whole number from 0 to 65535, got "eighty"\n')
})

t.test('npm start: first start generates the admin token, prints it once, keeps it 0600', async t => {
  const dataDir = t.testdir()
  const start = () => spawnSync(process.execPath, ['--import', 'tsx', '-e', `
    process.env.PORT = '0'
    process.env.HUB_DATA_DIR = ${JSON.stringify(dataDir)}
    process.once('SIGTERM', () => {})
    setTimeout(() => process.kill(process.pid, 'SIGTERM'), 2500)
    await import('./core/standalone/main.ts')
  `], { encoding: 'utf8', timeout: 30_000, env: { ...process.env, LOG_LEVEL: 'warn' } })
  const first = start()
  t.match(first.stdout, /Integration Hub is running: open http:\/\/127\.0\.0\.1:\d+\//)
  const token = /Admin token \(shown once, kept in .*admin\.token\): (\S+)/.exec(first.stdout)?.[1]
  t.ok(token, 'the token was printed')
  t.equal(statSync(path.join(dataDir, 'admin.token')).mode & 0o777, 0o600)
  const second = start()
  t.notMatch(second.stdout, token!, 'not printed again')
  t.match(second.stdout, /Admin token: in .*admin\.token\./)
})
