/**
 * (e) The widget's size: scripts/ui-size.ts builds it and prints each bundle minified and gzipped
 * (level 9), and whether the one a host page embeds is within its budget.
 */
import { runScript } from './processes.js'
import type { Row } from './report.js'

export async function measureWidget (): Promise<Row[]> {
  const { code, output } = await runScript(['scripts/ui-size.ts'])
  const match = /integration-hub\.js: ([\d.]+) KB minified, ([\d.]+) KB gzipped \(budget (\d+) KB\)/.exec(output)
  if (match === null) throw new Error(`scripts/ui-size.ts said: ${output}`)
  return [{
    benchmark: '(e) widget integration-hub.js, gzipped',
    hub: `${match[2]} KB`,
    baseline: `${match[1]} KB minified`,
    result: '',
    goal: `≤ ${match[3]} KB ${code === 0 ? 'met' : 'NOT met'}`
  }]
}
