import type { Job, Queue } from 'bullmq'

/**
 * BullMQ job schedulers, upserted only when something changed: upserting again and again
 * (every start, every reload) is where BullMQ's known bugs live (duplicate delayed jobs,
 * lost schedulers), so an unchanged scheduler is left alone.
 */

export interface CronRepeat {
  pattern: string
  tz: string
}

export interface TickTemplate {
  name: string
  data: Record<string, unknown>
}

/** The jobs a scheduler makes: retried a little, kept a day for ids to absorb duplicates. */
export const tickJobOptions = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 1000 },
  removeOnComplete: { age: 86400 },
  removeOnFail: { age: 7 * 86400 },
}

/** Creates or changes the scheduler `id`; returns whether it had to. */
export async function ensureJobScheduler(queue: Queue, id: string, repeat: CronRepeat, template: TickTemplate): Promise<boolean> {
  const existing = await queue.getJobScheduler(id)
  if (
    existing &&
    existing.pattern === repeat.pattern &&
    existing.tz === repeat.tz &&
    existing.name === template.name &&
    JSON.stringify(existing.template?.data ?? {}) === JSON.stringify(template.data)
  ) {
    return false
  }
  await queue.upsertJobScheduler(id, { pattern: repeat.pattern, tz: repeat.tz }, { ...template, opts: tickJobOptions })
  return true
}

/** The next run of each scheduler whose id starts with `prefix`. */
export async function schedulerNextRuns(queue: Queue, prefix: string): Promise<Map<string, number | undefined>> {
  const all = await queue.getJobSchedulers(0, -1, true)
  return new Map(all.filter((s) => s.key.startsWith(prefix)).map((s) => [s.key, s.next ?? undefined]))
}

/**
 * The instant a scheduler meant a job to run: BullMQ keeps it as `prevMillis` (and in the
 * id, `repeat:<scheduler>:<ms>`). Two jobs of the same tick share it, so it is the key
 * that makes a duplicate tick harmless.
 */
export function fireTimeOf(job: Job): number {
  const prev = (job.opts as { prevMillis?: number }).prevMillis
  if (typeof prev === 'number' && prev > 0) return prev
  const fromId = Number(/:(\d+)$/.exec(job.id ?? '')?.[1])
  if (Number.isFinite(fromId) && fromId > 0) return fromId
  return job.timestamp + (job.opts.delay ?? 0)
}
