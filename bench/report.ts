/**
 * What the benchmarks print: one row per figure (what was measured, the hub, the baseline measured
 * beside it, the ratio or difference, the goal) and the table of them, with the machine and its load
 * before and after, since other work on the machine moves every figure.
 */
import os from 'node:os'

export interface Row {
  benchmark: string
  hub: string
  baseline: string
  result: string
  goal: string
}

/** A benchmark as run.ts runs it: `npm run bench -- <name>` measures only that one. */
export interface Benchmark {
  name: string
  /** What stderr says while it runs. */
  label: string
  measure(): Promise<Row[]>
}

export const round1 = (value: number): string => value.toFixed(1)
export const ratio2 = (value: number): string => value.toFixed(2)
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`
export const count = (value: number): string => value.toLocaleString('en-US')

/** A goal's column: the goal and whether this run met it. */
export const goal = (text: string, met: boolean): string => `${text} ${met ? 'met' : 'NOT met'}`

/** The median of per-round ratios, with their spread. */
export const roundsResult = (median: number, ratios: number[]): string =>
  `ratio ${ratio2(median)} (rounds ${ratio2(Math.min(...ratios))}–${ratio2(Math.max(...ratios))})`

/** A row for a benchmark that could not run here, saying why. */
export const skipped = (benchmark: string, reason: string): Row => ({ benchmark, hub: '—', baseline: '—', result: `skipped: ${reason}`, goal: '—' })

/** A row for a benchmark that failed (its error is on stderr). */
export const failed = (benchmark: string, message: string): Row => ({ benchmark, hub: '—', baseline: '—', result: `FAILED: ${message.slice(0, 120)}`, goal: '—' })

export function table (rows: Row[]): string {
  const header: Row = { benchmark: 'benchmark', hub: 'hub', baseline: 'baseline', result: 'result', goal: 'goal' }
  const keys = Object.keys(header) as Array<keyof Row>
  const widths = keys.map(key => Math.max(...[header, ...rows].map(row => row[key].length)))
  const line = (row: Row): string => `| ${keys.map((key, index) => row[key].padEnd(widths[index]!)).join(' | ')} |`
  return [line(header), `|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)].join('\n')
}

export function machine (): string {
  const cpus = os.cpus()
  return `machine: ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, ${os.platform()} ${os.release()}, Node.js ${process.version}`
}

export const loadAverage = (): string => os.loadavg().map(value => value.toFixed(2)).join(' ')
