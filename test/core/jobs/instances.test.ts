/**
 * Several hub instances on one Redis or PostgreSQL share the work without doubling it: 200 jobs
 * enqueued through two engine instances and run by both, each job run and completed exactly once.
 */
import { forEachBackend, fixture, waitForJob } from './backends.js'
import { finished } from '../../support/job-places.js'

const JOBS = 200

forEachBackend(['redis', 'postgres'], async (t, backend) => {
  const { open } = fixture(t, backend)
  const runs = new Map<string, string[]>()
  const instances = await Promise.all(['a', 'b'].map(async name => {
    const engine = await open()
    engine.define<{ n: number }>('count', async (job) => {
      runs.set(job.id, [...runs.get(job.id) ?? [], name])
      await new Promise(resolve => setTimeout(resolve, Math.random() * 10))
      return job.payload.n
    }, { concurrency: 5 })
    return engine
  }))
  await Promise.all(instances.map(async engine => await engine.start()))

  const ids = await Promise.all(Array.from({ length: JOBS }, async (_, n) => await instances[n % 2]!.enqueue('count', { n })))
  t.equal(new Set(ids).size, JOBS, `${JOBS} jobs`)
  const states = await Promise.all(ids.map(async id => await waitForJob(instances[0]!, id, finished, 30_000)))
  t.same(states.filter(state => state.status !== 'succeeded'), [], 'every job succeeded')
  t.same(states.map(state => state.result), ids.map((_, n) => n), 'each with its own result')
  t.same(ids.filter(id => runs.get(id)?.length !== 1), [], 'each ran exactly once')
  const byA = [...runs.values()].filter(([name]) => name === 'a').length
  t.ok(byA > 0 && byA < JOBS, `both instances ran jobs (a: ${byA}, b: ${JOBS - byA})`)
})
