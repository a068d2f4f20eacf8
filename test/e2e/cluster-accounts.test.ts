import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { parse as parseYaml } from 'yaml'
import { buildWorld } from '../../src/sim/build-world'
import { parseScenario } from '../../src/sim/load-scenario'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { servePuppets, startAccountProcess, type AccountProcess, type ServedPuppet } from '../helpers/account-processes'
import { startRedisCluster, type RedisClusterHandle } from '../helpers/redis-cluster'
import { FIXTURES, hqTexts, until } from '../helpers/scenario'

/**
 * Issue 11 item 6, as deployed: a three-master Redis Cluster on loopback ports and two
 * account processes (`QUNHQ_ACCOUNT=a1|a2 node --import tsx src/main.ts`), each connected
 * to its own account of one simulated WeChat through wechaty-puppet-service, as a real
 * account connects. The world lives in this process; its transcript is what WeChat saw.
 */
const GROUPS = 12
const config = `
hq: { rooms: [hq@chatroom], confirmAbove: 1000 }
roles: { operator: [wxid_op1] }
rules:
  welcome: { enabled: false }
  nickname: { enabled: false }
  intro: { enabled: false }
outbound: { minIntervalMs: 200, jitterMs: 0, quietHours: "", backoffMs: 10 }
redis: { warnNoPersistence: false }
accounts: { list: [{ id: a1 }, { id: a2 }], leaseMs: 3000 }
`
const world = `
bots: [{ id: a1, name: 助手一 }, { id: a2, name: 助手二 }]
rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
generate: [{ count: ${GROUPS}, id: "g{i}@chatroom", topic: "城市群{i}", members: 1 }]
`
const groups = Array.from({ length: GROUPS }, (_, i) => `g${i + 1}@chatroom`)

/** the world's lines of `text` sent to groups (not HQ) */
const deliveries = (t: readonly TranscriptLine[], text: string) => t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom' && l.text === text)
const perGroup = (t: readonly TranscriptLine[], text: string) => groups.map((g) => deliveries(t, text).filter((l) => l.room === g).length)
const reportOf = (t: readonly TranscriptLine[], id: string) => hqTexts([...t]).filter((x) => x.includes(`${id} 完成`))

let cluster: RedisClusterHandle | undefined
let dir: string | undefined
let simWorld: SimWorld
let puppets: ServedPuppet[] = []
let procs: AccountProcess[] = []

beforeAll(async () => {
  const loaded = parseScenario({ name: 'cluster-accounts', config: parseYaml(config), world: parseYaml(world), steps: [] }, FIXTURES)
  simWorld = buildWorld(loaded.scenario.world)
  dir = mkdtempSync(join(tmpdir(), 'qunhq-accounts-'))
  const configPath = join(dir, 'qunhq.yaml')
  writeFileSync(configPath, config)
  ;[cluster, puppets] = await Promise.all([startRedisCluster({ masters: 3 }), servePuppets(simWorld, ['a1', 'a2'])])
  const prefix = `qunhq-procs-${randomBytes(4).toString('hex')}`
  procs = puppets.map((p) =>
    startAccountProcess({ account: p.botId, env: { ...p.env, REDIS_URL: cluster!.url, QUNHQ_PREFIX: prefix, QUNHQ_CONFIG: configPath, QUNHQ_DATA_DIR: dir! } }),
  )
  await Promise.all(procs.map((p) => p.untilOutput(/"msg":"logged in: serving"/, 'login', 120_000)))
})

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop().catch(() => undefined)))
  await Promise.all(puppets.map((p) => p.stop().catch(() => undefined)))
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const say = (text: string) => simWorld.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text }, [])

describe('two account processes on a three-master Redis Cluster', () => {
  it('share a broadcast: each group exactly once, sent by both accounts, one final report', async () => {
    say('#广播 全部 第一次通知')
    await until(simWorld, 'the final report of B1', (t) => reportOf(t, 'B1').length > 0, 90_000)
    const t = simWorld.transcript
    expect(perGroup(t, '第一次通知')).toEqual(groups.map(() => 1))
    const by = (bot: string) => deliveries(t, '第一次通知').filter((l) => l.bot === bot).length
    expect(by('a1')).toBeGreaterThan(0)
    expect(by('a2')).toBeGreaterThan(0)
    expect(by('a1') + by('a2')).toBe(GROUPS)
    const reports = reportOf(t, 'B1')
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(new RegExp(`送达 ${GROUPS}/${GROUPS} 个群，失败 0，不确定 0`))
    expect(reports[0]).toContain(`各账号送达: a1 ${by('a1')}，a2 ${by('a2')}`)
  })

  it('a ban of one account mid-broadcast: the other account finishes, nothing sent twice, HQ told', async () => {
    say('#广播 全部 第二次通知')
    // mid-broadcast: a few groups delivered, most still queued on both accounts
    await until(simWorld, '3 deliveries of B2', (t) => deliveries(t, '第二次通知').length >= 3, 90_000)
    const before = new Set(deliveries(simWorld.transcript, '第二次通知').filter((l) => l.bot === 'a1').map((l) => l.room))
    simWorld.ban('a1')
    await until(simWorld, 'the final report of B2', (t) => reportOf(t, 'B2').length > 0, 90_000)
    const t = simWorld.transcript
    // nothing twice; every group delivered, or (the one send a1 had in hand when banned) uncertain
    const counts = perGroup(t, '第二次通知')
    expect(Math.max(...counts)).toBe(1)
    const m = /B2 完成：送达 (\d+)\/(\d+) 个群，失败 (\d+)，不确定 (\d+)/.exec(reportOf(t, 'B2')[0] ?? '')
    expect(m).not.toBeNull()
    const [sent, total, failed, uncertain] = m!.slice(1).map(Number) as [number, number, number, number]
    expect(total).toBe(GROUPS)
    expect(failed).toBe(0)
    expect(uncertain).toBeLessThanOrEqual(1)
    expect(sent + uncertain).toBe(GROUPS)
    expect(counts.reduce((a, b) => a + b, 0)).toBe(sent)
    // a1 sent nothing after its ban; a2 delivered the rest
    const a1After = deliveries(t, '第二次通知').filter((l) => l.bot === 'a1' && !before.has(l.room!))
    expect(a1After).toEqual([])
    expect(deliveries(t, '第二次通知').filter((l) => l.bot === 'a2').length).toBe(sent - before.size)
    // more than its own half: a1's queued groups moved to a2
    expect(sent - before.size).toBeGreaterThan(GROUPS / 2)
    expect(reportOf(t, 'B2')).toHaveLength(1)
    // HQ told once, by the banned account's process, with the groups moved to a2
    const failovers = hqTexts([...t]).filter((x) => x.startsWith('🔀 账号 a1 已停用'))
    expect(failovers).toHaveLength(1)
    expect(failovers[0]).toMatch(/个群转由其他账号服务/)
  })

  // Issue 17 item 10: this ran only on request after failing 2 runs of 6. Neither failure was
  // the failover's: once the survivor never finished B3 (a delivery's count was lost when the
  // dead process died between its two writes; broadcast-store.ts counts in one script now),
  // and once this test's own sum was wrong: the send a2 had in hand can reach WeChat before
  // a2 dies and is then reported uncertain (honestly: its ledger says "sending"), so a2's
  // deliveries are not all counted as sent (4 of 8 loaded runs on 1253a69 failed that way).
  it('kill -9 of the process serving every group mid-broadcast: its lease expires, the other account finishes, nothing twice', async () => {
    // a1 comes back (WeChat lifted the ban) and serves again; a2 keeps the groups it took
    const logins = () => procs[0]!.output().match(/"msg":"logged in: serving"/g)?.length ?? 0
    simWorld.login('a1')
    await until(simWorld, 'a1 logged in again', () => logins() >= 2, 60_000)
    say('#广播 全部 第三次通知')
    await until(simWorld, '3 deliveries of B3', (t) => deliveries(t, '第三次通知').length >= 3, 90_000)
    await procs[1]!.kill()
    const byA2 = new Set(deliveries(simWorld.transcript, '第三次通知').filter((l) => l.bot === 'a2').map((l) => l.room!))
    // the job a2 had in hand is settled once a2's leases run out (no process holds the account: its lock is broken)
    await until(simWorld, 'the final report of B3', (t) => reportOf(t, 'B3').length > 0, 110_000)
    const t = simWorld.transcript
    expect(Math.max(...perGroup(t, '第三次通知'))).toBe(1)
    const report = reportOf(t, 'B3')[0] ?? ''
    const m = /B3 完成：送达 (\d+)\/(\d+) 个群，失败 (\d+)，不确定 (\d+)/.exec(report)
    expect(m).not.toBeNull()
    const [sent, total, failed, uncertain] = m!.slice(1).map(Number) as [number, number, number, number]
    expect([total, failed]).toEqual([GROUPS, 0])
    expect(uncertain).toBeLessThanOrEqual(1)
    expect(sent + uncertain).toBe(GROUPS)
    // nothing from the dead process after the kill
    expect(deliveries(t, '第三次通知').filter((l) => l.bot === 'a2').length).toBe(byA2.size)
    // each account's deliveries as counted: a1's all of them; a2's all but (at most) the one it had in hand
    const byA1 = deliveries(t, '第三次通知').filter((l) => l.bot === 'a1').map((l) => l.room!)
    const counted = Object.fromEntries([...report.matchAll(/(a\d) (\d+)/g)].map((x) => [x[1], Number(x[2])]))
    expect(counted.a1).toBe(byA1.length)
    expect(byA2.size - (counted.a2 ?? 0)).toBeLessThanOrEqual(uncertain)
    // the uncertain group, if any: never one the survivor delivered (its send a2's in hand, or nobody's)
    const unsure = /不确定（可能已发出，不会自动重发）: (.+)/.exec(report)?.[1]
    if (unsure) expect(byA1.map((r) => `城市群${r.slice(1, r.indexOf('@'))}`)).not.toContain(unsure)
    expect(hqTexts([...t]).filter((x) => x.startsWith('🔀 账号 a2 已停用（进程失联'))).toHaveLength(1)
  })
})
