import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { parse as parseYaml } from 'yaml'
import { buildWorld } from '../../src/sim/build-world'
import { parseScenario } from '../../src/sim/load-scenario'
import type { SimWorld } from '../../src/sim/world'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { servePuppets, startAccountProcess, type AccountProcess, type ServedPuppet } from '../helpers/account-processes'
import { FIXTURES, REDIS_URL, hqTexts, until } from '../helpers/scenario'

/**
 * Issue 17 item 7, as deployed: `src/main.ts` processes started with the same
 * `QUNHQ_ACCOUNT` against one Redis. The first serves; a second exits 1 with one line naming
 * the account and the holder; a third, `--standby`, waits and takes over when the first is
 * killed (`kill -9`: its lease is never released, but its pid is gone on this host).
 */
const config = `
hq: { rooms: [hq@chatroom] }
roles: { operator: [wxid_op1] }
outbound: { minIntervalMs: 50, jitterMs: 0, quietHours: "" }
redis: { warnNoPersistence: false }
accounts: { leaseMs: 3000 }
`
const world = `
rooms: [{ id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }]
`

let dir: string | undefined
let simWorld: SimWorld
let puppet: ServedPuppet | undefined
const procs: AccountProcess[] = []
const prefix = `qunhq-procs-${randomBytes(4).toString('hex')}`

beforeAll(async () => {
  const loaded = parseScenario({ name: 'account-processes', config: parseYaml(config), world: parseYaml(world), steps: [] }, FIXTURES)
  simWorld = buildWorld(loaded.scenario.world)
  dir = mkdtempSync(join(tmpdir(), 'qunhq-lease-'))
  writeFileSync(join(dir, 'qunhq.yaml'), config)
  ;[puppet] = await servePuppets(simWorld, [simWorld.primaryBotId])
})

afterAll(async () => {
  await Promise.all(procs.map((p) => p.stop().catch(() => undefined)))
  await puppet?.stop().catch(() => undefined)
  await deleteKeysWithPrefix(REDIS_URL, prefix)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

const launch = (args: string[] = []) => {
  const p = startAccountProcess({
    account: 'main',
    args,
    env: { ...puppet!.env, REDIS_URL, QUNHQ_PREFIX: prefix, QUNHQ_CONFIG: join(dir!, 'qunhq.yaml'), QUNHQ_DATA_DIR: dir! },
  })
  procs.push(p)
  return p
}
const ask = (text: string) => simWorld.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text }, [])

describe('two processes on one account', () => {
  it('the second exits 1 with one line naming the account and the holder; a standby takes over when the holder is killed', async () => {
    const first = launch()
    await first.untilOutput(/"msg":"logged in: serving"/, 'login', 120_000)

    const second = launch()
    const { code } = await second.exited
    expect(code).toBe(1)
    const lines = second.errors().split('\n').filter(Boolean)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^账号 main 已由另一个进程服务（主机 \\S+，进程 ${first.child.pid}，自 .+ 起）`))
    expect(second.output()).not.toMatch(/"msg":"logged in: serving"/)

    const standby = launch(['--standby'])
    await standby.untilOutput(/standby: another process holds the account/, 'standby', 120_000)
    await first.kill()
    await standby.untilOutput(/"msg":"logged in: serving"/, 'takeover', 60_000)
    expect(standby.output()).toMatch(/took over the account from a process that is gone/)
    ask('#帮助')
    await until(simWorld, 'the standby answers HQ', (t) => hqTexts([...t]).length > 0, 30_000)
  })
})
