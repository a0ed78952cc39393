/**
 * What each loaded plugin adds to the document. The routes stay generic
 * (`/api/integrations/:id/actions/:action`); the document says per plugin what each action takes and
 * answers (`POST /api/integrations/jira/actions/createIssue`, operationId `jiraCreateIssue`, with the
 * components `JiraCreateIssueInput` and `JiraCreateIssueOutput`) and which failure codes it reports
 * (`JiraFailureCode`, the `code` of its 422/502/504), and names the settings (`JiraSettings`, secrets
 * `writeOnly`) with a Save of their own (`saveJira`). Each is a copy of the generic operation it
 * narrows, so its parameters, callers and errors stay the route's. Names are worked out at start,
 * where two plugins whose names would meet are refused.
 */
import { commonErrors } from '../../contract/contract.js'
import type { JsonSchema } from '../../contract/json-schema.js'
import { startupErrors } from '../../errors.js'
import type { LoadedIntegration, PluginRegistry } from '../../runtime/registry.js'

type Schema = Record<string, unknown>

interface MediaType { schema: Schema }

interface ResponseObject {
  description?: string
  content?: Record<string, MediaType>
  $ref?: string
}

interface Operation {
  operationId?: string
  summary?: string
  description?: string
  tags?: string[]
  parameters?: Array<{ in: string, name: string }>
  requestBody?: { required?: boolean, content: Record<string, MediaType> }
  responses: Record<string, ResponseObject>
}

/** The parts of an OpenAPI document this file reads and extends. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, unknown>, responses?: Record<string, ResponseObject> }
}

/** `slack-webhook` → `SlackWebhook`: a dash before a letter capitalizes it, any other dash becomes `_`, so no two ids share a name. */
export function pascalName (id: string): string {
  const joined = id.replace(/-([a-z])/g, (_dash, letter: string) => letter.toUpperCase()).replace(/-/g, '_')
  return joined.charAt(0).toUpperCase() + joined.slice(1)
}

interface NamedAction {
  name: string
  operationId: string
  input: string
  output: string | undefined
}

interface NamedPlugin {
  integration: LoadedIntegration
  /** `Jira`: the prefix of its components. */
  type: string
  /** `saveJira`. */
  save: string
  /** `JiraSettings`. */
  settings: string
  /** `JiraFailureCode`: the failure codes its test and actions can report, its error map's and the common ones. */
  failureCode: string
  codes: string[]
  actions: NamedAction[]
}

function named (integration: LoadedIntegration): NamedPlugin {
  const { id, errors } = integration.definition
  const type = pascalName(id)
  const operation = type.charAt(0).toLowerCase() + type.slice(1)
  return {
    integration,
    type,
    save: `save${type}`,
    settings: `${type}Settings`,
    failureCode: `${type}FailureCode`,
    actions: [...integration.actions.values()].map(({ name, definition }) => {
      const action = pascalName(name)
      return { name, operationId: `${operation}${action}`, input: `${type}${action}Input`, output: definition.output === undefined ? undefined : `${type}${action}Output` }
    }),
    codes: [...new Set([...Object.keys(errors), ...Object.keys(commonErrors)])].sort()
  }
}

/** Refuses two plugins whose operations or components would have one name (`jira` + `fooBar`, `jira-foo` + `bar`). */
function checkNames (plugins: NamedPlugin[]): void {
  const owners = new Map<string, string>()
  for (const plugin of plugins) {
    const id = plugin.integration.definition.id
    for (const name of [plugin.save, plugin.settings, plugin.failureCode, ...plugin.actions.flatMap(action => [action.operationId, action.input, action.output ?? []]).flat()]) {
      const owner = owners.get(name)
      if (owner !== undefined) throw startupErrors.invalidPlugin(id, `its OpenAPI name ${name} is also one of plugin "${owner}"; rename the plugin or the action`)
      owners.set(name, id)
    }
  }
}

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` })
const json = (schema: Schema): Record<string, MediaType> => ({ 'application/json': { schema } })

/**
 * An operation's error answer (a shared one, errors.ts) narrowed for one plugin (`code` is one of its
 * failure codes), kept as a shared answer of its own: `JiraActionRejectedIdempotencyMismatch`.
 */
function narrowed (responses: Record<string, ResponseObject>, answer: ResponseObject | undefined, plugin: NamedPlugin, narrowing: Schema): ResponseObject | undefined {
  const name = answer?.$ref?.replace('#/components/responses/', '')
  const shared = name === undefined ? undefined : responses[name]
  const media = shared?.content?.['application/json']
  if (shared === undefined || media === undefined) return answer
  const schema = media.schema as { properties?: Schema }
  responses[`${plugin.type}${name}`] = {
    description: `${shared.description ?? ''} \`code\` is one of \`${plugin.failureCode}\`.`,
    content: json({ ...schema, properties: { ...schema.properties, ...narrowing } })
  }
  return { $ref: `#/components/responses/${plugin.type}${name}` }
}

function withoutPathParameters (operation: Operation, names: string[]): Operation['parameters'] {
  return operation.parameters?.filter(parameter => !(parameter.in === 'path' && names.includes(parameter.name)))
}

function saveOperation (responses: Record<string, ResponseObject>, template: Operation, plugin: NamedPlugin): Operation {
  const { name } = plugin.integration.definition
  const body = template.requestBody?.content['application/json']?.schema as { properties?: Schema } | undefined
  return {
    ...structuredClone(template),
    operationId: plugin.save,
    summary: `Save (201) or Update (200) the ${name} settings: validated, tested, stored only if the test passes`,
    description: `The settings in full, as \`${plugin.settings}\` (an Update that leaves out stored secrets is \`saveIntegration\`). A refused Save's \`test.code\` is one of \`${plugin.failureCode}\`.`,
    parameters: withoutPathParameters(template, ['id']),
    requestBody: {
      required: true,
      content: json({ ...body, properties: { ...body?.properties, config: ref(plugin.settings) } })
    },
    responses: {
      ...template.responses,
      ...(template.responses['422'] === undefined ? {} : { 422: narrowed(responses, template.responses['422'], plugin, { test: { type: 'object', properties: { code: ref(plugin.failureCode) } } })! })
    }
  }
}

function actionOperation (responses: Record<string, ResponseObject>, template: Operation, plugin: NamedPlugin, action: NamedAction): Operation {
  const { definition } = plugin.integration.actions.get(action.name)!
  return {
    ...structuredClone(template),
    operationId: action.operationId,
    tags: ['actions'],
    summary: `${plugin.integration.definition.name}: ${definition.title}`,
    description: [definition.description, template.description].filter(part => part !== undefined).join('\n\n'),
    parameters: withoutPathParameters(template, ['id', 'action']),
    requestBody: { required: true, content: json(ref(action.input)) },
    responses: Object.fromEntries(Object.entries(template.responses).map(([status, response]) => {
      if (status === '200') return [status, { description: `What “${definition.title}” answers.`, content: json(action.output === undefined ? {} : ref(action.output)) }]
      if (['422', '502', '504'].includes(status)) return [status, narrowed(responses, response, plugin, { code: ref(plugin.failureCode) })!]
      return [status, response]
    }))
  }
}

/**
 * The plugins' operations and components for a hub mounted at `prefix`, added to the document
 * swagger built (the generic ones it copies are there already).
 */
export function pluginOperations (registry: PluginRegistry, prefix: string): (document: OpenApiDocument) => OpenApiDocument {
  const plugins = registry.list().map(named)
  checkNames(plugins)
  return document => {
    const schemas: Record<string, JsonSchema> = {}
    const responses = { ...document.components.responses }
    for (const plugin of plugins) {
      schemas[plugin.failureCode] = { type: 'string', enum: plugin.codes, description: `What went wrong, as ${plugin.integration.definition.name} reports it (a code of its error map, or a common one).` }
      schemas[plugin.settings] = structuredClone(plugin.integration.definition.schema)
      for (const action of plugin.actions) {
        const { definition } = plugin.integration.actions.get(action.name)!
        schemas[action.input] = structuredClone(definition.input)
        if (action.output !== undefined) schemas[action.output] = structuredClone(definition.output!)
      }
    }
    const paths = { ...document.paths }
    // The generic action routes take any JSON object (no body is `{}`): they have no body schema of their own.
    for (const path of [`${prefix}/api/integrations/{id}/actions/{action}`, `${prefix}/api/workspaces/{workspace}/integrations/{id}/actions/{action}`]) {
      const run = paths[path]?.post
      if (run !== undefined) paths[path] = { ...paths[path], post: { ...run, requestBody: { required: false, content: json({ type: 'object', additionalProperties: true, description: 'The action’s input: the operation of each action gives its schema.' }) } } }
    }
    // The plugins' own operations, in the caller's workspace (under /api/workspaces/{workspace} they are the generic ones).
    const integrations = `${prefix}/api/integrations`
    const save = paths[`${integrations}/{id}`]?.put
    const run = paths[`${integrations}/{id}/actions/{action}`]?.post
    for (const plugin of plugins) {
      const { id } = plugin.integration.definition
      if (save !== undefined) paths[`${integrations}/${id}`] = { put: saveOperation(responses, save, plugin) }
      if (run === undefined) continue
      for (const action of plugin.actions) paths[`${integrations}/${id}/actions/${action.name}`] = { post: actionOperation(responses, run, plugin, action) }
    }
    return { ...document, paths, components: { ...document.components, schemas: { ...document.components.schemas, ...schemas }, responses } }
  }
}
