/**
 * The OpenAPI document and the types generated from it (core/api/openapi.ts): the document is valid
 * OpenAPI 3.1, every operation says who may call it and every answer it gives, the plugins'
 * actions and settings are in it, and the committed types are the ones it makes today.
 */
import { readFile } from 'node:fs/promises'
import SwaggerParser from '@apidevtools/swagger-parser'
import t from 'tap'
import type { components } from '../../../core/api/openapi.js'
import { commonErrors } from '../../../core/contract/contract.js'
import type { TestResult } from '../../../core/contract/results.js'
import { errorStatus } from '../../../core/errors.js'
import { API_TYPES_FILE, GENERATE_COMMAND, apiTypes, builtinDocument } from '../../../scripts/generate-api.js'

interface Operation {
  operationId?: string
  security?: unknown[]
  responses: Record<string, { $ref?: string, content?: Record<string, { schema: Record<string, any> }> }>
  requestBody?: { content: Record<string, { schema: Record<string, any> }> }
}

const generated = await builtinDocument()
const document = generated as unknown as { openapi: string, paths: Record<string, Record<string, Operation>>, components: Record<string, Record<string, any>> }
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item).map(([method, operation]) => ({ label: `${method.toUpperCase()} ${path}`, path, method, operation })))

t.test('the document is valid OpenAPI 3.1 (swagger-parser)', async t => {
  t.equal(document.openapi, '3.1.0')
  await t.resolves(SwaggerParser.validate(structuredClone(document) as never))
})

t.test('core/api/openapi.ts is what the document generates', async t => {
  const committed = await readFile(API_TYPES_FILE, 'utf8')
  t.ok(committed === await apiTypes(generated), `core/api/openapi.ts is stale: run \`${GENERATE_COMMAND}\` and commit it`)
})

t.test('every operation has an operationId, a success answer, and says who may call it', async t => {
  const ids = operations.map(({ operation }) => operation.operationId)
  t.strictSame(ids.filter(id => id === undefined), [], 'no operation without an operationId')
  t.strictSame(ids.filter((id, index) => ids.indexOf(id) !== index), [], 'operationIds are unique')
  for (const { label, path, operation } of operations) {
    t.ok(Object.keys(operation.responses).some(status => /^[23]\d\d$/.test(status)), `${label} documents a success`)
    t.ok(Array.isArray(operation.security), `${label} says who may call it`)
    if (path.startsWith('/api/')) t.ok(operation.security!.length > 0, `${label} needs a caller`)
  }
  const byId = Object.fromEntries(operations.map(({ operation }) => [operation.operationId, operation]))
  for (const id of ['checkLiveness', 'checkReadiness', 'signIn', 'startSingleSignOn', 'finishSingleSignOn']) t.strictSame(byId[id]!.security, [], `${id} is public`)
  t.strictSame(byId.listWorkspaces!.security, [{ adminToken: [] }, { session: [] }], 'the operator’s routes: the admin token or its session')
  t.strictSame(byId.saveIntegration!.security, [{ adminToken: [] }, { scopedToken: [] }, { session: [] }])
  t.strictSame(byId.getMetrics!.security, [{ metricsToken: [] }])
  t.strictSame(Object.keys(document.components.securitySchemes ?? {}).sort(), ['adminToken', 'metricsToken', 'scopedToken', 'session'])
})

t.test('every error answer is a HubError whose codes have that status', async t => {
  const responses = (document.components.responses ?? {}) as Record<string, { content: { 'application/json': { schema: { allOf: Array<{ $ref: string }>, properties: { error: { enum: string[] } } } } } }>
  for (const { label, operation } of operations) {
    for (const [status, answer] of Object.entries(operation.responses).filter(([status]) => Number(status) >= 400)) {
      const name = answer.$ref?.replace('#/components/responses/', '')
      const schema = responses[name ?? '']?.content['application/json'].schema
      t.strictSame(schema?.allOf, [{ $ref: '#/components/schemas/HubError' }], `${label} ${status} is a HubError`)
      t.strictSame(schema?.properties.error.enum.filter(code => String(errorStatus[code as keyof typeof errorStatus]) !== status), [], `${label} ${status}: codes of that status`)
    }
  }
  const save = operations.find(({ operation }) => operation.operationId === 'saveIntegration')!.operation
  t.strictSame(Object.keys(save.responses).sort(), ['200', '201', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '503'])
  const run = operations.find(({ operation }) => operation.operationId === 'runAction')!.operation
  t.strictSame(Object.keys(run.responses).sort(), ['200', '202', '400', '401', '403', '404', '409', '413', '415', '422', '429', '500', '502', '503', '504'])
})

t.test('the workspace routes under /api/workspaces/{workspace} have operations of their own', async t => {
  const named = operations.find(({ path, method }) => path === '/api/workspaces/{workspace}/integrations/{id}' && method === 'put')!.operation as Operation & { parameters: Array<{ name: string, in: string }> }
  t.equal(named.operationId, 'saveIntegrationInWorkspace')
  t.strictSame(named.parameters.filter(parameter => parameter.in === 'path').map(parameter => parameter.name).sort(), ['id', 'workspace'])
})

t.test('each plugin action is an operation, with its input, output and failure codes', async t => {
  const jira = await import('../../../plugins/jira/index.js')
  const create = document.paths['/api/integrations/jira/actions/createIssue']!.post!
  t.equal(create.operationId, 'jiraCreateIssue')
  t.strictSame(create.requestBody!.content['application/json']!.schema, { $ref: '#/components/schemas/JiraCreateIssueInput' })
  t.strictSame(create.responses['200']!.content!['application/json']!.schema, { $ref: '#/components/schemas/JiraCreateIssueOutput' })
  const schemas = document.components.schemas!
  t.strictSame(schemas.JiraCreateIssueInput, JSON.parse(JSON.stringify(jira.default.actions!.createIssue!.input)))
  t.strictSame(schemas.JiraCreateIssueOutput, JSON.parse(JSON.stringify(jira.default.actions!.createIssue!.output)))
  t.equal(create.responses['422']!.$ref, '#/components/responses/JiraActionRejectedIdempotencyMismatch')
  t.strictSame(schemas.JiraFailureCode.enum, [...new Set([...Object.keys(jira.default.errors), ...Object.keys(commonErrors)])].sort(), 'its error map’s codes and the common ones')
})

t.test('each integration’s settings are a component, with its secrets writeOnly, and a Save of their own', async t => {
  const schemas = document.components.schemas!
  t.equal(schemas.JiraSettings.type, 'object')
  t.ok(JSON.stringify(schemas.JiraSettings).includes('"writeOnly":true'), 'Jira’s secrets are writeOnly')
  t.equal(schemas.SmtpSettings.oneOf[0].properties.password.writeOnly, true)
  const save = document.paths['/api/integrations/smtp']!.put!
  t.equal(save.operationId, 'saveSmtp')
  t.strictSame(save.requestBody!.content['application/json']!.schema.properties.config, { $ref: '#/components/schemas/SmtpSettings' })
})

t.test('the generated types agree with the contract’s', async t => {
  // Assignable both ways (tsc checks this file): a change to one that the other misses does not compile.
  const result: TestResult = { ok: false, code: 'TIMEOUT', message: 'No answer.', steps: [{ label: 'Connect', ok: false, durationMs: 10 }], durationMs: 10 }
  const documented: components['schemas']['TestResult'] = result
  const back: TestResult = documented
  t.strictSame(back, result)
})
