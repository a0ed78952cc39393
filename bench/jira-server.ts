/**
 * The action benchmark's Jira site: the Jira Cloud stand-in of the tests (test/support/peers/jira.ts,
 * answering as Atlassian's REST API v3 documents it), in a process of its own so that its work is not
 * on the event loop being measured. Prints one line, `{"url"}`, once it listens; exits when its stdin
 * closes.
 */
import { startJiraPeer } from '../test/support/peers/jira.js'

const peer = await startJiraPeer()
process.stdout.write(`${JSON.stringify({ url: peer.url })}\n`)
// Every request is recorded for the tests' assertions; here nothing reads them.
setInterval(() => { peer.requests.length = 0; peer.state.issues.length = 0 }, 1_000).unref()
process.stdin.resume()
process.stdin.once('end', () => { void peer.close().then(() => process.exit(0)) })
