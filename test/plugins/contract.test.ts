/**
 * Every built-in plugin passes the contract test kit that third-party authors run
 * (`integration-hub/testing`): a folder added to plugins/ without samples here fails this test.
 */
import { readdir } from 'node:fs/promises'
import t from 'tap'
import ssoDefinition from '../../core/sso/definition.js'
import { checkIntegration, type CheckOptions } from '../../core/testing.js'

const samples: Record<string, CheckOptions> = {
  jira: {
    validConfig: { serviceUrl: 'https://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', email: 'ada@example.com' },
    invalidConfigs: [
      { serviceUrl: 'ftp://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', email: 'ada@example.com' },
      { serviceUrl: 'https://yourcompany.atlassian.net', email: 'ada@example.com' },
      { serviceUrl: 'https://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', email: 'ada' }
    ],
    actionInputs: {
      createIssue: {
        valid: [{ projectKey: 'OPS', summary: 'Disk almost full', labels: ['disk'] }],
        invalid: [{ projectKey: 'OPS' }, { projectKey: '1 OPS', summary: 'Disk almost full' }, { projectKey: 'OPS', summary: 'x', labels: ['two words'] }]
      }
    }
  },
  servicenow: {
    validConfig: { serviceUrl: 'https://yourcompany.service-now.com', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration', password: 'user-password' },
    invalidConfigs: [
      { serviceUrl: 'https://yourcompany.service-now.com', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration' },
      { serviceUrl: 'yourcompany', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration', password: 'user-password' }
    ],
    actionInputs: {
      createIncident: {
        valid: [{ shortDescription: 'Database latency above 2 s', urgency: '2', impact: '1' }],
        invalid: [{ urgency: '2' }, { shortDescription: 'Database latency above 2 s', urgency: '9' }]
      },
      createChangeRequest: {
        valid: [{ shortDescription: 'Upgrade the database', type: 'normal' }],
        invalid: [{ shortDescription: 'Upgrade the database', type: 'whenever' }, { shortDescription: '' }]
      }
    }
  },
  smtp: {
    validConfig: { host: 'smtp.example.com', port: 587, email: 'alerts@example.com', password: 'app-password' },
    invalidConfigs: [
      { host: 'smtp.example.com', port: 587, email: 'alerts@example.com' },
      { host: 'smtp.example.com', port: 0, email: 'alerts@example.com', password: 'app-password' },
      { host: 'smtp.example.com', port: 587, email: 'alerts@example.com', password: 'app-password', security: 'ssl' }
    ],
    actionInputs: {
      send: {
        valid: [{ to: ['oncall@example.com'], subject: 'Disk almost full', text: 'Volume /data is at 95%.' }],
        invalid: [{ to: ['oncall@example.com'], subject: 'No body' }, { to: [], subject: 'Nobody', text: 'x' }, { to: ['not an address'], subject: 'x', text: 'x' }]
      }
    }
  },
  sso: {
    validConfig: { provider: 'oidc', issuer: 'https://login.example.com/realms/acme', clientId: 'hub', clientSecret: 'client-secret', enabled: false },
    invalidConfigs: [
      { provider: 'oidc', issuer: 'http://login.example.com/realms/acme', clientId: 'hub', clientSecret: 'client-secret', enabled: false },
      { provider: 'auth0', clientId: 'hub', clientSecret: 'client-secret', enabled: false },
      { provider: 'okta', issuer: 'https://login.example.com', clientId: 'hub', clientSecret: 'client-secret', enabled: false }
    ]
  }
}

const folders = (await readdir(new URL('../../plugins/', import.meta.url), { withFileTypes: true }))
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name)
  .sort()

t.ok(folders.length >= 3, 'the built-in plugins are found')

t.test('single sign-on (the core’s own definition) passes the contract', async t => {
  const problems = await checkIntegration(ssoDefinition, samples.sso!)
  t.strictSame(problems.map(problem => `[${problem.check}] ${problem.message}`), [])
})

for (const folder of folders) {
  t.test(`plugins/${folder} passes the contract`, async t => {
    const { default: definition } = await import(`../../plugins/${folder}/index.ts`) as { default: { id: string } }
    const options = samples[definition.id]
    if (options === undefined) {
      t.fail(`add contract samples for "${definition.id}" to test/plugins/contract.test.ts`)
      return
    }
    const problems = await checkIntegration(definition, options)
    t.strictSame(problems.map(problem => `[${problem.check}] ${problem.message}`), [])
  })
}
