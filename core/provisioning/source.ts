/**
 * Reading what `HUB_PROVISION` names: one file, or a folder of them (`*.yaml`, `*.yml`, `*.json`,
 * in name order). Each is parsed with yaml (JSON is YAML), keeping its nodes so that a path in the
 * parsed value (`connections.2.settings.serviceUrl`) can be traced back to its line.
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml'
import type { Problem } from './problems.js'

export type PathSegment = string | number

export interface SourceFile {
  /** Absolute: what a managed connection records. */
  path: string
  /** As the operator named it: what messages show. */
  shown: string
  /** The parsed value (undefined when the file could not be parsed). */
  value: unknown
  /** The line (1-based) of the deepest node of `segments` the file has. */
  lineOf(segments: readonly PathSegment[]): number
}

export interface ProvisioningSource {
  /** The file or folder named, absolute. */
  root: string
  /** As the operator named it. */
  shown: string
  folder: boolean
  files: SourceFile[]
  /** Files that cannot be read or parsed. */
  problems: Problem[]
}

const extensions = new Set(['.yaml', '.yml', '.json'])

/** Largest file read: a provisioning file is small. */
const MAX_FILE_BYTES = 4 * 1024 * 1024

export async function readSource (given: string, cwd = process.cwd()): Promise<ProvisioningSource> {
  const root = path.resolve(cwd, given)
  const problems: Problem[] = []
  let folder = false
  let names: Array<{ path: string, shown: string }> = [{ path: root, shown: given }]
  try {
    folder = (await stat(root)).isDirectory()
    if (folder) {
      names = (await readdir(root, { withFileTypes: true }))
        .filter(entry => entry.isFile() && !entry.name.startsWith('.') && extensions.has(path.extname(entry.name).toLowerCase()))
        .map(entry => entry.name)
        .sort()
        .map(name => ({ path: path.join(root, name), shown: path.join(given, name) }))
    }
  } catch (error) {
    return { root, shown: given, folder, files: [], problems: [{ level: 'error', file: given, message: unreadable(error) }] }
  }
  const files: SourceFile[] = []
  for (const name of names) {
    let text: string
    try {
      if ((await stat(name.path)).size > MAX_FILE_BYTES) {
        problems.push({ level: 'error', file: name.shown, message: 'is larger than 4 MB' })
        continue
      }
      text = await readFile(name.path, 'utf8')
    } catch (error) {
      problems.push({ level: 'error', file: name.shown, message: unreadable(error) })
      continue
    }
    const parsed = parseSourceText(text, name.path, name.shown)
    problems.push(...parsed.problems)
    if (parsed.file !== undefined) files.push(parsed.file)
  }
  return { root, shown: given, folder, files, problems }
}

function unreadable (error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' ? 'no such file or folder' : `cannot be read (${code ?? (error as Error).message})`
}

/**
 * Parses one file's text. Syntax errors are reported by line without the source excerpt yaml would
 * quote (the line may hold a secret).
 */
export function parseSourceText (text: string, absolute: string, shown: string): { file?: SourceFile, problems: Problem[] } {
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const problems: Problem[] = document.errors.map(error => ({
    level: 'error',
    file: shown,
    line: lineCounter.linePos(error.pos[0]).line,
    message: syntaxMessage(error.code, error.message)
  }))
  if (problems.length > 0) return { problems }
  let value: unknown
  try {
    // Aliases are expanded at most 100 times, so a small file cannot expand into a huge one.
    value = document.toJS({ maxAliasCount: 100 }) ?? {}
  } catch (error) {
    return { problems: [{ level: 'error', file: shown, message: `cannot be read: ${(error as Error).message}` }] }
  }
  return { file: { path: absolute, shown, value, lineOf: segments => lineOf(document, lineCounter, segments) }, problems: [] }
}

/** yaml's message for a code, without its position suffix ("at line 3, column 5"). */
function syntaxMessage (code: string, message: string): string {
  if (code === 'DUPLICATE_KEY') return 'the same key is given twice in one mapping'
  return `not valid YAML or JSON: ${message.replace(/ at line \d+, column \d+:?[\s\S]*$/, '')}`
}

function lineOf (document: Document, lineCounter: LineCounter, segments: readonly PathSegment[]): number {
  let node: unknown = document.contents
  let offset = rangeStart(node) ?? 0
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find(item => String(isScalar(item.key) ? item.key.value : item.key) === String(segment))
      if (pair === undefined) break
      offset = rangeStart(pair.key) ?? offset
      node = pair.value
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment]
      if (item === undefined) break
      offset = rangeStart(item) ?? offset
      node = item
    } else {
      break
    }
  }
  return lineCounter.linePos(offset).line
}

function rangeStart (node: unknown): number | undefined {
  return (node as { range?: [number, number, number] } | null)?.range?.[0]
}
