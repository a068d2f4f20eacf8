import IORedis from 'ioredis'

/** One command a Redis client of this process sent. */
export interface SentCommand {
  name: string
  /** the write it went out in: the commands of one pipeline or MULTI share one */
  write: number
  /** the frames of QunHQ's own code (src/) that led to it, innermost first */
  from: string[]
  /** sent by the test's own waiting (settle), a BullMQ worker's loop or a blocking pop: not a message's */
  background: boolean
}

interface CommandLike {
  name: string
  args: unknown[]
}

const SRC_FRAME = /\/src\/([^:()]+):(\d+)/
/** the settle poll of the test itself, BullMQ's worker loops (fetching, stalled checks) */
const BACKGROUND_FRAME = /\/src\/(sim\/settle|wiring\/pending-work)\.ts|bullmq\/dist\/cjs\/classes\/(worker|queue-events)\.js/
const BLOCKING = new Set(['bzpopmin', 'bzpopmax', 'brpoplpush', 'blmove', 'xread'])

/**
 * Counts what every ioredis connection of this process sends (the bot's stores, queues and
 * workers), by wrapping `Redis.prototype.sendCommand`: the commands of a pipeline or MULTI
 * are handed the pipeline's stream, so they count as one write. `stop()` restores it.
 */
export function countRedisCommands(): { commands: SentCommand[]; stop(): void } {
  const proto = IORedis.prototype as unknown as { sendCommand(command: CommandLike, stream?: object): unknown }
  const original = proto.sendCommand
  const commands: SentCommand[] = []
  const pipelines = new WeakMap<object, number>()
  let writes = 0
  proto.sendCommand = function (this: unknown, command: CommandLike, stream?: object) {
    let write: number
    if (stream && (stream as { isPipeline?: boolean }).isPipeline) {
      write = pipelines.get(stream) ?? ++writes
      pipelines.set(stream, write)
    } else write = ++writes
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 40
    const stack = new Error().stack ?? ''
    Error.stackTraceLimit = limit
    const from: string[] = []
    for (const line of stack.split('\n')) {
      const m = SRC_FRAME.exec(line)
      if (m && !line.includes('node_modules') && from.length < 4) from.push(`${m[1]}:${m[2]}`)
    }
    const name = command.name.toLowerCase()
    commands.push({ name, write, from, background: BLOCKING.has(name) || BACKGROUND_FRAME.test(stack) })
    return original.call(this, command, stream)
  }
  return { commands, stop: () => void (proto.sendCommand = original) }
}

/** `commands` by name and the code that sent them, most first: `3 × lpush  store/x.ts:12 < …` */
export function breakdown(commands: SentCommand[]): string[] {
  const by = new Map<string, number>()
  for (const c of commands) {
    const k = `${c.name.padEnd(8)} ${c.from.join(' < ') || '(no src frame)'}`
    by.set(k, (by.get(k) ?? 0) + 1)
  }
  return [...by].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${n} × ${k}`)
}
