/**
 * References in a provisioning file's strings: `${env:NAME}` (an environment variable),
 * `${file:/run/secrets/jira-token}` (a file's text, its trailing newline trimmed; a relative path
 * is relative to the provisioning file), `${sealed:…}` (a value sealed to the operator's public key,
 * opened with the private key), and `$${` for a literal `${`. A string may mix text and references.
 * What a problem says names the reference, never the value it gives.
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { openValue, SealedValueError, type SealingKey } from './sealed.js'
import type { PathSegment } from './source.js'

export interface ReferenceContext {
  env: NodeJS.ProcessEnv
  /** The provisioning file's folder: where relative `${file:…}` paths start. */
  baseDir: string
  /** Opens `${sealed:…}` values; without it they are refused. */
  privateKey?: SealingKey | undefined
}

export interface ResolvedValue {
  value: unknown
  /** Paths whose string could not be resolved (the string is kept as written), with why. */
  problems: Array<{ path: PathSegment[], message: string }>
  /** Paths of the strings that held at least one reference. */
  referenced: Set<string>
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
const MAX_FILE_BYTES = 1024 * 1024
const token = /\$\$\{|\$\{/g

/** Every string of `value` with its references resolved. */
export async function resolveReferences (value: unknown, context: ReferenceContext): Promise<ResolvedValue> {
  const problems: ResolvedValue['problems'] = []
  const referenced = new Set<string>()
  const files = new Map<string, Promise<string>>()
  const walk = async (current: unknown, at: PathSegment[]): Promise<unknown> => {
    if (typeof current === 'string') {
      if (!current.includes('${')) return current
      const resolved = await resolveText(current, context, files)
      if ('problem' in resolved) {
        problems.push({ path: at, message: resolved.problem })
        return current
      }
      if (resolved.referenced) referenced.add(pathKey(at))
      return resolved.text
    }
    // One string after another, so problems come in the file's order.
    if (Array.isArray(current)) {
      const items: unknown[] = []
      for (const [index, item] of current.entries()) items.push(await walk(item, [...at, index]))
      return items
    }
    if (current !== null && typeof current === 'object') {
      const entries: Array<[string, unknown]> = []
      for (const [key, item] of Object.entries(current)) entries.push([key, await walk(item, [...at, key])])
      return Object.fromEntries(entries)
    }
    return current
  }
  return { value: await walk(value, []), problems, referenced }
}

export const pathKey = (segments: readonly PathSegment[]): string => segments.join('.')

/** `text` written so that it reads back as itself: every `${` escaped. */
export function escapeText (text: string): string {
  // A function, since `$$` in a replacement string means one `$`.
  return text.replaceAll('${', () => '$${')
}

async function resolveText (text: string, context: ReferenceContext, files: Map<string, Promise<string>>): Promise<{ text: string, referenced: boolean } | { problem: string }> {
  let result = ''
  let referenced = false
  let from = 0
  for (const match of text.matchAll(token)) {
    const at = match.index
    if (at < from) continue
    result += text.slice(from, at)
    if (match[0] === '$${') {
      result += '${'
      from = at + 3
      continue
    }
    const end = text.indexOf('}', at + 2)
    if (end === -1) return { problem: 'a reference is not closed with "}" (write $${ for a literal ${)' }
    const body = text.slice(at + 2, end)
    const colon = body.indexOf(':')
    const kind = colon === -1 ? '' : body.slice(0, colon)
    const argument = body.slice(colon + 1)
    const value = await resolveOne(kind, argument, context, files)
    if (typeof value !== 'string') return value
    result += value
    referenced = true
    from = end + 1
  }
  return { text: result + text.slice(from), referenced }
}

async function resolveOne (kind: string, argument: string, context: ReferenceContext, files: Map<string, Promise<string>>): Promise<string | { problem: string }> {
  switch (kind) {
    case 'env': {
      if (!ENV_NAME.test(argument)) return { problem: `\${env:${argument.slice(0, 64)}} does not name an environment variable (letters, digits and _)` }
      const value = context.env[argument]
      return value === undefined ? { problem: `the environment variable ${argument} is not set` } : value
    }
    case 'file': {
      if (argument === '') return { problem: '${file:} needs a path' }
      const file = path.resolve(context.baseDir, argument)
      let read = files.get(file)
      if (read === undefined) files.set(file, read = readSecretFile(file))
      try {
        return await read
      } catch (error) {
        return { problem: `\${file:${argument}}: ${(error as Error).message}` }
      }
    }
    case 'sealed': {
      if (context.privateKey === undefined) return { problem: 'a ${sealed:…} value needs the private key it was sealed for (--decrypt-with key.pem)' }
      try {
        return openValue(argument, context.privateKey)
      } catch (error) {
        if (error instanceof SealedValueError) return { problem: `the \${sealed:…} value ${error.message}` }
        throw error
      }
    }
    default:
      return { problem: 'a "${" starts no known reference: write ${env:NAME}, ${file:/path} or ${sealed:…}, and $${ for a literal ${' }
  }
}

async function readSecretFile (file: string): Promise<string> {
  let info
  try {
    info = await stat(file)
  } catch (error) {
    throw new Error((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (!info.isFile()) throw new Error('is not a file')
  if (info.size > MAX_FILE_BYTES) throw new Error('is larger than 1 MB')
  try {
    return (await readFile(file, 'utf8')).replace(/\r?\n$/, '')
  } catch (error) {
    throw new Error(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}
