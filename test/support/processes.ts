/**
 * The hub as operators run it: `hub <command>` and `npm start` as
 * processes from the TypeScript sources, with a clean environment of the test's choosing. Spawned
 * without blocking, so peers in the test process keep answering them.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import type { Test } from 'tap'

export const root = fileURLToPath(new URL('../..', import.meta.url))
export const ADMIN_TOKEN = 'provisioning-admin-token-0123456789'
const node = ['--import', 'tsx', '--conditions=integration-hub-source']

export interface Ran {
  status: number | null
  stdout: string
  stderr: string
}

/** The environment every process starts from: nothing of the test runner's but PATH. */
export function baseEnv (dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HUB_DATA_DIR: dataDir, HUB_ALLOW_PRIVATE_NETWORK: '127.0.0.0/8', ...extra }
}

/** Runs `hub …args` to its end. */
export async function hub (args: string[], env: Record<string, string>, cwd = root): Promise<Ran> {
  const child = spawn(process.execPath, [...node, `${root}/core/standalone/cli.ts`, ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const status = await new Promise<number | null>(resolve => child.once('close', code => resolve(code)))
  return { status, stdout, stderr }
}

export interface RunningHub {
  child: ChildProcess
  port: number
  /** Everything it wrote so far, stdout and stderr. */
  output(): string
  exited: Promise<number | null>
  request(method: string, path: string, body?: unknown): Promise<{ status: number, body: any }>
  /** Waits until the output matches (or fails the wait after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<void>
}

/** `npm start` (core/standalone/main.ts); resolves once it says where it listens, or with its failure. */
export async function startHub (t: Test, env: Record<string, string>): Promise<RunningHub> {
  const child = spawn(process.execPath, [...node, 'core/standalone/main.ts'], {
    cwd: root,
    env: { PORT: '0', HOST: '127.0.0.1', HUB_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  let output = ''
  const waiters = new Set<() => void>()
  const read = (chunk: Buffer): void => {
    output += chunk.toString()
    for (const waiter of waiters) waiter()
  }
  child.stdout!.on('data', read)
  child.stderr!.on('data', read)
  const waitFor = async (pattern: RegExp, ms = 30_000): Promise<void> => await new Promise((resolve, reject) => {
    const check = (): void => {
      if (!pattern.test(output)) return
      clearTimeout(timer)
      waiters.delete(check)
      resolve()
    }
    const timer = setTimeout(() => {
      waiters.delete(check)
      reject(new Error(`no ${String(pattern)} within ${ms} ms:\n${output}`))
    }, ms)
    waiters.add(check)
    void exited.then(() => setTimeout(() => {
      if (!waiters.has(check)) return
      waiters.delete(check)
      clearTimeout(timer)
      reject(new Error(`the hub exited before ${String(pattern)}:\n${output}`))
    }, 50))
    check()
  })
  await waitFor(/Integration Hub is running: open http:\/\/127\.0\.0\.1:\d+\/[\s\S]*\n\n/)
  const port = Number(/open http:\/\/127\.0\.0\.1:(\d+)\//.exec(output)![1])
  return { child, port, output: () => output, exited, waitFor, request: async (method, path, body) => await requestJson(port, method, path, body) }
}

/**
 * One JSON request to a hub on loopback, as the operator (or with another bearer `token`), from
 * `localAddress` (rate limits count per address).
 */
export async function requestJson (port: number, method: string, path: string, body?: unknown, { token = ADMIN_TOKEN, localAddress = '127.0.0.1' } = {}): Promise<{ status: number, body: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return await new Promise((resolve, reject) => {
    const headers = { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) }
    const req = http.request({ host: '127.0.0.1', port, method, path, localAddress, agent: false, headers }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => { text += chunk })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text === '' ? undefined : JSON.parse(text) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(payload)
  })
}
