import { createRequire } from 'node:module'
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads'
import type { Diagnostics, Parameters } from 'recheck'

/**
 * recheck, only while patterns are checked.
 *
 * recheck's own `checkSync` keeps a worker thread for the life of the process, and in it
 * an agent child process (recheck's native checker): ~65 MB held by a bot that checks its
 * few patterns at start and on a reload, and never again (issue 23). Here the same check
 * runs on a worker thread of our own, which the main thread waits for (the config's
 * schema asks synchronously); the thread, and with it the agent, is ended once no check
 * has been asked for IDLE_MS. The next check (a reload) starts them again. The main
 * thread never loads recheck itself.
 */

/** a config parse asks its checks in one synchronous stretch; this grace only spares a test run of restarts */
const IDLE_MS = 1000
/** recheck answers within its own `timeout`; a thread silent this long past it is broken */
const ANSWER_GRACE_MS = 60_000

/**
 * Plain JS (no TypeScript hook needed in the thread, from src, dist or jest alike). The
 * thread notes the agent processes recheck spawns, so that on `stop` it ends them and
 * waits for their exit before the thread ends: a child whose thread is gone is never
 * reaped (it would stay a zombie until the bot exits).
 */
const THREAD = `const { workerData } = require('node:worker_threads')
const childProcess = require('node:child_process')
const children = new Set()
const spawn = childProcess.spawn
childProcess.spawn = function (...args) {
  const child = spawn.apply(this, args)
  children.add(child)
  child.once('exit', () => children.delete(child))
  return child
}
const { check } = require(workerData.recheck)
const flag = new Int32Array(workerData.shared)
workerData.port.on('message', async (m) => {
  if (m.stop) {
    await Promise.all([...children].map((c) => new Promise((done) => { c.once('exit', done); c.kill() })))
    process.exit(0)
  }
  let reply
  try {
    reply = { id: m.id, value: await check(m.source, m.flags, m.params) }
  } catch (err) {
    reply = { id: m.id, error: String((err && err.message) || err) }
  }
  workerData.port.postMessage(reply)
  Atomics.store(flag, 0, 1)
  Atomics.notify(flag, 0)
})`

/** a thread that has not ended its agent by then is ended as it is */
const STOP_LIMIT_MS = 5000

interface Agent {
  worker: Worker
  port: MessagePort
  flag: Int32Array
}

type Reply = { id: number; value: Diagnostics } | { id: number; error: string }

let agent: Agent | undefined
let idle: NodeJS.Timeout | undefined
let nextId = 1
let started = 0

function start(): Agent {
  const shared = new SharedArrayBuffer(4)
  const { port1, port2 } = new MessageChannel()
  const recheck = createRequire(__filename).resolve('recheck')
  const worker = new Worker(THREAD, { eval: true, workerData: { recheck, shared, port: port2 }, transferList: [port2] })
  // neither the thread nor the agent keeps the process alive (recheck unrefs its child too)
  worker.unref()
  port1.unref()
  started++
  return { worker, port: port1, flag: new Int32Array(shared) }
}

/** Ends the thread and its agent now (the next check starts them again). */
export function stopRegexAgent(): void {
  clearTimeout(idle)
  idle = undefined
  const a = agent
  agent = undefined
  if (!a) return
  a.port.postMessage({ stop: true })
  const force = setTimeout(() => void a.worker.terminate().catch(() => undefined), STOP_LIMIT_MS)
  force.unref()
  a.worker.once('exit', () => {
    clearTimeout(force)
    a.port.close()
  })
}

/** recheck's `check`, answered synchronously (a drop-in for its `checkSync`). */
export function checkRegexNow(source: string, flags: string, params: Parameters = {}): Diagnostics {
  agent ??= start()
  const a = agent
  const id = nextId++
  Atomics.store(a.flag, 0, 0)
  a.port.postMessage({ id, source, flags, params })
  const waited = Atomics.wait(a.flag, 0, 0, (typeof params.timeout === 'number' ? params.timeout : 0) + ANSWER_GRACE_MS)
  const reply = receiveMessageOnPort(a.port)?.message as Reply | undefined
  clearTimeout(idle)
  idle = setTimeout(stopRegexAgent, IDLE_MS)
  idle.unref()
  if (!reply || reply.id !== id) {
    stopRegexAgent()
    throw new Error(`the pattern checker did not answer (${waited}) for ${JSON.stringify(source)}`)
  }
  if ('error' in reply) throw new Error(reply.error)
  return reply.value
}

/** whether a checker thread runs now, and how many were started in this process (tests) */
export function regexAgentState(): { running: boolean; started: number } {
  return { running: agent !== undefined, started }
}
