/**
 * Server time of the web console's groups table (`GET /groups`) with many managed groups:
 * the real bot on a simulated WeChat, activity records in a real Redis (a few days of
 * messages per group, written through the activity store), the page fetched with a
 * session as a browser would. Each request reads every group's records and member ids
 * (`console.groupsTableSeconds: 0`); `reusedMedianMs` is a reload within the default 10 s.
 * `npx tsx bench/console-groups.ts [--groups 1000] [--members 50] [--requests 5]`
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import pino from 'pino'
import { parseConfigObject } from '../src/config/load-config'
import { buildWorld } from '../src/sim/build-world'
import { startSimBot } from '../src/sim/sim-bot'
import { deleteKeysWithPrefix } from '../src/store/delete-prefix'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { numberArg, printJsonAndExit } from './cli'

export interface ConsoleGroupsOptions {
  groups?: number
  members?: number
  requests?: number
  redisUrl?: string
}

export async function measureConsoleGroups(opts: ConsoleGroupsOptions = {}) {
  const groups = opts.groups ?? 1000
  const members = opts.members ?? 50
  const requests = opts.requests ?? 5
  const redisUrl = opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  setWechatyLogLevel('silent')
  // the table computed on every request (the cost measured); then reused for 10 s (what a reload costs)
  const computed = parseConfigObject({ hq: { rooms: ['hq@chatroom'] }, roles: { admin: ['wxid_boss'] }, analytics: { report: '' }, console: { groupsTableSeconds: 0 } })
  const reused = parseConfigObject({ hq: { rooms: ['hq@chatroom'] }, roles: { admin: ['wxid_boss'] }, analytics: { report: '' }, console: { groupsTableSeconds: 10 } })
  let config = computed
  const world = buildWorld({
    bot: { id: 'wxid_bot', name: '群助手' },
    contacts: [],
    rooms: [{ id: 'hq@chatroom', topic: '运营总部', admins: [], members: ['wxid_boss'], aliases: {} }],
    generate: [{ count: groups, id: 'g{i}@chatroom', topic: '城市群{i}', members, alias: '北京-成员{j}-教育' }],
  })
  const prefix = `qunhq-bench-${randomBytes(4).toString('hex')}`
  const bot = await startSimBot({ world, config: () => config, redisUrl, prefix, logger: pino({ level: 'silent' }), http: { port: 0 } })
  try {
    const ctx = bot.app.ctx
    // a week of talk: 10 messages a day from members 1–10 of every group, with mentions
    const store = ctx.stores.activity
    const now = Date.now()
    for (let g = 1; g <= groups; g++) {
      const writes: Promise<void>[] = []
      for (let d = 0; d < 7; d++) {
        for (let i = 1; i <= 10; i++) {
          writes.push(store.recordMessage({ roomId: `g${g}@chatroom`, memberId: `g${g}-m${i}`, at: now - d * 86_400_000 - i * 60_000, introduced: false, mentions: i > 1 ? [`g${g}-m${i - 1}`] : [], replyTo: [] }))
        }
      }
      await Promise.all(writes)
    }
    const base = bot.app.consoleUrl()!
    const token = await bot.app.consoleAuth.createLink('wxid_boss', 60_000)
    const cookie = /qunhq_session=[^;]+/.exec((await fetch(`${base}/login/${token}`, { redirect: 'manual' })).headers.get('set-cookie') ?? '')?.[0] ?? ''
    const load = loadavg()
    const ms: number[] = []
    let bytes = 0
    let rows = 0
    for (let r = 0; r < requests; r++) {
      const t0 = performance.now()
      const res = await fetch(`${base}/groups`, { headers: { cookie } })
      const html = await res.text()
      ms.push(performance.now() - t0)
      if (res.status !== 200) throw new Error(`/groups answered ${res.status}`)
      bytes = html.length
      rows = (html.match(/<tr data-tags=/g) ?? []).length
    }
    config = reused
    const cachedMs: number[] = []
    for (let r = 0; r <= requests; r++) {
      const t0 = performance.now()
      const res = await fetch(`${base}/groups`, { headers: { cookie } })
      await res.text()
      // the first fills the table; the rest reuse it
      if (r > 0) cachedMs.push(performance.now() - t0)
    }
    cachedMs.sort((a, b) => a - b)
    const sorted = [...ms].sort((a, b) => a - b)
    return {
      groups,
      membersPerGroup: members,
      requests,
      rows,
      htmlKiB: Math.round(bytes / 1024),
      firstMs: Math.round(ms[0]!),
      medianMs: Math.round(sorted[Math.floor(sorted.length / 2)]!),
      maxMs: Math.round(sorted.at(-1)!),
      reusedMedianMs: Math.round(cachedMs[Math.floor(cachedMs.length / 2)]!),
      loadAverageAtStart: load.map((x) => Math.round(x * 100) / 100),
    }
  } finally {
    await bot.stop()
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

if (require.main === module) {
  printJsonAndExit(measureConsoleGroups({ groups: numberArg('groups'), members: numberArg('members'), requests: numberArg('requests') }))
}
