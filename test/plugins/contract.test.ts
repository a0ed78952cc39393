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
    validConfig: { serviceUrl: 'https://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', email: 'ada@example.com', tokenExpiresOn: '2027-01-31' },
    invalidConfigs: [
      { serviceUrl: 'ftp://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', email: 'ada@example.com' },
      { serviceUrl: 'https://yourcompany.atlassian.net', email: 'ada@example.com' },
      { serviceUrl: 'https://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', email: 'ada' },
      { serviceUrl: 'https://yourcompany.atlassian.net', apiToken: 'ATATT3x-token', tokenExpiresOn: '31/01/2027' }
    ],
    actionInputs: {
      createIssue: {
        valid: [
          { projectKey: 'OPS', summary: 'Disk almost full', labels: ['disk'] },
          { projectKey: 'OPS', summary: 'Disk almost full', priority: 'High', assignee: '5b10ac8d82e05b22cc7d4ef5', components: ['Storage'], customFields: { customfield_10011: 'Q3' } }
        ],
        invalid: [
          { projectKey: 'OPS' },
          { projectKey: '1 OPS', summary: 'Disk almost full' },
          { projectKey: 'OPS', summary: 'x', labels: ['two words'] },
          { projectKey: 'OPS', summary: 'x', customFields: { summary: 'not a custom field' } }
        ]
      },
      getIssue: { valid: [{ key: 'OPS-12' }], invalid: [{}, { key: 'OPS' }] },
      addComment: { valid: [{ key: 'OPS-12', body: 'Fixed in 2.4.1.' }], invalid: [{ key: 'OPS-12' }, { key: 'OPS-12', body: ' \n ' }] },
      transitionIssue: { valid: [{ key: 'OPS-12', transition: 'Done' }], invalid: [{ key: 'OPS-12' }, { key: 'OPS-12', transition: '' }] },
      searchIssues: {
        valid: [{ jql: 'project = OPS', fields: ['summary', 'assignee'], maxResults: 20 }],
        invalid: [{}, { jql: 'project = OPS', maxResults: 500 }, { jql: 'project = OPS', fields: ['summary,status'] }]
      },
      listProjects: { valid: [{}] },
      listIssueTypes: { valid: [{ projectKey: 'OPS' }], invalid: [{}] }
    }
  },
  servicenow: {
    validConfig: { serviceUrl: 'https://yourcompany.service-now.com', authMethod: 'password', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration', password: 'user-password' },
    invalidConfigs: [
      { serviceUrl: 'https://yourcompany.service-now.com', authMethod: 'password', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration' },
      { serviceUrl: 'yourcompany', authMethod: 'password', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration', password: 'user-password' },
      { serviceUrl: 'https://yourcompany.service-now.com', authMethod: 'clientCredentials', clientId: 'hub', clientSecret: 'client-secret', username: 'hub.integration' },
      { serviceUrl: 'https://yourcompany.service-now.com', authMethod: 'basic', username: 'hub.integration' },
      { serviceUrl: 'https://yourcompany.service-now.com', authMethod: 'jwt', clientId: 'hub', clientSecret: 'client-secret' }
    ],
    actionInputs: {
      createIncident: {
        valid: [{ shortDescription: 'Database latency above 2 s', urgency: '2', impact: '1', caller: 'abel.tuter', assignmentGroup: 'Service Desk', category: 'database', fields: { u_source: 'monitoring', u_customer_impact: true } }],
        invalid: [{ urgency: '2' }, { shortDescription: 'Database latency above 2 s', urgency: '9' }, { shortDescription: 'x', fields: { 'Not A Column': 'x' } }, { shortDescription: 'x', caller: 'a^ORactive=true' }]
      },
      getIncident: {
        valid: [{ number: 'INC0010001' }, { sysId: '9d385017c611228701d22104cc95c371' }],
        invalid: [{}, { number: 'INC 1' }, { sysId: 'not-a-sys-id' }]
      },
      updateIncident: {
        valid: [{ number: 'INC0010001', urgency: '1', fields: { u_customer: 'Acme' } }],
        invalid: [{ urgency: '1' }, { number: 'INC0010001', state: '5' }]
      },
      addWorkNote: {
        valid: [{ number: 'INC0010001', text: 'Restarted the mail relay.' }],
        invalid: [{ number: 'INC0010001' }, { text: 'No record named' }, { number: 'INC0010001', text: '' }]
      },
      addComment: {
        valid: [{ sysId: '9d385017c611228701d22104cc95c371', text: 'We are on it.' }],
        invalid: [{ sysId: '9d385017c611228701d22104cc95c371' }]
      },
      resolveIncident: {
        valid: [{ number: 'INC0010001', closeCode: 'Solution provided', closeNotes: 'Replaced the disk.' }],
        invalid: [{ number: 'INC0010001', closeCode: 'Solution provided' }, { number: 'INC0010001', closeCode: '', closeNotes: 'x' }]
      },
      createChangeRequest: {
        valid: [{ shortDescription: 'Upgrade the database', type: 'normal', plannedStart: '2026-07-01T22:00:00Z', plannedEnd: '2026-07-02T02:00:00+02:00', assignmentGroup: 'Database' }],
        invalid: [{ shortDescription: 'Upgrade the database', type: 'whenever' }, { shortDescription: '' }, { shortDescription: 'x', plannedStart: 'tomorrow' }]
      },
      getChangeRequest: {
        valid: [{ number: 'CHG0030001' }],
        invalid: [{}]
      }
    }
  },
  smtp: {
    validConfig: { host: 'smtp.example.com', port: 587, email: 'alerts@example.com', password: 'app-password' },
    invalidConfigs: [
      { host: 'smtp.example.com', port: 587, email: 'alerts@example.com' },
      { host: 'smtp.example.com', port: 0, email: 'alerts@example.com', password: 'app-password' },
      { host: 'smtp.example.com', port: 587, email: 'alerts@example.com', password: 'app-password', security: 'ssl' },
      { auth: 'oauth2', host: 'smtp.example.com', email: 'alerts@example.com', tokenUrl: 'http://login.example.com/token', clientId: 'hub', clientSecret: 's' },
      { auth: 'microsoft365', email: 'alerts@example.com', tenantId: 'contoso/../common', clientId: 'hub', clientSecret: 's' },
      { auth: 'microsoft365', email: 'alerts@example.com', clientId: 'hub', clientSecret: 's' },
      { auth: 'google', email: 'alerts@example.com', serviceAccountKey: '{}', password: 'app-password' },
      { auth: 'exchange', host: 'smtp.example.com', email: 'alerts@example.com', password: 'app-password' }
    ],
    actionInputs: {
      send: {
        valid: [
          { to: ['oncall@example.com'], subject: 'Disk almost full', text: 'Volume /data is at 95%.' },
          { to: 'oncall@example.com', cc: 'lead@example.com', bcc: ['audit@example.com'], subject: 'Report', html: '<p>x</p>', attachments: [{ filename: 'report.csv', contentType: 'text/csv', content: 'YSxi' }] }
        ],
        invalid: [
          { to: ['oncall@example.com'], subject: 'No body' },
          { to: [], subject: 'Nobody', text: 'x' },
          { to: ['not an address'], subject: 'x', text: 'x' },
          { to: 'oncall@example.com', subject: 'x', text: 'x', attachments: [{ filename: 'a.txt', content: 'not base64!' }] },
          { to: 'oncall@example.com', subject: 'x', text: 'x', attachments: [{ content: 'YSxi' }] }
        ]
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
