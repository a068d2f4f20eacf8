import { join } from 'node:path'
import pino from 'pino'
import { createWorkerPool, type WorkerPool } from '../../src/images/worker-pool'
import type { BusyJob } from '../fixtures/workers/busy-worker'

/**
 * Real worker threads running a TypeScript entry (loaded through tsx's hook, as under
 * `npm start`). Each job tells the test worker how to misbehave.
 */
const ENTRY = join(__dirname, '..', 'fixtures', 'workers', 'busy-worker.ts')

interface Limits {
  size: number
  timeLimitMs: number
  maxQueue: number
  heapMb: number
}

const pools: WorkerPool<BusyJob, number>[] = []
function pool(limits: Partial<Limits> = {}): WorkerPool<BusyJob, number> {
  const l: Limits = { size: 1, timeLimitMs: 20000, maxQueue: 10, heapMb: 64, ...limits }
  const p = createWorkerPool<BusyJob, number>({
    entry: ENTRY,
    name: 'test-workers',
    logger: pino({ level: 'silent' }),
    size: () => l.size,
    timeLimitMs: () => l.timeLimitMs,
    maxQueue: () => l.maxQueue,
    resourceLimits: () => ({ maxOldGenerationSizeMb: l.heapMb, maxYoungGenerationSizeMb: 8 }),
  })
  pools.push(p)
  return p
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()))
})

describe('worker pool', () => {
  it('runs jobs in a worker thread from a .ts entry', async () => {
    const p = pool()
    expect(await p.run({ value: 21 })).toEqual({ ok: true, value: 42 })
    expect(await p.run({ value: 2 })).toEqual({ ok: true, value: 4 })
    expect(p.started()).toBe(1)
  })

  it('stops a job that never ends at the time limit, and the next job runs on a fresh worker', async () => {
    // the limit only has to be longer than a message round trip: the stuck job never ends at all
    const p = pool({ timeLimitMs: 500 })
    expect(await p.run({ spin: 'forever' })).toEqual({ ok: false, reason: 'timeout' })
    expect(await p.run({ value: 5 })).toEqual({ ok: true, value: 10 })
    expect(p.started()).toBe(2)
    expect(p.pending()).toBe(0)
  })

  it('a worker that exits or runs out of heap fails its job and is replaced; a job that throws keeps its worker', async () => {
    const p = pool({ heapMb: 32 })
    expect(await p.run({ exit: 3 })).toEqual({ ok: false, reason: 'crashed', error: 'exited with code 3' })
    expect(await p.run({ allocate: true })).toEqual({ ok: false, reason: 'crashed', error: expect.stringMatching(/out of memory/i) })
    expect(p.started()).toBe(2)
    expect(await p.run({ throw: 'bad input' })).toEqual({ ok: false, reason: 'failed', error: 'bad input' })
    expect(await p.run({ value: 1 })).toEqual({ ok: true, value: 2 })
    expect(p.started()).toBe(3)
  })

  it('with two workers a stuck job holds up only itself', async () => {
    const p = pool({ size: 2, timeLimitMs: 20000 })
    const stuck = p.run({ spin: 'forever' }).then(() => 'stuck')
    const quick = p.run({ value: 1 }).then(() => 'quick')
    expect(await Promise.race([stuck, quick])).toBe('quick')
    await p.close()
    expect(await stuck).toBe('stuck')
  })

  it('refuses a job at once when `maxQueue` jobs already wait behind the running ones', async () => {
    const p = pool({ size: 1, maxQueue: 1, timeLimitMs: 1000 })
    const running = p.run({ spin: 'forever' })
    const waiting = p.run({ value: 1 })
    expect(await p.run({ value: 2 })).toEqual({ ok: false, reason: 'queue-full' })
    expect(await running).toEqual({ ok: false, reason: 'timeout' })
    expect(await waiting).toEqual({ ok: true, value: 2 })
  })

  it('close ends running and waiting jobs as "closed" and refuses new ones', async () => {
    const p = pool()
    const running = p.run({ spin: 'forever' })
    const waiting = p.run({ value: 1 })
    await p.close()
    expect(await running).toEqual({ ok: false, reason: 'closed' })
    expect(await waiting).toEqual({ ok: false, reason: 'closed' })
    expect(await p.run({ value: 1 })).toEqual({ ok: false, reason: 'closed' })
  })
})
