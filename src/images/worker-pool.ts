import { createRequire } from 'node:module'
import { extname } from 'node:path'
import { Worker, type ResourceLimits } from 'node:worker_threads'
import type { Logger } from 'pino'

/**
 * A few worker threads for CPU-heavy pure work (decoding images), so one slow input
 * delays only itself. Each job has a time limit; a worker that overruns it or dies is
 * terminated and replaced on demand. Jobs wait in a bounded queue; beyond it they are
 * refused at once. Every limit is read when it is used, so a config reload applies.
 */

export interface WorkerPoolOptions {
  /** the worker's entry file (.ts or .js); it answers jobs through `serveJobs` */
  entry: string
  name: string
  logger: Logger
  size: () => number
  timeLimitMs: () => number
  maxQueue: () => number
  resourceLimits: () => ResourceLimits
  /** a worker that has not loaded its code by then is given up on */
  startLimitMs?: number
}

export type PoolResult<Out> =
  | { ok: true; value: Out }
  | { ok: false; reason: 'timeout' | 'crashed' | 'failed' | 'queue-full' | 'closed'; error?: string }

export interface WorkerPool<In, Out> {
  /** `transfer`: buffers in `input` handed to the worker (not copied; unusable here afterwards) */
  run(input: In, transfer?: ArrayBuffer[]): Promise<PoolResult<Out>>
  /** jobs running or waiting (at most `size` running and `maxQueue` waiting) */
  pending(): number
  /** workers started so far, replacements included */
  started(): number
  close(): Promise<void>
}

/** messages between the pool and a worker (see serve-jobs.ts) */
export type ToWorker<In> = { id: number; input: In }
export type FromWorker<Out> = { ready: true } | { id: number; value: Out } | { id: number; error: string }

interface Job<In, Out> {
  id: number
  input: In
  transfer: ArrayBuffer[]
  done: (r: PoolResult<Out>) => void
}

interface Slot<In, Out> {
  worker: Worker
  state: 'starting' | 'idle' | 'busy'
  job?: Job<In, Out>
  timer?: NodeJS.Timeout
}

const TSX_CJS = 'tsx/cjs'

/**
 * Worker threads do not inherit jest's or tsx's module hooks in every setup, so a .ts
 * entry is loaded through a tiny bootstrap that registers tsx's CommonJS hook first.
 */
const BOOTSTRAP = `const { workerData } = require('node:worker_threads')
if (workerData.register) require(workerData.register)
require(workerData.entry)`

function spawnWorker(entry: string, resourceLimits: ResourceLimits): Worker {
  const register = extname(entry) === '.ts' ? createRequire(__filename).resolve(TSX_CJS) : undefined
  return new Worker(BOOTSTRAP, { eval: true, workerData: { entry, register }, resourceLimits })
}

export function createWorkerPool<In, Out>(opts: WorkerPoolOptions): WorkerPool<In, Out> {
  const log = opts.logger.child({ part: opts.name })
  const startLimitMs = opts.startLimitMs ?? 30000
  const queue: Job<In, Out>[] = []
  const slots: Slot<In, Out>[] = []
  let nextId = 1
  let spawned = 0
  let closed = false
  const size = () => Math.max(1, opts.size())
  const pending = () => queue.length + slots.filter((s) => s.state === 'busy').length

  function finish(slot: Slot<In, Out>, result: PoolResult<Out>): void {
    clearTimeout(slot.timer)
    const job = slot.job
    slot.job = undefined
    slot.state = 'idle'
    job?.done(result)
  }

  /** the slot's worker is gone or going: its job (or, while starting, the oldest waiting job) fails */
  function discard(slot: Slot<In, Out>, reason: 'timeout' | 'crashed', error?: string): void {
    const i = slots.indexOf(slot)
    if (i < 0) return
    slots.splice(i, 1)
    clearTimeout(slot.timer)
    void slot.worker.terminate().catch(() => undefined)
    // a worker that cannot even start takes one job with it, so a broken setup cannot respawn in a loop
    const job = slot.job ?? (slot.state === 'starting' ? queue.shift() : undefined)
    slot.job = undefined
    job?.done({ ok: false, reason, ...(error ? { error } : {}) })
    pump()
  }

  function spawn(): void {
    const worker = spawnWorker(opts.entry, opts.resourceLimits())
    worker.unref()
    spawned++
    const slot: Slot<In, Out> = { worker, state: 'starting' }
    slot.timer = setTimeout(() => discard(slot, 'crashed', `did not start within ${startLimitMs} ms`), startLimitMs)
    slots.push(slot)
    worker.on('message', (m: FromWorker<Out>) => {
      if (!slots.includes(slot)) return
      if ('ready' in m) {
        clearTimeout(slot.timer)
        slot.state = 'idle'
      } else if (slot.job?.id === m.id) {
        finish(slot, 'error' in m ? { ok: false, reason: 'failed', error: m.error } : { ok: true, value: m.value })
      }
      pump()
    })
    worker.on('error', (err) => {
      // the caller logs the failed job; this line only adds the worker's side
      log.debug({ err: err.message, code: (err as NodeJS.ErrnoException).code }, 'worker died; it is replaced for the next job')
      discard(slot, 'crashed', err.message)
    })
    worker.on('exit', (code) => discard(slot, 'crashed', `exited with code ${code}`))
  }

  function pump(): void {
    if (closed) return
    for (const slot of slots) {
      if (slot.state !== 'idle') continue
      const job = queue.shift()
      if (!job) return
      slot.state = 'busy'
      slot.job = job
      const limit = opts.timeLimitMs()
      slot.timer = setTimeout(() => discard(slot, 'timeout'), limit)
      slot.worker.postMessage({ id: job.id, input: job.input } satisfies ToWorker<In>, job.transfer)
    }
    const starting = () => slots.filter((s) => s.state === 'starting').length
    while (queue.length > starting() && slots.length < size()) spawn()
  }

  return {
    run(input, transfer = []) {
      if (closed) return Promise.resolve({ ok: false, reason: 'closed' })
      if (pending() >= size() + opts.maxQueue()) return Promise.resolve({ ok: false, reason: 'queue-full' })
      return new Promise<PoolResult<Out>>((done) => {
        queue.push({ id: nextId++, input, transfer, done })
        pump()
      })
    },
    pending,
    started: () => spawned,
    async close() {
      closed = true
      for (const job of queue.splice(0)) job.done({ ok: false, reason: 'closed' })
      const all = slots.splice(0)
      for (const slot of all) {
        clearTimeout(slot.timer)
        slot.job?.done({ ok: false, reason: 'closed' })
      }
      await Promise.all(all.map((s) => s.worker.terminate().catch(() => undefined)))
    },
  }
}
