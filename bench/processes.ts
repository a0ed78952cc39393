/**
 * The benchmarks' child processes and temporary folders. Every server measured runs in a process of
 * its own (so the load generator does not share its event loop), from the TypeScript sources: tsx,
 * and the condition under which the plugins' `integration-hub/plugin` resolves to core/ rather than
 * to a stale dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository: children run in it. */
export const root = fileURLToPath(new URL('..', import.meta.url))

/** How every child runs node: from the sources, as `npm run dev` does. */
const NODE_ARGS = ['--import', 'tsx', '--conditions=integration-hub-source']

/** The admin token of every hub the benchmarks start. */
export const ADMIN_TOKEN = 'bench-admin-token-0123456789'

const temporaryDirs: string[] = []

/** A fresh folder under `base` (the system's temporary folder), removed by `removeTempDirs`. */
export async function tempDir (base = os.tmpdir()): Promise<string> {
  const dir = await mkdtemp(path.join(base, 'hub-bench-'))
  temporaryDirs.push(dir)
  return dir
}

export async function removeTempDirs (): Promise<void> {
  await Promise.all(temporaryDirs.splice(0).map(async dir => await rm(dir, { recursive: true, force: true })))
}

/** A node process running one of the repository's scripts, with stdin, stdout and stderr piped. */
export function spawnScript (args: string[], env: Record<string, string> = {}, withIpc = false): ChildProcess {
  return spawn(process.execPath, [...NODE_ARGS, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: withIpc ? ['pipe', 'pipe', 'pipe', 'ipc'] : ['pipe', 'pipe', 'pipe']
  })
}

/** Runs a script to its end; resolves with its exit code and everything it printed. */
export async function runScript (args: string[]): Promise<{ code: number | null, output: string }> {
  const child = spawnScript(args)
  child.stdin!.end()
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve))
  return { code, output }
}

/**
 * A peer server in a process of its own (bench/smtp-server.ts, bench/jira-server.ts): resolves with the
 * JSON line it prints once it listens, and a close() that ends its stdin and waits for it to exit.
 */
export async function startPeerProcess<T> (script: string): Promise<{ said: T, close(): Promise<void> }> {
  const child = spawnScript([script])
  child.stderr!.pipe(process.stderr)
  const exited = new Promise(resolve => child.once('exit', resolve))
  let output = ''
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('\n')) resolve(output.slice(0, output.indexOf('\n')))
    })
    void exited.then(code => reject(new Error(`${script} exited with ${String(code)}: ${output}`)))
  })
  return {
    said: JSON.parse(line) as T,
    close: async () => {
      child.stdin!.end()
      await exited
    }
  }
}

export interface Child {
  process: ChildProcess
  origin: string
  /** ms from spawn until the server printed its address. */
  listeningMs: number
}

/** Spawns a server (bench/server.ts or the hub's main) and resolves once it prints the address it listens on. */
export async function startChild (args: string[], env: Record<string, string>): Promise<Child> {
  const started = performance.now()
  const child = spawnScript(['--expose-gc', ...args], env, true)
  let output = ''
  return await new Promise<Child>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const origin = /(http:\/\/127\.0\.0\.1:\d+)\//.exec(output)?.[1]
      if (origin !== undefined) {
        child.stdout!.off('data', onData)
        child.stdout!.resume()
        resolve({ process: child, origin, listeningMs: performance.now() - started })
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.once('exit', code => reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${output}`)))
  })
}

/** Asks the server to close (IPC), or terminates it; kills it if it has not exited within 5 s. */
export async function stopChild (child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return
  const exited = new Promise(resolve => child.process.once('exit', resolve))
  if (child.process.connected) child.process.send('close')
  else child.process.kill('SIGTERM')
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 5000)
  await exited
  clearTimeout(timer)
}

/** The server's RSS and heap used after a full GC (bench/server.ts answers the IPC message "memory"). */
export async function memoryOf (child: Child): Promise<{ rss: number, heapUsed: number }> {
  return await new Promise(resolve => {
    child.process.once('message', message => resolve(message as { rss: number, heapUsed: number }))
    child.process.send('memory')
  })
}

export async function waitForReady (origin: string): Promise<void> {
  for (;;) {
    try {
      const response = await fetch(`${origin}/readyz`)
      await response.arrayBuffer()
      if (response.status === 200) return
    } catch {}
    await new Promise(resolve => setTimeout(resolve, 2))
  }
}
