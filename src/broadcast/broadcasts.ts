import { cleanShown } from '../texts/shown-text'
import type { Logger } from 'pino'
import type { Config } from '../config/schema'
import type { ManagedGroup } from '../core/groups'
import { fillTemplate } from '../core/template'
import { hqMessages } from '../texts'
import { actionTarget, type OutboundAction } from '../outbound/actions'
import type { Outbound, OutboundJobData, Outcome } from '../outbound/outbound-queue'
import type { WechatView } from '../wechat/adapter'
import { createBroadcastStore, type BroadcastContent, type BroadcastRecord, type BroadcastRoom } from '../store/broadcast-store'
import type { Redis } from 'ioredis'
import type { Keys } from '../store/keys'
import { logRefused } from '../store/stored-json'
import { mediaReference } from '../core/media-reference'
import { createMediaLibrary, type MediaLibrary } from '../media/media-library'

export interface BroadcastDeps {
  redis: Redis
  keys: Keys
  config: () => Config
  outbound: Outbound
  view: WechatView
  logger: Logger
  now: () => number
  /** replies and reports go to HQ through the paced queue at HQ priority */
  say: (roomId: string, text: string, jobId?: string) => Promise<void>
  /** the media library: a text that is only `[素材:课程海报]` sends that item (default: the config's) */
  media?: MediaLibrary
}

export type CreateResult =
  | { kind: 'started'; record: BroadcastRecord }
  | { kind: 'awaiting'; record: BroadcastRecord }
  | { kind: 'empty' }
  /** a group's text, once {群名} {负责人} are filled in, is longer than `outbound.maxTextLength` */
  | { kind: 'too-long'; length: number; max: number }
  /** the text names a media item (`[素材:…]`) the library does not hold */
  | { kind: 'no-media'; id: string }

/**
 * Fan-out to many groups, exactly once per group: one job per (broadcast, room) with a
 * deterministic id, the send ledger in the outbound processor, and counters in our keys
 * that produce progress and one final report (查收).
 */
export function createBroadcasts(deps: BroadcastDeps) {
  const { logger } = deps
  const media = deps.media ?? createMediaLibrary(deps.config)
  const store = createBroadcastStore(deps.redis, deps.keys, logRefused(logger))

  const estimateMs = (n: number) => {
    const o = deps.config().outbound
    return n * (o.minIntervalMs + o.jitterMs / 2)
  }

  async function roomsFor(groups: ManagedGroup[], content: BroadcastContent): Promise<BroadcastRoom[]> {
    const names = new Map<string, string>()
    const nameOf = async (id: string) => {
      if (!names.has(id)) names.set(id, (await deps.view.contactName(id)) ?? id)
      return names.get(id) ?? id
    }
    const rooms: BroadcastRoom[] = []
    for (const g of groups) {
      if (content.kind === 'forward' || content.kind === 'media') {
        rooms.push({ roomId: g.roomId, topic: g.topic })
        continue
      }
      const leaders = await Promise.all(g.leaders.map(nameOf))
      rooms.push({ roomId: g.roomId, topic: g.topic, text: fillTemplate(content.text, { 群名: cleanShown(g.topic), 负责人: leaders.map(cleanShown).join('、') || hqMessages.noLeader }) })
    }
    return rooms
  }

  function deliveryAction(record: BroadcastRecord, room: BroadcastRoom): OutboundAction {
    if (record.content.kind === 'forward') return { type: 'forward', to: room.roomId, messageId: record.content.messageId }
    if (record.content.kind === 'media') return media.action(record.content.id, room.roomId)
    if (record.content.kind === 'announce') return { type: 'announce', roomId: room.roomId, text: room.text ?? record.content.text }
    return { type: 'say', to: room.roomId, text: room.text ?? record.content.text }
  }

  async function start(record: BroadcastRecord): Promise<BroadcastRecord> {
    // the actions first: a media item gone by now (a reload) refuses the start, not half of it
    const actions = record.rooms.map((room) => ({ room, action: deliveryAction(record, room) }))
    const running = (await store.setStatus(record.id, 'running', deps.now())) ?? record
    await deps.outbound.enqueueBulk(
      actions.map(({ room, action }) => ({
        data: { action, priority: 'broadcast' as const, broadcastId: running.id, quiet: true },
        // BullMQ ids may not contain ':'; room ids are "…@chatroom"
        opts: { jobId: `${running.id}-${room.roomId}` },
      })),
    )
    logger.info({ broadcast: running.id, groups: running.rooms.length }, 'broadcast started')
    return running
  }

  /**
   * The final report, once: under a fixed job id (`<id>-report`), so a second finisher's add
   * is a no-op, and marked finished only after it is queued. A process that dies between
   * counting the last delivery and queueing the report leaves the broadcast unfinished, and
   * its successor, publishing the same outcome again, sends the report (it used to be marked
   * first, and the report was lost with the process: issue 17).
   */
  async function finish(id: string): Promise<void> {
    if (await store.finished(id)) return
    const record = await store.get(id)
    if (!record) return
    // a second finisher keeps the first one's end, so both write the same report
    const final = record.status === 'cancelled' || record.status === 'done' ? record : ((await store.setStatus(id, 'done', deps.now())) ?? record)
    const counts = await store.counts(id)
    const failed = await store.failedRooms(id)
    const uncertain = await store.uncertainRooms(id)
    const byAccount = await store.sentByAccount(id)
    const topic = (roomId: string) => record.rooms.find((r) => r.roomId === roomId)?.topic ?? roomId
    await deps.say(
      record.hqRoom,
      hqMessages.broadcastReport({
        id,
        cancelled: final.status === 'cancelled',
        counts,
        failed: Object.entries(failed).map(([roomId, error]) => ({ name: topic(roomId), error })),
        uncertain: uncertain.map(topic),
        tookMs: (final.finishedAt ?? deps.now()) - (record.startedAt ?? record.createdAt),
        // one account: the report reads as before
        ...(Object.keys(byAccount).length > 1 ? { byAccount } : {}),
      }),
      `${id}-report`,
    )
    await store.markFinished(id)
  }

  return {
    store,
    async create(input: {
      by: string
      hqRoom: string
      content: BroadcastContent
      groups: ManagedGroup[]
      scheduleId?: string
      /** schedules were confirmed when they were made */
      skipConfirm?: boolean
      id?: string
      /** runs before the first delivery is queued: the acknowledgement goes out first */
      beforeStart?: (record: BroadcastRecord) => Promise<void>
    }): Promise<CreateResult> {
      if (!input.groups.length) return { kind: 'empty' }
      const cfg = deps.config()
      const now = deps.now()
      // `[素材:课程海报]` alone sends the item: #广播, #定时 and config schedules alike
      const named = input.content.kind === 'text' ? mediaReference(input.content.text) : undefined
      if (named !== undefined && !media.get(named)) return { kind: 'no-media', id: named }
      const content: BroadcastContent = named !== undefined ? { kind: 'media', id: named } : input.content
      const rooms = await roomsFor(input.groups, content)
      // the typed text was checked at command time; a long group name or leader list can still push it over
      const longest = Math.max(0, ...rooms.map((r) => r.text?.length ?? 0))
      if (longest > cfg.outbound.maxTextLength) return { kind: 'too-long', length: longest, max: cfg.outbound.maxTextLength }
      const record: BroadcastRecord = {
        id: input.id ?? (await store.nextId()),
        by: input.by,
        hqRoom: input.hqRoom,
        content,
        rooms,
        status: 'awaiting',
        ...(input.scheduleId ? { scheduleId: input.scheduleId } : {}),
        createdAt: now,
        expiresAt: now + cfg.hq.confirmTtlMs,
        estimateMs: estimateMs(input.groups.length),
      }
      await store.save(record)
      if (!input.skipConfirm && record.rooms.length > cfg.hq.confirmAbove) return { kind: 'awaiting', record }
      await input.beforeStart?.(record)
      return { kind: 'started', record: await start(record) }
    },

    async confirm(id: string, beforeStart?: (record: BroadcastRecord) => Promise<void>): Promise<{ kind: 'started'; record: BroadcastRecord } | { kind: 'not-awaiting' | 'expired' | 'unknown'; record?: BroadcastRecord }> {
      const record = await store.get(id)
      if (!record) return { kind: 'unknown' }
      if (record.status !== 'awaiting') return { kind: 'not-awaiting', record }
      if (deps.now() > record.expiresAt) {
        await store.setStatus(id, 'expired', deps.now())
        return { kind: 'expired', record }
      }
      await beforeStart?.(record)
      return { kind: 'started', record: await start(record) }
    },

    async cancel(id: string): Promise<{ kind: 'cancelled'; record: BroadcastRecord; counts: Awaited<ReturnType<typeof store.counts>> } | { kind: 'finished' | 'unknown'; record?: BroadcastRecord }> {
      const record = await store.get(id)
      if (!record) return { kind: 'unknown' }
      if (record.status !== 'running' && record.status !== 'awaiting') return { kind: 'finished', record }
      const wasAwaiting = record.status === 'awaiting'
      const cancelled = (await store.setStatus(id, 'cancelled', deps.now())) ?? record
      if (!wasAwaiting) {
        // drop deliveries not yet started (skipping them one by one would still wait for the pacing);
        // one already running finishes and reports itself
        for (const room of record.rooms) {
          const job = await deps.outbound.findJob(`${id}-${room.roomId}`)
          if (!job || !['waiting', 'prioritized', 'delayed', 'paused'].includes(await job.getState())) continue
          const removed = await job.remove().then(() => true, () => false)
          if (removed) await store.count(id, 'skipped', room.roomId)
        }
      }
      const counts = await store.counts(id)
      return { kind: 'cancelled', record: cancelled, counts }
    },

    /** Counts deliveries; the last one writes the report. Progress every `progressEvery` groups. */
    async onOutcome(_jobId: string, data: OutboundJobData, outcome: Outcome): Promise<void> {
      if (!data.broadcastId) return
      const id = data.broadcastId
      // the room of any action: a say's `to`, an announcement's or a removal's `roomId`
      const roomId = actionTarget(data.action)
      const status =
        outcome.status === 'skipped' ? (outcome.why === 'already sent' ? 'sent' : 'skipped') : outcome.status
      const by = outcome.status === 'sent' ? (outcome.by ?? deps.outbound.account) : deps.outbound.account
      const counts = await store.count(id, status, roomId, outcome.status === 'failed' ? outcome.error : undefined, by)
      const every = deps.config().outbound.progressEvery
      if (every > 0 && counts.total > every && counts.done % every === 0 && counts.done < counts.total) {
        const record = await store.get(id)
        if (record && record.status === 'running') {
          await deps.say(record.hqRoom, hqMessages.broadcastProgressLine(id, counts, estimateMs(counts.total - counts.done)), `${id}-progress-${counts.done}`)
        }
      }
      if (counts.done >= counts.total) await finish(id)
    },

    async shouldSend(data: OutboundJobData): Promise<boolean> {
      if (!data.broadcastId) return true
      const record = await store.get(data.broadcastId)
      return !!record && record.status === 'running'
    },

    /** writes the final report when every delivery has an outcome (after a cancel removed the queued ones) */
    async finishIfDone(id: string): Promise<void> {
      const counts = await store.counts(id)
      if (counts.done >= counts.total) await finish(id)
    },

    progressText: async (id: string) => {
      const record = await store.get(id)
      if (!record) return undefined
      const counts = await store.counts(id)
      return hqMessages.broadcastProgress(record, counts, estimateMs(counts.total - counts.done))
    },
  }
}

export type Broadcasts = ReturnType<typeof createBroadcasts>
