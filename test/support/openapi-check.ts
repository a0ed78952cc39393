/**
 * Checks an answer of the hub against its OpenAPI document: the operation documents the status, the
 * content type is one the document gives for it, and the body matches that schema (Ajv's JSON Schema
 * 2020-12, as OpenAPI 3.1 uses, with ajv-formats). The document of hubs with the same options is
 * fetched and prepared once per test process, each of its schemas compiled when first needed.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020

interface Media { schema?: object }
interface Response { $ref?: string, content?: Record<string, Media> }
interface Operation { responses: Record<string, Response> }
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>
  components: { responses?: Record<string, Response> }
}

/** One answer as the hub sent it. */
export interface Answer {
  method: string
  /** The request's path, without the query. */
  path: string
  /** The route's pattern (`/api/integrations/:id`). */
  route: string
  status: number
  contentType: string | undefined
  /** The body, when it was sent whole (a stream is not read). */
  body: string | undefined
}

const DOCUMENT_ID = 'hub:openapi'

/** `#/components/…` of a response schema, pointing into the document that Ajv holds. */
function rooted (schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(rooted)
  if (schema === null || typeof schema !== 'object') return schema
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, key === '$ref' && typeof value === 'string' && value.startsWith('#/') ? `${DOCUMENT_ID}${value}` : rooted(value)]))
}

export class DocumentCheck {
  readonly #document: OpenApiDocument
  readonly #ajv: Ajv2020
  readonly #validators = new Map<object, ValidateFunction>()

  constructor (document: OpenApiDocument) {
    this.#document = document
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, logger: false })
    addFormats(this.#ajv)
    this.#ajv.addSchema({ $id: DOCUMENT_ID, components: document.components }, DOCUMENT_ID)
  }

  /** What is wrong with an answer, in words; undefined when the document says it. */
  problem (answer: Answer): string | undefined {
    const method = answer.method.toLowerCase()
    const template = answer.route.replace(/:(\w+)/g, '{$1}')
    const operation = this.#document.paths[answer.path]?.[method] ?? this.#document.paths[template]?.[method]
    if (operation === undefined) return `the document has no operation ${method.toUpperCase()} ${template}`
    let response = operation.responses[String(answer.status)]
    if (response?.$ref !== undefined) response = this.#document.components.responses?.[response.$ref.replace('#/components/responses/', '')]
    if (response === undefined) return `the operation documents ${Object.keys(operation.responses).join(', ')}, not ${answer.status}`
    if (response.content === undefined) return answer.body === undefined || answer.body === '' ? undefined : `${answer.status} is documented without a body, but one was sent`
    const media = (answer.contentType ?? '').split(';')[0]!.trim().toLowerCase()
    const documented = response.content[media]
    if (documented === undefined) return `${answer.status} is documented as ${Object.keys(response.content).join(', ')}, not ${media || 'no content type'}`
    if (answer.body === undefined || !/[/+]json$/.test(media) || documented.schema === undefined) return undefined
    let body: unknown
    try {
      body = JSON.parse(answer.body)
    } catch {
      return `the body is not JSON: ${answer.body.slice(0, 200)}`
    }
    const validate = this.#validator(documented.schema)
    if (validate(body)) return undefined
    return `the body does not match the document: ${this.#ajv.errorsText(validate.errors, { dataVar: 'body' })}\n${answer.body.slice(0, 2000)}`
  }

  #validator (schema: object): ValidateFunction {
    let validate = this.#validators.get(schema)
    if (validate === undefined) this.#validators.set(schema, validate = this.#ajv.compile(rooted(schema) as object))
    return validate
  }
}

const checks = new Map<string, Promise<DocumentCheck>>()

/**
 * The check for the document of hubs made with the same options (`key`): `load` fetches it from
 * the first such hub, and every later one shares it.
 */
export async function documentCheck (key: string, load: () => Promise<string>): Promise<DocumentCheck> {
  let check = checks.get(key)
  if (check === undefined) {
    checks.set(key, check = load().then(text => new DocumentCheck(JSON.parse(text) as OpenApiDocument)))
    check.catch(() => checks.delete(key))
  }
  return await check
}
