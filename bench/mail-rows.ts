/**
 * (h) Mail throughput in the table: bench/mail.ts measures the SMTP plugin's `send` action through
 * the hub against nodemailer's own pooled transport to the same server; these are its figures as rows.
 */
import { measureMail } from './mail.js'
import { goal, ratio2, type Row } from './report.js'

/** As bench/mail.ts states it, for the hub on the memory store. */
const GOAL = 0.8

export async function measureMailRows (): Promise<Row[]> {
  const figures = await measureMail()
  const rate = (value: number): string => `${Math.round(value)} mails/s`
  const baseline = `${rate(figures.nodemailer)} (nodemailer pooled)`
  return [
    {
      benchmark: `(h) send action, ${figures.mails} mails, ${figures.concurrency} at a time, SQLite store`,
      hub: rate(figures.hub),
      baseline,
      result: `ratio ${ratio2(figures.ratio)}`,
      goal: '—'
    },
    {
      benchmark: '(h) the same on the memory store (the hub without its store writes)',
      hub: rate(figures.hubMemoryStore),
      baseline,
      result: `ratio ${ratio2(figures.memoryStoreRatio)}`,
      goal: goal(`≥ ${ratio2(GOAL)}`, figures.memoryStoreRatio >= GOAL)
    }
  ]
}
