/**
 * Issue 8 item 8: keys that never expire. Plays a run of every feature with its keys kept,
 * SCANs the run's prefix and fails on any key that has no TTL and is not bounded (or kept
 * for good, with a reason) in KEY_LIFETIMES, or whose bound does not hold.
 */
import { randomBytes } from 'node:crypto'
import type { Redis as IORedis } from 'ioredis'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys, lifetimeOf } from '../../src/store/keys'
import { createRedisFactory, scanNodes } from '../../src/store/redis'
import { startRedisCluster } from '../helpers/redis-cluster'
import { play, REDIS_URL, says, until } from '../helpers/scenario'

const SCENARIO = `
name: every-feature
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
  rules:
    welcome: { enabled: true, batchMs: 300 }
    nickname: { enabled: true }
    intro: { deadlineMs: 1500, minLength: 10, action: remove }
    ads: { warnings: 1, blacklist: true }
  questions: { batchMs: 300 }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
  entry:
    friendKeywords: [{ keyword: 读书会, target: "标签:北京" }]
    forms: [{ target: "标签:北京", nickname: "{城市}-读者-教育", questions: [{ id: 城市, ask: 你在哪个城市？, route: true }] }]
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts:
    - { id: wxid_op1, name: 运营小王 }
    - { id: wxid_new, name: 小新 }
    - { id: wxid_li, name: 李四 }
    - { id: wxid_spam, name: 优惠小助手 }
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_zhang, wxid_wang, wxid_spam], aliases: { wxid_zhang: 北京-张三-教育, wxid_wang: 北京-王芳-金融 } }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_liu, wxid_spam], aliases: { wxid_liu: 北京-刘洋-IT } }
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 标签:北京 今晚8点线上分享" }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#进度" }
  - say: { room: bj1@chatroom, from: wxid_zhang, text: "请问今晚的分享有回放吗？" }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#回复 Q1 有回放" }
  - join: { room: bj1@chatroom, contacts: [wxid_new, wxid_li], inviter: wxid_zhang }
  - say: { room: bj1@chatroom, from: wxid_li, text: "大家好，我是北京的李四，做金融投资十年了，欢迎交流" }
  - say: { room: bj1@chatroom, from: wxid_zhang, text: "@北京-王芳-金融 周末一起去图书馆吗", mentions: [wxid_wang] }
  - say: { room: bj1@chatroom, from: wxid_wang, text: "好呀，周六上午" }
  - say: { room: bj2@chatroom, from: wxid_spam, url: { title: 限时领券, url: "https://coupon.example/x" } }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { room: bj2@chatroom, from: wxid_spam, url: { title: 限时领券, url: "https://coupon.example/y" } }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: '#定时 "*/1 * * * * *" 群:bj1 早安' }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#删除定时 S1" }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#报告 全部" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#积分榜" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#黑名单列表" }
  - say: { room: bj1@chatroom, from: wxid_wang, text: "周末亲子活动名额不多了，感兴趣私聊" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广告", quote: { from: wxid_spam, text: "限时领券，私聊领取" } }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#误判 R1" }
  - settle: { timeout: 240s, ahead: 10s }
  - friend: { from: wxid_reader, hello: 我想加入读书会 }
  - friend: { from: wxid_stranger, hello: 你好 }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#入群码 生成 2 标签:北京" }
  - settle: { timeout: 240s, ahead: 10s }
  - say: { from: wxid_reader, text: 北京 }
  - say: { from: wxid_guess, text: ZZZZ2345 }
  - settle: { timeout: 240s, ahead: 10s }
`

/** what is wrong with one key, or undefined when its TTL or bound holds */
async function problemOf(redis: IORedis, prefix: string, key: string): Promise<string | undefined> {
  const name = key.slice(prefix.length + 1)
  const found = lifetimeOf(prefix, key)
  if (!found) return `${name}: not in KEY_LIFETIMES (src/store/keys.ts)`
  const [entryName, entry] = found
  const pttl = await redis.pttl(key)
  if (pttl === -2) return undefined // expired while we looked
  if ('ttlMs' in entry || 'ttl' in entry) {
    if (pttl < 0) return `${name}: no TTL, but KEY_LIFETIMES.${entryName} says it has one`
    if ('ttlMs' in entry && pttl > entry.ttlMs) return `${name}: TTL ${pttl} ms, more than KEY_LIFETIMES.${entryName} (${entry.ttlMs})`
  }
  const maxLength = 'maxLength' in entry ? entry.maxLength : undefined
  if (maxLength !== undefined) {
    const type = await redis.type(key)
    const length =
      type === 'list' ? await redis.llen(key) : type === 'zset' ? await redis.zcard(key) : type === 'set' ? await redis.scard(key) : await redis.hlen(key)
    if (length > maxLength) return `${name}: ${length} entries, more than its bound ${maxLength}`
  }
  return undefined
}

async function scanKeys(redis: IORedis, prefix: string): Promise<string[]> {
  const all: string[] = []
  await redis.ping() // a cluster client knows its masters once connected
  for (const node of scanNodes(redis)) {
    let cursor = '0'
    do {
      const [next, batch] = await node.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000)
      cursor = next
      all.push(...batch)
    } while (cursor !== '0')
  }
  return all.sort()
}

describe('every Redis key has a TTL or a bound (issue 8 item 8)', () => {
  /** plays every feature on `url`, then checks each key the run left */
  async function everyFeature(url: string) {
    const redisFactory = createRedisFactory(url, { maxRetriesPerRequest: 3 })
    const redis = redisFactory.client()
    let prefix = `qunhq-keys-${randomBytes(4).toString('hex')}`
    try {
      const run = await play(SCENARIO, {
        prefix,
        keepKeys: true,
        redisUrl: url,
        // the schedule stays until a tick of it is delivered: the work, not a clock
        afterStep: async (_i, step, _bot, world) => {
          if ('say' in step && step.say.text?.startsWith('#定时')) {
            await until(world, 'a tick of the schedule delivered', (tr) => says(tr, 'bj1@chatroom').some((l) => l.text === '早安'))
          }
        },
      })
      // on a Redis Cluster the prefix the run used is a hash tag
      prefix = run.prefix
      const { transcript } = run
      // the run did what the scan is meant to cover
      const hq = says(transcript, 'hq@chatroom').map((l) => l.text ?? '')
      expect(hq.some((t) => /B1 完成/.test(t))).toBe(true)
      expect(hq.some((t) => /已回复 Q1/.test(t))).toBe(true)
      // the entry gate: an application answered and invited, a request left to a human, codes made
      expect(transcript.some((l) => l.type === 'invite' && l.contact === 'wxid_reader')).toBe(true)
      expect(hq.some((t) => t.startsWith('🎟 已生成 2 个入群码'))).toBe(true)
      expect(hq.some((t) => /未做自我介绍/.test(t))).toBe(true)
      expect(hq.some((t) => /并加入黑名单/.test(t))).toBe(true)
      expect(hq.some((t) => /已删除定时 S1/.test(t))).toBe(true)
      expect(hq.some((t) => /群报告/.test(t))).toBe(true)
      expect(says(transcript, 'bj1@chatroom').some((l) => /早安/.test(l.text ?? ''))).toBe(true)

      const keys = await scanKeys(redis, prefix)
      const names = new Set(keys.map((k) => lifetimeOf(prefix, k)?.[0]))
      // per-member activity, the operator's broadcast list, the blacklist and BullMQ were all written
      for (const name of ['activityMembers', 'activityMeta', 'broadcastsBy', 'blacklist', 'audit', 'controlQueue', 'outboundQueue', 'ledger', 'moderationCase', 'moderationDecision', 'labelled', 'labelledOrder', 'labelledVersion', 'entrySeats', 'entryDigest', 'entryDigestOpen', 'entryCodeTries']) {
        expect(names).toContain(name)
      }
      const problems = (await Promise.all(keys.map((k) => problemOf(redis, prefix, k)))).filter((p): p is string => p !== undefined)
      expect(problems).toEqual([])
    } finally {
      redisFactory.disconnectAll()
      await deleteKeysWithPrefix(url, prefix)
    }
  }

  it('a run of every feature leaves no key without a TTL, unless KEY_LIFETIMES bounds it (and the bound holds)', async () => {
    await everyFeature(REDIS_URL)
  })

  it('the same run on a three-master Redis Cluster: every multi-key write legal (one slot), the same keys and bounds', async () => {
    const cluster = await startRedisCluster({ masters: 3 })
    try {
      await everyFeature(cluster.url)
    } finally {
      await cluster.stop()
    }
  })

  it('the registry matches the keys its builders make', () => {
    const keys = createKeys('p')
    const built: Array<[string, string]> = [
      [keys.broadcast('B1'), 'broadcast'],
      [keys.broadcastRooms('B1', 'failed'), 'broadcastRooms'],
      [keys.broadcastRooms('B1', 'uncertain'), 'broadcastRooms'],
      [keys.broadcastSent('B1'), 'broadcastSent'],
      [keys.broadcastCounted('B1'), 'broadcastCounted'],
      [keys.spamStrikes('wxid_a', true), 'spamStrikesDry'],
      [keys.nickStrikes('g@chatroom', 'wxid_a', false), 'nickStrikes'],
      [keys.ruleStrikes('voice', 'g@chatroom', 'wxid_a', false), 'ruleStrikes'],
      [keys.ruleStrikes('voice', 'g@chatroom', 'wxid_a', true), 'ruleStrikesDry'],
      [keys.silentPlanFailed('P1'), 'silentPlanFailed'],
      [keys.pacingNextAt('main'), 'pacingNextAt'],
      ['p:out-main:wait', 'outboundQueue'],
      [keys.schedTick('hq-S1', 1000), 'schedTick'],
      [keys.moderationCase('R3'), 'moderationCase'],
      [keys.moderationDecision('R3'), 'moderationDecision'],
      [keys.labelled(), 'labelled'],
      [keys.labelledOrder(), 'labelledOrder'],
      [keys.labelledVersion(), 'labelledVersion'],
      [keys.labelledUnconfirmed(), 'labelledUnconfirmed'],
      [keys.learnedModel(), 'learnedModel'],
      [keys.learnedModelLock(), 'learnedModelLock'],
      [keys.labelledUpload('a1b2'), 'labelledUpload'],
      [keys.recentTexts('wxid_a'), 'recentTexts'],
      [keys.digestItems('ads-review'), 'digestItems'],
      [keys.digestOpen('ads-review'), 'digestOpen'],
      [keys.offenceCounts('g@chatroom', '2026-12-05'), 'offenceCounts'],
    ]
    for (const [key, name] of built) expect([key, lifetimeOf('p', key)?.[0]]).toEqual([key, name])
    expect(lifetimeOf('p', 'p:nobody-knows-me')).toBeUndefined()
    expect(lifetimeOf('p', 'other:groups')).toBeUndefined()
  })
})
