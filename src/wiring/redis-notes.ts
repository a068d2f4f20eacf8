import type { Logger } from 'pino'
import type { Config } from '../config/schema'
import { localTime } from '../core/time-window'
import { formatLocalTime, redisMessages } from '../texts'
import type { RedisHealth } from '../store/redis-health'
import type { Persistence } from '../store/redis-persistence'
import type { EventHold } from '../wechat/event-hold'

interface NotesDeps {
  health: RedisHealth
  hold: EventHold
  config: () => Config
  /** tells every HQ room; a deterministic job id makes a repeat harmless */
  tellHq: (text: string, jobId?: string) => Promise<void>
  logger: Logger
}

/**
 * HQ hears of a Redis outage once and of its end once. Telling HQ is itself a Redis write
 * (the outbound queue): the outage note is tried at once (it goes through after a
 * connection blip) and otherwise owed until Redis takes writes again. Notes go out in order.
 */
export function tellHqAboutRedisOutages(deps: NotesDeps): () => void {
  const { health, hold, logger } = deps
  type Note = { text: string; jobId: string }
  let owed: Note | undefined
  let notes = Promise.resolve()
  const tellOrOwe = async (note: Note): Promise<Note | undefined> => {
    try {
      await deps.tellHq(note.text, note.jobId)
      return undefined
    } catch (err) {
      if (!health.report(err, 'HQ note')) logger.error({ err }, 'telling HQ about Redis failed')
      return note
    }
  }
  return health.onChange((change) => {
    const o = change.outage
    const outage = { text: redisMessages.outage(o.kind, formatLocalTime(localTime(o.since, deps.config().timezone)), o.error), jobId: `redis-down-${o.since}` }
    // counted now: the held events start replaying at once
    const recovered =
      change.state === 'healthy'
        ? { text: redisMessages.recovered(change.downMs, o.suppressed, hold.size(), hold.takeDropped()), jobId: `redis-up-${o.since}` }
        : undefined
    notes = notes.then(async () => {
      if (!recovered) {
        owed = await tellOrOwe(outage)
        return
      }
      if (owed) owed = await tellOrOwe(owed)
      await tellOrOwe(recovered)
    })
  })
}

/**
 * Once per start: a Redis that keeps nothing across its own restart loses unsent
 * broadcasts. The log says so whenever it is not append-only; HQ hears of "nothing at all".
 * `persistence` reads the server's settings (the wiring asks Redis; HQ never holds a client).
 */
export async function warnIfRedisForgets(persistence: () => Promise<Persistence>, deps: Omit<NotesDeps, 'hold'>): Promise<void> {
  const { logger } = deps
  const p = await persistence()
  if (p.kind === 'aof') return
  if (p.kind === 'unknown') {
    logger.info({ error: p.error }, 'Redis persistence unknown (CONFIG GET refused): make sure it keeps an append-only file')
    return
  }
  if (p.kind === 'rdb') {
    logger.warn({ save: p.save }, 'Redis keeps only snapshots (appendonly no): a Redis crash loses the writes since the last snapshot')
    return
  }
  logger.warn(
    { appendonly: p.appendonly, save: p.save },
    'Redis has no persistence (appendonly no, save ""): restarting Redis loses unsent broadcasts and queued sends',
  )
  if (!deps.config().redis.warnNoPersistence) return
  await deps.tellHq(redisMessages.noPersistence(p.appendonly, p.save)).catch((err: Error) => {
    if (!deps.health.report(err, 'HQ note')) logger.error({ err }, 'telling HQ about Redis persistence failed')
  })
}
