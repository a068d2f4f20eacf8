import { randomBytes } from 'node:crypto'
import Redis from 'ioredis'
import { parse as parseYaml } from 'yaml'
import { processIdentity } from '../../src/accounts/process-identity'
import { parseScenario } from '../../src/sim/load-scenario'
import { buildWorld } from '../../src/sim/build-world'
import { startSimBot, type SimBot } from '../../src/sim/sim-bot'
import type { SimWorld } from '../../src/sim/world'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { AccountRefusedError } from '../../src/wiring/account-hold'
import { waitFor } from '../helpers/outbound'
import { capturedLogger } from '../helpers/private-redis'
import { FIXTURES, REDIS_URL, textIn, until } from '../helpers/scenario'

/**
 * Issue 17 item 7: one account, one process. Two apps on one account in this process play
 * two processes (each app is its own holder: a token per app instance); an identity of
 * another host plays a process this one cannot see.
 */
const scenario = (bots = '') => `
name: lease
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1] }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  redis: { warnNoPersistence: false }
  accounts: { leaseMs: 600 }
world:
  ${bots}
  rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }, { id: g1@chatroom, topic: 一群, members: [wxid_u1] }]
steps: []
`

describe('one account, one process', () => {
  let prefix: string
  let world: SimWorld
  let bots: SimBot[]
  let redis: Redis
  const { logger } = capturedLogger('silent')
  const loaded = (bots = '') => parseScenario(parseYaml(scenario(bots)), FIXTURES)
  const start = (opts: Partial<Parameters<typeof startSimBot>[0]> = {}, l = loaded()) =>
    startSimBot({ world, config: () => l.config, redisUrl: REDIS_URL, prefix, logger, ...opts }).then((b) => {
      bots.push(b)
      return b
    })
  const holder = () => redis.hgetall(createKeys(prefix).accountHolder(opts.account))
  const opts = { account: 'sim' }
  const hqAnswers = () => textIn(world.transcript, 'hq@chatroom').length
  const askHq = async () => {
    const before = hqAnswers()
    world.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text: '#帮助' }, [])
    await until(world, 'an answer in HQ', () => hqAnswers() > before)
  }

  beforeEach(() => {
    prefix = `qunhq-test-${randomBytes(4).toString('hex')}`
    world = buildWorld(loaded().scenario.world)
    bots = []
    redis = new Redis(REDIS_URL)
    opts.account = 'sim'
  })
  afterEach(async () => {
    for (const b of bots.reverse()) await b.stop().catch(() => undefined)
    redis.disconnect()
    await deleteKeysWithPrefix(REDIS_URL, prefix)
  })

  it('a second process on a held account refuses to start, naming the account and its holder; the first serves on', async () => {
    await start()
    const second = start()
    await expect(second).rejects.toBeInstanceOf(AccountRefusedError)
    const line = await second.catch((err: Error) => err.message)
    expect(line).toMatch(new RegExp(`^账号 sim 已由另一个进程服务（主机 \\S+，进程 ${process.pid}，自 .+ 起）：本进程不服务，退出；要作为备用进程等它停下后接替，请加 --standby。`))
    expect(line).not.toContain('\n')
    await askHq()
  })

  it('a standby waits while the holder refreshes its lease, and takes over as soon as the holder stops cleanly', async () => {
    const first = await start()
    const standby = new AbortController()
    let served = false
    const mine = processIdentity()
    const second = start({ standby: true, signal: standby.signal, identity: mine }).then((b) => ((served = true), b))
    // three refreshes of the first one's lease while the standby waits
    const beats = Number((await holder()).beats)
    await waitFor(async () => Number((await holder()).beats) >= beats + 3)
    expect(served).toBe(false)
    await first.stop()
    bots.splice(bots.indexOf(first), 1)
    await second
    expect((await holder()).token).toBe(mine.token)
    await askHq()
  })

  it('a holder on another host that refreshes its lease is alive: refused; one that stopped refreshing is waited out, then replaced', async () => {
    const elsewhere = { ...processIdentity(), host: 'another-host', pid: 4242 }
    const remote = await start({ identity: elsewhere })
    await expect(start()).rejects.toBeInstanceOf(AccountRefusedError)
    // the remote process dies: its lease stays until it runs out (600 ms), then the next one takes the account
    await remote.abandon()
    bots.splice(bots.indexOf(remote), 1)
    const next = await start()
    expect((await holder()).host).not.toBe('another-host')
    expect(next).toBeDefined()
    await askHq()
  })

  it('the first login records the WeChat id; a process whose puppet logs in as another WeChat account refuses and sends nothing', async () => {
    const two = loaded('bots: [{ id: b1, name: 助手一 }, { id: b2, name: 助手二 }]')
    world = buildWorld(two.scenario.world)
    opts.account = 'a1'
    const first = await start({ botId: 'b1', account: 'a1' }, two)
    await first.stop()
    bots.splice(bots.indexOf(first), 1)
    const before = world.transcript.length
    const wrong = start({ botId: 'b2', account: 'a1' }, two)
    await expect(wrong).rejects.toBeInstanceOf(AccountRefusedError)
    expect(await wrong.catch((err: Error) => err.message)).toMatch(/^账号 a1 记录的微信号是 b1，这次登录的却是 b2：本进程不服务，退出。/)
    expect(world.transcript.slice(before)).toEqual([])
    // the lease was given back: the right WeChat serves the account again
    await start({ botId: 'b1', account: 'a1' }, two)
  })
})
