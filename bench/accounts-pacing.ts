/**
 * A broadcast to 1,000 groups shared by 1, 2 and 4 accounts, each account in every group
 * (issue 11): makespan against the one-account run, the smallest gap between one
 * account's sends, duplicates; then a ban of one of two accounts halfway through.
 * Every account is a whole bot (simulated WeChat, Wechaty, its paced BullMQ queue) in this
 * process, on one real Redis. `npx tsx bench/accounts-pacing.ts` prints JSON.
 */
import { randomBytes } from 'node:crypto'
import IORedis from 'ioredis'
import pino from 'pino'
import { createKeys } from '../src/store/keys'
import { numberArg, printJsonAndExit } from './cli'
import { parseConfigObject } from '../src/config/load-config'
import { buildWorld } from '../src/sim/build-world'
import { startAccounts } from '../src/sim/sim-accounts'
import { startSimBot } from '../src/sim/sim-bot'
import type { TranscriptLine } from '../src/sim/world'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { DEFAULT_REDIS_URL } from '../src/store/redis'

export interface AccountsRun {
  accounts: number
  makespanMs: number
  /** smallest gap between two sends of the same account, over all accounts */
  minGapPerAccountMs: number
  sendsPerAccount: Record<string, number>
  delivered: number
  duplicates: number
}

export interface BanRun {
  delivered: number
  duplicates: number
  uncertain: number
  /** from the ban to the first delivery, by the other account, to a group the banned one served */
  banToTakeoverMs: number | undefined
}

const isDelivery = (l: TranscriptLine) => l.type === 'say' && l.room !== 'hq@chatroom'

async function run(opts: { groups: number; accounts: number; minIntervalMs: number; redisUrl: string; banHalfway?: boolean }) {
  const config = parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    outbound: { minIntervalMs: opts.minIntervalMs, jitterMs: 0, quietHours: '', progressEvery: 0, dailyCap: 100000, backoffMs: 10 },
    rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } },
  })
  const bots = Array.from({ length: opts.accounts }, (_, i) => ({ id: `b${i + 1}`, name: `助手${i + 1}` }))
  const world = buildWorld({
    bot: { id: 'wxid_bot', name: '群助手' },
    bots,
    contacts: [],
    rooms: [{ id: 'hq@chatroom', topic: '运营总部', admins: [], members: ['wxid_op1'], aliases: {} }],
    generate: [{ count: opts.groups, id: 'g{i}@chatroom', topic: '城市群{i}', members: 1 }],
  })
  const prefix = `qunhq-bench-${randomBytes(4).toString('hex')}`
  const logger = pino({ level: 'silent' })
  const all = await startAccounts(
    world,
    bots.map((b) => ({
      botId: b.id,
      start: () => startSimBot({ world, botId: b.id, account: b.id, config: () => config, redisUrl: opts.redisUrl, prefix, logger }),
    })),
  )
  try {
    const app = all.accounts[0]!.app
    const created = await app.ctx.broadcasts.create({
      by: 'wxid_op1',
      hqRoom: 'hq@chatroom',
      content: { kind: 'text', text: '基准测试广播' },
      groups: await app.ctx.groups(),
      skipConfirm: true,
    })
    if (created.kind !== 'started') throw new Error(`broadcast did not start: ${created.kind}`)
    const deadline = Date.now() + (opts.groups * opts.minIntervalMs * 3) / opts.accounts + 120000
    const wait = async (done: () => boolean) => {
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))
    }
    let banAt: number | undefined
    let bannedRooms = new Set<string>()
    if (opts.banHalfway) {
      await wait(() => world.transcript.filter(isDelivery).length >= opts.groups / 2)
      const redis = new IORedis(opts.redisUrl)
      const serving = await redis.hgetall(createKeys(prefix).serving()).finally(() => redis.disconnect())
      bannedRooms = new Set(Object.entries(serving).filter(([, a]) => a === 'b2').map(([room]) => room))
      banAt = world.elapsed()
      world.ban('b2')
    }
    const rooms = () => new Set(world.transcript.filter(isDelivery).map((l) => l.room)).size
    await wait(() => rooms() >= opts.groups)
    const sends = world.transcript.filter(isDelivery)
    const byAccount = new Map<string, TranscriptLine[]>()
    // a one-account world writes no `bot` on its lines
    const botOf = (l: TranscriptLine) => String(l.bot ?? 'b1')
    for (const l of sends) byAccount.set(botOf(l), [...(byAccount.get(botOf(l)) ?? []), l])
    let minGap = Infinity
    for (const list of byAccount.values()) for (let i = 1; i < list.length; i++) minGap = Math.min(minGap, list[i]!.t - list[i - 1]!.t)
    const distinct = new Set(sends.map((l) => l.room)).size
    const counts = await app.ctx.broadcasts.store.counts(created.record.id)
    const takeover = banAt === undefined ? undefined : sends.find((l) => l.t >= banAt! && l.bot === 'b1' && bannedRooms.has(String(l.room)))
    return {
      accounts: opts.accounts,
      makespanMs: sends.length ? sends.at(-1)!.t - sends[0]!.t : 0,
      minGapPerAccountMs: Number.isFinite(minGap) ? minGap : 0,
      sendsPerAccount: Object.fromEntries([...byAccount].map(([a, l]) => [a, l.length])),
      delivered: distinct,
      duplicates: sends.length - distinct,
      uncertain: counts.uncertain,
      banToTakeoverMs: takeover && banAt !== undefined ? takeover.t - banAt : undefined,
    }
  } finally {
    await all.stop()
    await deleteKeysWithPrefix(opts.redisUrl, prefix)
  }
}

export async function measureAccounts(opts: { groups?: number; minIntervalMs?: number; redisUrl?: string } = {}) {
  const groups = opts.groups ?? 1000
  const minIntervalMs = opts.minIntervalMs ?? 50
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  setWechatyLogLevel('silent')
  const runs: AccountsRun[] = []
  for (const accounts of [1, 2, 4]) {
    const r = await run({ groups, accounts, minIntervalMs, redisUrl })
    runs.push({ accounts: r.accounts, makespanMs: r.makespanMs, minGapPerAccountMs: r.minGapPerAccountMs, sendsPerAccount: r.sendsPerAccount, delivered: r.delivered, duplicates: r.duplicates })
  }
  const one = runs[0]!.makespanMs || 1
  const ban = await run({ groups, accounts: 2, minIntervalMs, redisUrl, banHalfway: true })
  const banRun: BanRun = { delivered: ban.delivered, duplicates: ban.duplicates, uncertain: ban.uncertain, banToTakeoverMs: ban.banToTakeoverMs }
  return {
    groups,
    minIntervalMs,
    runs: runs.map((r) => ({ ...r, makespanVsOneAccount: Math.round((r.makespanMs / one) * 1000) / 1000 })),
    banOfOneOfTwoHalfway: banRun,
  }
}

if (require.main === module) printJsonAndExit(measureAccounts({ groups: numberArg('groups'), minIntervalMs: numberArg('interval') }))
