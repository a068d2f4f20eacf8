/**
 * N accounts in one process on a simulated world (issue 23), as `QUNHQ_ACCOUNTS` runs them:
 * one app and one Wechaty per account, the process share (Redis connections, rules model,
 * metrics) and the accounts host. What `npm run bench -- accountsMemory` starts with the
 * production build (`node dist/sim/many-accounts.js`): it prints one JSON line of its own
 * memory, idle and after a flood of member messages, and its Redis connections.
 *
 * `node dist/sim/many-accounts.js --accounts 10 [--groups 3] [--members 50] [--flood 2000] [--idle 5] [--separate]`
 * (REDIS_URL, else 127.0.0.1:6379; its keys are deleted at the end).
 */
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import pino from 'pino'
import { parseConfigObject } from '../config/load-config'
import { deleteKeysWithPrefix } from '../store/delete-prefix'
import { createRedisFactory, DEFAULT_REDIS_URL } from '../store/redis'
import { setWechatyLogLevel } from '../wechat/wechaty-log'
import { createProcessShare } from '../wiring/process-share'
import { startAccounts } from './sim-accounts'
import { startSimBot } from './sim-bot'
import { SimWorld } from './world'

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : fallback
}
const MB = 1024 * 1024
const rssMB = () => Math.round((process.memoryUsage().rss / MB) * 10) / 10
const load = () => loadavg().map((l) => Math.round(l * 100) / 100)

/** this process's established TCP connections to the Redis port (ss: the kernel's count, BullMQ's duplicates included) */
function redisConnections(port: string): number | undefined {
  try {
    const out = execFileSync('ss', ['-tnpH', 'state', 'established', `( dport = :${port} )`], { encoding: 'utf8' })
    return out.split('\n').filter((l) => l.includes(`pid=${process.pid},`)).length
  } catch {
    return undefined
  }
}

async function main(): Promise<void> {
  const accounts = arg('accounts', 10)
  const groupsPer = arg('groups', 3)
  const members = arg('members', 50)
  const flood = arg('flood', 2000)
  const idleMs = arg('idle', 5) * 1000
  const redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL
  const port = new URL(redisUrl.split(',')[0]!).port || '6379'
  setWechatyLogLevel('silent')
  const config = parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    roles: { operator: ['wxid_op1'] },
    analytics: { report: '' },
    redis: { warnNoPersistence: false },
  })
  const ids = Array.from({ length: accounts }, (_, i) => `a${i + 1}`)
  const world = new SimWorld({ bot: { id: 'a1', name: '助手1' }, bots: ids.map((id, i) => ({ id, name: `助手${i + 1}` })) })
  world.setMaxListeners(0)
  world.addRoom({ id: 'hq@chatroom', topic: '运营总部', memberIds: ['wxid_op1'], botIds: [ids[0]!] })
  const rooms: { id: string; members: string[] }[] = []
  for (const [a, id] of ids.entries()) {
    for (let g = 1; g <= groupsPer; g++) {
      const room = `a${a + 1}g${g}@chatroom`
      const memberIds = Array.from({ length: members }, (_, j) => `wxid_${a + 1}_${g}_${j}`)
      world.addRoom({ id: room, topic: `群${a + 1}-${g}`, memberIds, botIds: [id] })
      rooms.push({ id: room, members: memberIds })
    }
  }
  const prefix = `bench-many-${randomBytes(4).toString('hex')}`
  // --separate: each account its own connections, model and registry, as before issue 23 (for comparison)
  const share = process.argv.includes('--separate') ? undefined : createProcessShare(createRedisFactory(redisUrl))
  const logger = pino({ level: 'silent' })
  const started = Date.now()
  const bot = await startAccounts(
    world,
    ids.map((botId) => ({
      botId,
      start: () => startSimBot({ world, botId, account: botId, config: () => config, redisUrl, prefix, logger, ...(share ? { share } : {}) }),
    })),
    { restartMs: 5000 },
  )
  try {
    const startSeconds = (Date.now() - started) / 1000
    await bot.settled(120_000)
    await new Promise((r) => setTimeout(r, idleMs))
    global.gc?.()
    const idle = { rssMB: rssMB(), heapUsedMB: Math.round((process.memoryUsage().heapUsed / MB) * 10) / 10, load: load() }
    const connections = redisConnections(port)
    // the flood: member messages spread over every account's groups, 200 in flight at most
    let peak = rssMB()
    const sampler = setInterval(() => (peak = Math.max(peak, rssMB())), 200)
    const t0 = Date.now()
    for (let i = 0; i < flood; i++) {
      const room = rooms[i % rooms.length]!
      world.memberSay(room.id, room.members[(i * 7) % room.members.length]!, { kind: 'text', text: `第${i}条：今天的作业大家交了吗？` })
      if (i % 200 === 199) await bot.delivered(120_000)
    }
    await bot.delivered(120_000)
    const floodSeconds = (Date.now() - t0) / 1000
    clearInterval(sampler)
    const flooded = { rssMB: rssMB(), peakRssMB: Math.max(peak, rssMB()), messages: flood, seconds: floodSeconds, load: load() }
    process.stdout.write(`${JSON.stringify({ accounts, shared: share !== undefined, groups: rooms.length, startSeconds, idle, flooded, redisConnections: connections })}\n`)
  } finally {
    await bot.stop()
    await share?.close()
    await deleteKeysWithPrefix(redisUrl, prefix)
  }
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    process.stderr.write(`${err.stack ?? String(err)}\n`)
    process.exit(1)
  },
)
