import t, { type Test } from 'tap'
import { createTestHub } from '../support/hub.js'
import { startJiraPeer, type JiraPeer, type JiraPeerOptions } from '../support/peers/jira.js'

const email = 'ada@example.com'
const apiToken = 'ATATT3xFfGF0-jira-api-token'

async function peerFor (t: Test, options: JiraPeerOptions = {}): Promise<JiraPeer> {
  const peer = await startJiraPeer({ email, apiToken, ...options })
  t.teardown(() => peer.close())
  return peer
}

function configFor (peer: { url: string }, overrides: Record<string, string> = {}): Record<string, string> {
  return { description: 'Ops tickets', serviceUrl: peer.url, apiToken, email, ...overrides }
}

/** A URL on which nothing listens: a peer started and closed again. */
async function closedUrl (): Promise<string> {
  const peer = await startJiraPeer()
  await peer.close()
  return peer.url
}

async function configuredHub (t: Test, peer: JiraPeer, options: { timeoutMs?: number } = {}) {
  const hub = await createTestHub(t, options)
  const saved = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })
  t.equal(saved.status, 201, 'the working config is saved')
  return hub
}

const steps = (body: { steps: Array<{ label: string, ok: boolean }> }) => body.steps.map((step) => [step.label, step.ok])

t.test('saving a working config checks the site anonymously, then signs in with Basic email:token', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })

  t.equal(res.status, 201)
  const [serverInfo, myself] = peer.requests
  t.equal(serverInfo?.path, '/rest/api/2/serverInfo', 'the one serverInfo both deployments serve')
  t.equal(serverInfo?.headers.authorization, undefined, 'serverInfo is asked anonymously')
  t.equal(myself?.path, '/rest/api/3/myself')
  t.equal(myself?.headers.authorization, `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`)
  const tested = await hub.api('POST', '/api/integrations/jira/test', {})
  t.equal(tested.body.ok, true)
  t.same(steps(tested.body), [['Reach the Jira site', true], ['Sign in with the API token', true]])
})

t.test('a wrong token is "Invalid API Token" on the API Token field', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer, { apiToken: 'revoked-token' }) })

  t.equal(res.status, 422)
  t.equal(res.body.error, 'HUB_ERR_TEST_FAILED')
  t.equal(res.body.message, 'Invalid API Token')
  t.same(res.body.fields, [{ field: 'apiToken', message: 'Invalid API Token' }])
  t.equal(res.body.test.code, 'INVALID_TOKEN')
  t.same(steps(res.body.test), [['Reach the Jira site', true], ['Sign in with the API token', false]])
})

t.test('a wrong email with a right token is "Invalid API Token" too, and the detail names both', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer, { email: 'someone@example.com' }) })

  t.equal(res.body.ok, false)
  t.equal(res.body.message, 'Invalid API Token')
  t.match(res.body.detail, /User Email and API Token/)
})

t.test('the account password instead of an API token gets its own hint', async (t) => {
  const peer = await peerFor(t, { accountPassword: 'hunter2-password' })
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer, { apiToken: 'hunter2-password' }) })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'PASSWORD_NOT_TOKEN')
  t.equal(res.body.message, 'This looks like a password: Jira needs an API token here')
  t.match(res.body.detail, /id\.atlassian\.com/)
  t.notMatch(JSON.stringify(res.body), /hunter2-password/, 'the password is not echoed')
  t.same(res.body.fields, [{ field: 'apiToken', message: 'This looks like a password: Jira needs an API token here' }])
})

t.test('a refused connection is "Unable to connect to the Jira instance" on the Service URL field', async (t) => {
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor({ url: await closedUrl() }) })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'UNREACHABLE')
  t.equal(res.body.message, 'Unable to connect to the Jira instance')
  t.same(res.body.fields, [{ field: 'serviceUrl', message: 'Unable to connect to the Jira instance' }])
})

t.test('a host name that does not resolve is "Unable to connect to the Jira instance"', async (t) => {
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor({ url: 'https://no-such-site.invalid' }) })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'UNREACHABLE')
  t.equal(res.body.message, 'Unable to connect to the Jira instance')
  t.equal(res.body.field, 'serviceUrl')
})

t.test('a site that accepts the connection but never answers ends at the deadline', async (t) => {
  const peer = await peerFor(t, { mode: 'hang' })
  const hub = await createTestHub(t, { timeoutMs: 500 })
  const started = Date.now()

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'TIMEOUT')
  t.equal(res.body.message, 'Unable to connect to the Jira instance: no answer within 0.5 s')
  t.equal(res.body.test.field, 'serviceUrl')
  t.ok(Date.now() - started < 3000, 'the answer comes at the deadline, not later')
})

t.test('a web site that is not Jira is said to be one, and gets no credentials', async (t) => {
  const peer = await peerFor(t, { mode: 'html' })
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer) })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'This URL is not a Jira site')
  t.match(res.body.detail, /text\/html/)
  t.same(res.body.fields, [{ field: 'serviceUrl', message: 'This URL is not a Jira site' }])
  t.notOk(peer.requests.some((request) => request.headers.authorization !== undefined), 'no Authorization header was sent')
})

t.test('a site of a deployment type Jira does not have is not taken for Jira', async (t) => {
  const peer = await peerFor(t, { deploymentType: 'Hosted' })
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer) })

  t.equal(res.body.ok, false)
  t.equal(res.body.message, 'This URL is not a Jira site')
  t.match(res.body.detail, /deployment type "Hosted"/)
  t.equal(res.body.field, 'serviceUrl')
  t.notOk(peer.requests.some((request) => request.headers.authorization !== undefined), 'no credentials were sent')
})

t.test('a Cloud site without a User Email is refused on that field, before any credentials are sent', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)
  const { email: _omitted, ...withoutEmail } = configFor(peer)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: withoutEmail })

  t.equal(res.status, 422)
  t.equal(res.body.test.code, 'EMAIL_REQUIRED')
  t.equal(res.body.message, 'Jira Cloud needs the User Email of the account the API token belongs to')
  t.same(res.body.fields, [{ field: 'email', message: 'Jira Cloud needs the User Email of the account the API token belongs to' }])
  t.same(steps(res.body.test), [['Reach the Jira site', true], ['Sign in with the API token', false]])
  t.same(peer.requests.map((request) => request.path), ['/rest/api/2/serverInfo'], 'only the anonymous serverInfo was asked')
  t.equal((await hub.api('GET', '/api/integrations/jira')).body.configured, false, 'nothing is stored')
})

t.test('the date entered in "Token expires on" is reported with the test result', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer, { tokenExpiresOn: '2099-03-14' }) })

  t.equal(res.body.ok, true)
  t.same(res.body.expires, [{ what: 'Jira API token', at: '2099-03-14T00:00:00.000Z' }])
  const saved = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer, { tokenExpiresOn: '2099-03-14' }) })
  t.equal(saved.status, 201)
  t.equal(saved.body.config.tokenExpiresOn, '2099-03-14', 'the date is stored as entered')
})

t.test('a refused token whose entered expiry date has passed is said to have expired', async (t) => {
  const peer = await peerFor(t)
  peer.state.apiToken = 'the-token-that-replaced-it'
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer, { tokenExpiresOn: '2026-01-31' }) })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'TOKEN_EXPIRED')
  t.equal(res.body.message, 'The API Token expired on 2026-01-31: create a new one and enter it here')
  t.equal(res.body.field, 'apiToken')
  t.same(res.body.expires, [{ what: 'Jira API token', at: '2026-01-31T00:00:00.000Z' }])
})

t.test('a date that is not YYYY-MM-DD is refused before anything is sent', async (t) => {
  const peer = await peerFor(t)
  const hub = await createTestHub(t)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: configFor(peer, { tokenExpiresOn: '31/01/2027' }) })

  t.equal(res.status, 400)
  t.ok(res.body.fields.some((field: { field: string }) => field.field === 'tokenExpiresOn'), 'the date field is named')
  t.equal(peer.requests.length, 0)
})

t.test('a new Service URL needs the API Token again: the stored one is not sent to another site', async (t) => {
  const peer = await peerFor(t)
  const other = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const { apiToken: _kept, ...withoutToken } = configFor(other)

  const res = await hub.api('PUT', '/api/integrations/jira', { config: withoutToken })

  t.equal(res.status, 400)
  t.same(res.body.fields, [{ field: 'apiToken', message: 'Enter the API Token again: the Service URL changed.' }])
  t.equal(other.requests.length, 0, 'the other site heard nothing')
})

t.test('an account locked behind a CAPTCHA gets its own message, not "Invalid API Token"', async (t) => {
  const peer = await peerFor(t)
  peer.state.captchaRequired = true
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer) })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'LOGIN_DENIED')
  t.equal(res.body.message, 'Jira refused the login after too many failed attempts; sign in once in a browser, then retry')
  t.equal(res.body.field, 'email')
})

t.test('a rate-limited site says when to retry, from Retry-After', async (t) => {
  const peer = await peerFor(t, { mode: 'rate-limited', retryAfterSeconds: 12 })
  const hub = await createTestHub(t)

  const res = await hub.api('POST', '/api/integrations/jira/test', { config: configFor(peer) })

  t.equal(res.body.ok, false)
  t.equal(res.body.code, 'RATE_LIMITED')
  t.equal(res.body.message, 'Jira is rate-limiting requests; retry in 12 s')
})

t.test('createIssue sends the description as Atlassian Document Format and returns key, id and link', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', {
    projectKey: 'OPS',
    summary: 'Mail server down',
    description: 'Nobody receives mail.\nSince 09:00.\n\nThe queue holds 4,000 messages.',
    labels: ['mail', 'outage']
  })

  t.equal(res.status, 200)
  t.same(res.body, { key: 'OPS-1', id: '10001', url: `${peer.url}/browse/OPS-1` })
  const post = peer.requests.find((request) => request.method === 'POST' && request.path === '/rest/api/3/issue')
  t.equal(post?.headers.authorization, `Basic ${Buffer.from(`${email}:${apiToken}`).toString('base64')}`)
  t.match(post?.headers['content-type'], /^application\/json/)
  t.same(JSON.parse(post!.body), {
    fields: {
      project: { key: 'OPS' },
      summary: 'Mail server down',
      issuetype: { name: 'Task' },
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [{ type: 'text', text: 'Nobody receives mail.' }, { type: 'hardBreak' }, { type: 'text', text: 'Since 09:00.' }]
          },
          { type: 'paragraph', content: [{ type: 'text', text: 'The queue holds 4,000 messages.' }] }
        ]
      },
      labels: ['mail', 'outage']
    }
  })
})

t.test('createIssue passes the issue type and leaves out what was not given', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'Broken link', issueType: 'Bug' })

  t.equal(res.status, 200)
  t.same(peer.state.issues[0]?.fields, { project: { key: 'OPS' }, summary: 'Broken link', issuetype: { name: 'Bug' } })
})

t.test('an unknown project is a field error on projectKey', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'NOPE', summary: 'x' })

  t.equal(res.status, 422)
  t.equal(res.body.message, 'Jira rejected the issue')
  t.same(res.body.fields, [{ field: 'projectKey', message: 'Specify a valid project ID or key' }])
  t.equal(peer.state.issues.length, 0)
})

t.test('an issue type the project does not have is a field error on issueType', async (t) => {
  const peer = await peerFor(t, { projects: [{ key: 'OPS', id: '10000', issueTypes: ['Task'] }] })
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x', issueType: 'Epic' })

  t.equal(res.status, 422)
  t.same(res.body.fields, [{ field: 'issueType', message: 'Specify a valid issue type' }])
})

t.test('what Jira requires beyond the action’s input is named in the detail', async (t) => {
  const peer = await peerFor(t, {
    projects: [{ key: 'OPS', id: '10000', issueTypes: ['Task'], requiredFields: { customfield_10011: 'Epic Name is required.' } }]
  })
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x' })

  t.equal(res.status, 422, 'Jira refused the input: the caller must change it, not retry')
  t.equal(res.body.code, 'ISSUE_REJECTED', 'the plugin’s own code')
  t.equal(res.body.message, 'Jira rejected the issue')
  t.equal(res.body.detail, 'customfield_10011: Epic Name is required.')
  t.notOk(res.body.fields, 'no field of the input is blamed')
})

t.test('a project where the user may not create issues says so', async (t) => {
  const peer = await peerFor(t, { projects: [{ key: 'OPS', id: '10000', issueTypes: ['Task'], canCreate: false }] })
  const hub = await configuredHub(t, peer)

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x' })

  t.equal(res.status, 502)
  t.equal(res.body.message, 'Jira refused: this user may not do that')
  t.equal(res.body.detail, 'You do not have permission to create issues in this project.')
  t.equal(peer.state.issues.length, 0)
})

t.test('createIssue refuses bad input before calling Jira', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  const before = peer.requests.length

  const noSummary = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS' })
  const spacedLabel = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x', labels: ['two words'] })

  t.equal(noSummary.status, 400)
  t.equal(noSummary.body.error, 'HUB_ERR_VALIDATION')
  t.ok(noSummary.body.fields.some((field: { field: string }) => field.field === 'summary'), 'summary is named')
  t.equal(spacedLabel.status, 400)
  t.ok(spacedLabel.body.fields.some((field: { field: string }) => field.field.startsWith('labels')), 'labels are named')
  t.equal(peer.requests.length, before, 'nothing reached Jira')
})

t.test('an action while rate-limited says when to retry', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  peer.state.mode = 'rate-limited'
  peer.state.retryAfterSeconds = 5

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x' })

  t.equal(res.status, 502)
  t.equal(res.body.message, 'Jira is rate-limiting requests; retry in 5 s')
})

t.test('an action after the token was revoked is a remote failure that says so', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer)
  peer.state.apiToken = 'a-newer-token'

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x' })

  t.equal(res.status, 502)
  t.equal(res.body.message, 'Invalid API Token')
})

t.test('an action against a site that stops answering ends at the deadline with 504', async (t) => {
  const peer = await peerFor(t)
  const hub = await configuredHub(t, peer, { timeoutMs: 500 })
  peer.state.mode = 'hang'
  const started = Date.now()

  const res = await hub.api('POST', '/api/integrations/jira/actions/createIssue', { projectKey: 'OPS', summary: 'x' })

  t.equal(res.status, 504)
  t.equal(res.body.message, 'Unable to connect to the Jira instance: no answer within 0.5 s')
  t.ok(Date.now() - started < 3000, 'the answer comes at the deadline, not later')
})
