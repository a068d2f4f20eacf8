import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { lifetimeOf } from '../../src/store/keys'
import { createRedisFactory, pingRedis, scanNodes } from '../../src/store/redis'
import { freePort } from '../../src/net/free-port'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { capturedLogger } from '../helpers/private-redis'
import { startRedisCluster, type RedisClusterHandle } from '../helpers/redis-cluster'
import { play, until, hqTexts } from '../helpers/scenario'

/**
 * QunHQ on a three-master Redis Cluster: the exactly-once broadcast (with a hard restart in
 * the middle, so the ledger's re-run path runs too) and a rules run (warn, remove,
 * blacklist, #误判, reports) go through as on one Redis. A command whose keys span slots
 * fails on a cluster with CROSSSLOT: none may show in the logs, and every key a run leaves
 * sits in one slot.
 */
let cluster: RedisClusterHandle | undefined

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3 })
})

afterAll(async () => {
  await cluster?.stop()
})

/** every key under `prefix:` on every master, with its slot */
async function keysBySlot(prefix: string): Promise<Map<number, string[]>> {
  const factory = createRedisFactory(cluster!.url)
  const redis = factory.client()
  const slots = new Map<number, string[]>()
  try {
    await redis.cluster('SLOTS')
    for (const node of scanNodes(redis)) {
      let cursor = '0'
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
        cursor = next
        for (const key of batch) {
          const slot = Number(await node.cluster('KEYSLOT', key))
          slots.set(slot, [...(slots.get(slot) ?? []), key])
        }
      } while (cursor !== '0')
    }
  } finally {
    await factory.closeAll()
  }
  return slots
}

const deliveries = (t: TranscriptLine[]) => t.filter((l) => (l.type === 'say' || l.type === 'send') && l.room !== 'hq@chatroom')

async function playOnCluster(yaml: string, opts: Parameters<typeof play>[1] = {}) {
  const log = capturedLogger('warn')
  const result = await play(yaml, { redisUrl: cluster!.url, logger: log.logger, keepKeys: true, ...opts })
  try {
    const slots = await keysBySlot(result.prefix)
    return { ...result, slots, log }
  } finally {
    await deleteKeysWithPrefix(cluster!.url, result.prefix)
  }
}

function expectOneSlot(prefix: string, slots: Map<number, string[]>, log: { raw: string[] }) {
  expect(prefix).toMatch(/^\{qunhq-sim-[0-9a-f]+\}$/)
  expect(log.raw.filter((l) => /CROSSSLOT|MOVED|TRYAGAIN/.test(l))).toEqual([])
  expect([...slots.keys()]).toHaveLength(1)
  const keys = [...slots.values()].flat()
  // our keys and BullMQ's both, and each still known to the key registry
  expect(keys.some((k) => k.startsWith(`${prefix}:out-`))).toBe(true)
  expect(keys.filter((k) => !lifetimeOf(prefix, k))).toEqual([])
}

describe('Redis Cluster', () => {
  it('the start-up check passes on the cluster and names the cause when no node answers', async () => {
    await expect(pingRedis(cluster!.url)).resolves.toBeUndefined()
    await expect(pingRedis(`redis+cluster://${cluster!.url.split(',')[1]!.slice('redis://'.length)}`)).resolves.toBeUndefined()
    const [a, b] = [await freePort(), await freePort()]
    await expect(pingRedis(`redis://127.0.0.1:${a},redis://127.0.0.1:${b}`, 300)).rejects.toThrow(/^no cluster node answered \(127\.0\.0\.1:\d+: /)
    // one node of a cluster named as a single Redis is not a cluster: its keys would be refused (MOVED)
    expect(createRedisFactory(cluster!.url.split(',')[0]!).cluster).toBe(false)
  })

  it('a broadcast with a hard restart in the middle serves every group once or reports it uncertain, none twice; all keys in one slot', async () => {
    const { transcript: t, prefix, slots, log } = await playOnCluster(
      `name: cluster-broadcast
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 1000 }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 60, jitterMs: 0, quietHours: "" }
world:
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
  generate: [{ count: 20, id: "g{i}@chatroom", topic: "城市群{i}", members: 1 }]
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 通知" }
  - restart: { hard: true }
  - settle: { timeout: 40s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#进度 B1" }
  - settle: { timeout: 10s }
`,
      {
        lockMs: 1000,
        stalledCheckMs: 500,
        afterStep: async (i: number, _s: unknown, _b: unknown, world: SimWorld) => {
          if (i === 0) await until(world, '3 deliveries', (tr) => deliveries(tr).length >= 3)
        },
      },
    )
    const counts = new Map<string, number>()
    for (const l of deliveries(t)) counts.set(l.room!, (counts.get(l.room!) ?? 0) + 1)
    expect(Math.max(...counts.values())).toBe(1)
    const report = hqTexts(t).find((x) => /B1 完成/.test(x))
    const m = /B1 完成：送达 (\d+)\/20 个群，失败 (\d+)，不确定 (\d+)/.exec(report ?? '')
    expect(m).not.toBeNull()
    const [delivered, failed, uncertain] = [Number(m![1]), Number(m![2]), Number(m![3])]
    expect(failed).toBe(0)
    expect(delivered + uncertain).toBe(20)
    expect(uncertain).toBeLessThanOrEqual(1)
    expect(counts.size).toBeGreaterThanOrEqual(delivered)
    expectOneSlot(prefix, slots, log)
  })

  it('a rules run (warn, remove and blacklist, #误判, #报告, #积分榜) works as on one Redis; all keys in one slot', async () => {
    const yaml = readFileSync(join(__dirname, '..', '..', 'scenarios', 'ad-removal.yaml'), 'utf8')
    const { transcript: t, prefix, slots, log } = await playOnCluster(`${yaml}
  - say: { room: g1@chatroom, from: wxid_a, text: "大家好，今天的分享几点开始？" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R2" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#报告" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#积分榜" }
  - settle: { timeout: 10s }
`)
    expect(t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])).toEqual([
      ['g1@chatroom', 'wxid_spam', true],
      ['g2@chatroom', 'wxid_spam', true],
    ])
    const hq = hqTexts(t)
    expect(hq).toContain('🚫 已将 spam(wxid_spam) 移出「北京1群」：发广告（链接），并加入黑名单（所有管理的群）\n证据：链接 https://coupon.example/y')
    // #误判 undid the removal (R2; R1 is the warning before it: strike, blacklist, labelled
    // text: multi-key writes), and the reports read the activity records the Lua scripts wrote
    expect(hq.filter((x) => /^✅ R2 已撤销.*已解除黑名单.*已记入正常样本/.test(x))).toHaveLength(1)
    expect(hq.filter((x) => /^📊 群报告 · 2 个群/.test(x) && /北京1群 1人 7天活跃100%/.test(x))).toHaveLength(1)
    expect(hq.filter((x) => /^🏆 积分榜 · 2 个群\n1\. a 1分 \(发言1\)/.test(x))).toHaveLength(1)
    expectOneSlot(prefix, slots, log)
  })
})
