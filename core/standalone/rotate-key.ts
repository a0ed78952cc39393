/**
 * `npm run rotate-key`: the same as `hub rotate-key` (see cli.ts), which seals every workspace's
 * data key again under the first key of HUB_ENCRYPTION_KEY.
 */
import { runCli } from './cli.js'

process.exitCode = await runCli(['rotate-key', ...process.argv.slice(2)])
