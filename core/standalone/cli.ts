#!/usr/bin/env node
/**
 * `hub`: the one command of Integration Hub. `hub start` is `npm start`; the others open the hub's
 * store and plugins from the same environment, do one thing, print it in words and exit — plan,
 * apply, export and import provisioning files, test a stored connection, rotate the master key,
 * print the provisioning file's JSON Schema. On the SQLite default a running hub owns the store,
 * so these say so and stop (send the hub SIGHUP to apply HUB_PROVISION instead).
 */
/* eslint-disable no-template-curly-in-string -- provisioning references are written ${env:NAME}: these strings hold references, not templates */
import { randomBytes } from 'node:crypto'
import { realpathSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { FastifyBaseLogger } from 'fastify'
import { CONNECTION_NAME, DEFAULT_CONNECTION, DEFAULT_WORKSPACE, INTEGRATION_ID, matches, WORKSPACE_ID } from '../contract/names.js'
import { ConfigurationError, HubError, startupErrors } from '../errors.js'
import { openHubCore, type HubCore } from '../hub/open.js'
import type { ApplyReport } from '../provisioning/apply.js'
import { exportProvisioning } from '../provisioning/export.js'
import { isError } from '../provisioning/problems.js'
import { planFrom, provision } from '../provisioning/provisioner.js'
import { provisioningSchema } from '../provisioning/published-schema.js'
import { describeApply, describePlan, problemLine } from '../provisioning/report.js'
import { privateSealingKey, publicSealingKey, type SealingKey } from '../provisioning/sealed.js'
import { loadKeys, SecretBox } from '../security/secret-box.js'
import { openStore } from '../storage/open.js'
import { Workspaces } from '../workspaces/registry.js'
import { hubCoreOptions, readSettings, type HubSettings } from './settings.js'

type Options = NonNullable<ParseArgsConfig['options']>
type Values = Record<string, string | boolean | undefined>

interface Command {
  /** One line for `hub --help`. */
  summary: string
  usage: string
  /** What `hub <command> --help` adds below the usage. */
  details: string
  options: Options
  /** What a failure's line starts with. */
  failure?: string
  run(values: Values, positionals: string[], settings: () => HubSettings): Promise<number>
}

const help = { type: 'boolean', short: 'h' } as const
const decryptWith = { type: 'string' } as const

const commands: Record<string, Command> = {
  start: {
    summary: 'Start the hub (what npm start does), applying HUB_PROVISION first',
    usage: 'hub start [--strict]',
    details: [
      'Options:',
      '  --strict              Do not start when a provisioned connection fails (HUB_PROVISION_STRICT=1).',
      '',
      'Settings come from the environment: PORT, HOST, HUB_DATA_DIR, HUB_STORE, HUB_PROVISION, … (see the README).'
    ].join('\n'),
    options: { strict: { type: 'boolean' } },
    failure: 'Integration Hub cannot start',
    run: async values => {
      if (values.strict === true) process.env.HUB_PROVISION_STRICT = '1'
      await import('./main.js')
      return 0
    }
  },
  plan: {
    summary: 'Show what apply would change (exit 2: changes, 0: none, 1: errors)',
    usage: 'hub plan [--decrypt-with key.pem] [file]',
    details: [
      'Compares a provisioning file or folder (default: HUB_PROVISION) with the hub and prints, for each',
      'workspace, connection and webhook, whether apply would create, update (naming the fields), remove,',
      'release or leave it unchanged. Nothing is tested or changed; values are never printed.',
      '',
      'Options:',
      '  --decrypt-with FILE   Private key (PEM) that opens ${sealed:…} values.'
    ].join('\n'),
    options: { 'decrypt-with': decryptWith },
    run: async (values, positionals, settings) => {
      const file = sourceOf(positionals, settings())
      return await withCore(settings(), 'plan', async core => {
        const summary = describePlan(await planFrom(file, core, { mode: 'apply', privateKey: await privateKeyOf(values) }))
        write(summary.lines)
        return summary.errors > 0 ? 1 : summary.changes > 0 ? 2 : 0
      })
    }
  },
  apply: {
    summary: 'Apply a provisioning file or folder (default: HUB_PROVISION)',
    usage: 'hub apply [--strict] [--decrypt-with key.pem] [file]',
    details: [
      'Each connection the file declares is checked and tested before it replaces the stored one, and is',
      'then managed by the file: the API may test and use it, not change or delete it. One that fails keeps',
      'its stored settings and is reported. A connection the file no longer declares is handed back to the',
      'API (or removed, with `prune: true` in the file). Unchanged connections are not tested again.',
      '',
      'Options:',
      '  --strict              Apply nothing when any entry has a problem; exit 1 when anything fails.',
      '  --decrypt-with FILE   Private key (PEM) that opens ${sealed:…} values.'
    ].join('\n'),
    options: { strict: { type: 'boolean' }, 'decrypt-with': decryptWith },
    run: async (values, positionals, settings) => {
      const file = sourceOf(positionals, settings())
      const strict = values.strict === true
      return await withCore(settings(), 'apply', async core => {
        const report = await provision(file, core, { mode: 'apply', actor: 'hub apply', log: core.log, strict, privateKey: await privateKeyOf(values) })
        write(describeApply(report))
        return refused(report) || (strict && report.problems.some(isError)) ? 1 : 0
      })
    }
  },
  export: {
    summary: 'Write the workspaces, connections and webhooks as a provisioning file',
    usage: 'hub export [--workspace id] [--encrypt-to key.pem] [--output file]',
    details: [
      'Secrets (and webhooks\' signing secrets) are written as ${env:…} references with generated names',
      '(HUB_ACME_JIRA_DEFAULT_APITOKEN, HUB_ACME_WEBHOOK_ALERTS_SECRET),',
      'listed on stderr; or, with --encrypt-to, sealed so that only the private key opens them.',
      '',
      'Options:',
      '  --workspace ID        Only this workspace.',
      '  --encrypt-to FILE     Public key (PEM, X25519 or RSA) to seal the secret values to.',
      '  -o, --output FILE     Write the file there (mode 0600) instead of to stdout.'
    ].join('\n'),
    options: { workspace: { type: 'string' }, 'encrypt-to': { type: 'string' }, output: { type: 'string', short: 'o' } },
    run: async (values, _positionals, settings) => {
      const workspace = values.workspace as string | undefined
      if (workspace !== undefined && !matches(WORKSPACE_ID, workspace)) throw startupErrors.usage(`--workspace: "${workspace}" is not a workspace id`)
      const recipient = typeof values['encrypt-to'] === 'string' ? publicSealingKey(await readKeyFile(values['encrypt-to']), values['encrypt-to']) : undefined
      return await withCore(settings(), 'export', async core => {
        if (workspace !== undefined && await core.workspaces.view(workspace) === undefined) throw startupErrors.usage(`--workspace: there is no workspace "${workspace}"`)
        const result = await exportProvisioning(core, { workspace, recipient })
        if (typeof values.output === 'string') await writeFile(values.output, result.text, { mode: 0o600 })
        else process.stdout.write(result.text)
        if (result.variables.length > 0) {
          writeError([
            `The file names ${result.variables.length} environment variable${result.variables.length === 1 ? '' : 's'}; set them where it is applied or imported:`,
            ...result.variables.map(variable => `  ${variable.name}  (${variable.field})`)
          ])
        }
        writeError(result.problems.map(problemLine))
        return result.problems.length > 0 ? 1 : 0
      })
    }
  },
  import: {
    summary: 'Save the connections and webhooks of a file (such as an export) into this hub',
    usage: 'hub import [--decrypt-with key.pem] file',
    details: [
      'Creates the workspaces and saves the connections the file declares, each tested first, as the API',
      'would: they are not managed by the file afterwards. Exits 1 when any of them failed.',
      '',
      'Options:',
      '  --decrypt-with FILE   Private key (PEM) that opens the ${sealed:…} values of hub export --encrypt-to.'
    ].join('\n'),
    options: { 'decrypt-with': decryptWith },
    run: async (values, positionals, settings) => {
      if (positionals.length !== 1) throw startupErrors.usage('name the file to import: hub import file')
      return await withCore(settings(), 'import', async core => {
        const report = await provision(positionals[0]!, core, { mode: 'import', actor: 'hub import', log: core.log, privateKey: await privateKeyOf(values) })
        write(describeApply(report))
        return report.problems.some(isError) ? 1 : 0
      })
    }
  },
  test: {
    summary: 'Test the stored settings of a connection (exit 0: it works, 1: it does not)',
    usage: 'hub test [--connection name] [--workspace id] <integration>',
    details: [
      'Options:',
      `  --connection NAME     The connection's name (by default "${DEFAULT_CONNECTION}").`,
      `  --workspace ID        The workspace (by default "${DEFAULT_WORKSPACE}").`
    ].join('\n'),
    options: { connection: { type: 'string' }, workspace: { type: 'string' } },
    run: async (values, positionals, settings) => {
      const [integration] = positionals
      if (positionals.length !== 1 || !matches(INTEGRATION_ID, integration)) throw startupErrors.usage('name one integration to test: hub test jira')
      const connection = (values.connection as string | undefined) ?? DEFAULT_CONNECTION
      const workspaceId = (values.workspace as string | undefined) ?? DEFAULT_WORKSPACE
      if (!matches(CONNECTION_NAME, connection)) throw startupErrors.usage(`--connection: "${connection}" is not a connection name`)
      if (!matches(WORKSPACE_ID, workspaceId)) throw startupErrors.usage(`--workspace: "${workspaceId}" is not a workspace id`)
      return await withCore(settings(), 'test', async core => {
        const workspace = await core.workspaces.get(workspaceId)
        if (workspace === undefined) throw startupErrors.usage(`--workspace: there is no workspace "${workspaceId}"`)
        const label = [workspaceId === DEFAULT_WORKSPACE ? '' : `${workspaceId}:`, integration, connection === DEFAULT_CONNECTION ? '' : `/${connection}`].join('')
        const result = await core.service.test({ workspace, integration, connection }, undefined, { actor: 'hub test' })
        const field = result.field === undefined ? '' : ` (${result.field})`
        write([
          `${label}: ${result.ok ? 'the connection works' : 'the connection test failed'}: ${result.message}${field} (${result.durationMs} ms)`,
          ...result.steps.map(step => `  ${step.ok ? '✓' : '✗'} ${step.label} (${step.durationMs} ms)`)
        ])
        return result.ok ? 0 : 1
      })
    }
  },
  'rotate-key': {
    summary: 'Re-seal every workspace key under the first key of HUB_ENCRYPTION_KEY',
    usage: 'hub rotate-key',
    details: [
      'Rotation without downtime: give every hub HUB_ENCRYPTION_KEY=new,old (restart them one by one), run',
      'this once, then drop the old key. It fails while any data key is left that the given keys cannot open.',
      'On the SQLite default, stop the hub while it runs.'
    ].join('\n'),
    options: {},
    failure: 'Key rotation failed',
    run: async (_values, _positionals, settings) => await rotateKey(settings())
  },
  schema: {
    summary: 'Print the JSON Schema of provisioning files for this hub\'s plugins',
    usage: 'hub schema',
    details: 'The same document the hub serves at /provisioning.schema.json (with the plugins of HUB_PLUGINS).',
    options: {},
    run: async (_values, _positionals, settings) => {
      // Only the plugins are needed: an empty store in memory, and a key of its own so no key file is made.
      const core = await openHubCore({ ...await hubCoreOptions(settings(), quietLogger('warn')), store: 'memory://', encryptionKeys: [randomBytes(32)] })
      try {
        process.stdout.write(`${JSON.stringify(provisioningSchema(core.registry), null, 2)}\n`)
      } finally {
        await core.close()
      }
      return 0
    }
  }
}

const overview = [
  'Usage: hub <command> [options]',
  '',
  'Commands:',
  ...Object.entries(commands).map(([name, command]) => `  ${name.padEnd(12)} ${command.summary}`),
  '',
  'hub <command> --help shows a command\'s options. Every command reads the hub\'s settings from the',
  'environment (HUB_DATA_DIR, HUB_STORE, HUB_ENCRYPTION_KEY, HUB_PLUGINS, HUB_PROVISION, …; see the README).'
].join('\n')

/** Runs `hub` with its arguments (without the program); resolves to the exit code. */
export async function runCli (argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    writeError([overview])
    return 1
  }
  if (name === '--help' || name === '-h' || (name === 'help' && rest.length === 0)) {
    write([overview])
    return 0
  }
  if (name === 'help') return await runCli([rest[0]!, '--help'])
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (command === undefined) {
    writeError([`hub: there is no command "${name}".`, '', overview])
    return 1
  }
  const failure = command.failure ?? `hub ${name}`
  try {
    let parsed: { values: Values, positionals: string[] }
    try {
      parsed = parseArgs({ args: rest, options: { ...command.options, help }, allowPositionals: true, strict: true }) as typeof parsed
    } catch (error) {
      throw startupErrors.usage(`${(error as Error).message.split('. ')[0]!.replace(/\.$/, '')} (hub ${name} --help lists the options)`, error)
    }
    if (parsed.values.help === true) {
      process.stdout.write(`Usage: ${command.usage}\n\n${command.summary}.\n\n${command.details}\n`)
      return 0
    }
    let settings: HubSettings | undefined
    return await command.run(parsed.values, parsed.positionals, () => (settings ??= readSettings()))
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof HubError) {
      writeError([`${failure}: ${error.message}`])
      return 1
    }
    writeError([`${failure}: ${(error as Error).stack ?? String(error)}`])
    return 1
  }
}

/**
 * Opens the hub's core for one command and closes it after. On SQLite the running hub holds the
 * file: the store's own message says so, and for apply and plan how to reach the running hub.
 */
async function withCore (settings: HubSettings, name: string, work: (core: HubCore & { log: FastifyBaseLogger }) => Promise<number>): Promise<number> {
  const log = quietLogger(process.env.LOG_LEVEL === undefined || process.env.LOG_LEVEL === '' ? 'warn' : settings.logLevel)
  let core: HubCore
  try {
    core = await openHubCore({ ...await hubCoreOptions(settings, log), store: settings.store })
  } catch (error) {
    if (error instanceof ConfigurationError && error.code === 'HUB_ERR_STORE_UNUSABLE' && (name === 'apply' || name === 'plan')) {
      throw new ConfigurationError(error.code, `${error.message}. To apply HUB_PROVISION to the running hub, send it SIGHUP (kill -HUP <pid>).`, { cause: error })
    }
    throw error
  }
  try {
    return await work({ ...core, log })
  } finally {
    await core.close()
  }
}

/** `hub rotate-key`: the store alone, without the plugins (secrets stay sealed under their data keys). */
async function rotateKey (settings: HubSettings): Promise<number> {
  if (settings.encryptionKeys === undefined || settings.encryptionKeys.length < 2) {
    throw startupErrors.invalidSetting('HUB_ENCRYPTION_KEY', 'set it to "new-key,old-key" (every key still in use, the new one first)')
  }
  const master = new SecretBox(await loadKeys(settings.encryptionKeys, settings.dataDir))
  const store = await openStore(settings.store)
  try {
    const { resealed, unreadable } = await new Workspaces({ store, master }).resealDataKeys()
    // Freed pages would still hold the data keys as the old key sealed them.
    await store.compact?.()
    const keys = `${resealed} workspace key${resealed === 1 ? '' : 's'}`
    if (unreadable.length > 0) {
      writeError([`Re-sealed ${keys} under key ${master.activeKeyId}, but none of the given keys opens the data key of ${unreadable.map(id => `“${id}”`).join(', ')}. Keep the old keys in HUB_ENCRYPTION_KEY until those are restored or deleted.`])
      return 1
    }
    write([`Re-sealed ${keys} under key ${master.activeKeyId}. The other keys can now be removed from HUB_ENCRYPTION_KEY.`])
    return 0
  } finally {
    await store.close()
  }
}

function sourceOf (positionals: string[], settings: HubSettings): string {
  if (positionals.length > 1) throw startupErrors.usage('name one provisioning file or folder')
  const source = positionals[0] ?? settings.provision
  if (source === undefined) throw startupErrors.usage('name a provisioning file or folder, or set HUB_PROVISION')
  return source
}

async function privateKeyOf (values: Values): Promise<SealingKey | undefined> {
  const file = values['decrypt-with']
  return typeof file === 'string' ? privateSealingKey(await readKeyFile(file), file) : undefined
}

async function readKeyFile (file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw startupErrors.sealingKey(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, error)
  }
}

/** A source whose own problems stopped it, or that --strict refused. */
function refused (report: ApplyReport): boolean {
  return report.stopped === 'strict' || report.plan.declaration.problems.some(isError)
}

function write (lines: string[]): void {
  if (lines.length > 0) process.stdout.write(`${lines.join('\n')}\n`)
}

function writeError (lines: string[]): void {
  if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`)
}

const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal']

/** A logger for one command: lines at `level` and above on stderr, as words (the hub's logs never carry secrets). */
function quietLogger (level: string): FastifyBaseLogger {
  const threshold = level === 'silent' ? Infinity : levels.indexOf(level)
  const at = (name: string) => (first: unknown, message?: unknown): void => {
    if (levels.indexOf(name) < threshold) return
    const text = typeof first === 'string' ? first : typeof message === 'string' ? message : ''
    if (text !== '') process.stderr.write(`${name === 'warn' ? 'warning' : name}: ${text}\n`)
  }
  const logger: FastifyBaseLogger = {
    level,
    trace: at('trace'),
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    fatal: at('fatal'),
    silent: () => {},
    child: () => logger
  }
  return logger
}

if (isEntryPoint()) {
  runCli(process.argv.slice(2)).then(code => { process.exitCode = code }, (error: unknown) => {
    process.stderr.write(`hub: ${(error as Error).stack ?? String(error)}\n`)
    process.exitCode = 1
  })
}

/** Run as the program (the `hub` bin links here), not imported (rotate-key.ts imports it). */
function isEntryPoint (): boolean {
  const entry = process.argv[1]
  if (entry === undefined) return false
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url)
  } catch {
    return false
  }
}
