import { play } from '../helpers/scenario'
import { capturedLogger, privateRedis } from '../helpers/private-redis'
import type { TranscriptLine } from '../../src/sim/world'

/**
 * A Redis without persistence, killed, lost 39 of 40 deliveries and the broadcast's record.
 * At each start the bot reads CONFIG GET appendonly / save: without either, the log warns
 * and HQ is told once; with an append-only file, nothing is said.
 */

// play() turns the HQ warning off unless the scenario sets it: these tests set it
const scenario = (redis = 'redis: { warnNoPersistence: true }') => `name: redis-persistence
config:
  hq: { rooms: [hq@chatroom] }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  ${redis}
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_u1], aliases: { wxid_u1: 北京-张三-教育 } }
steps:
  - settle: { timeout: 10s }
`

const warnings = (t: TranscriptLine[]) => t.filter((l) => l.room === 'hq@chatroom' && /重启 Redis 会丢失未发完的广播/.test(l.text ?? ''))

async function run(args: string[], redisConfig?: string) {
  const redis = await privateRedis(args)
  const { logger, lines } = capturedLogger('info')
  try {
    const { transcript } = await play(scenario(redisConfig), { redisUrl: redis.url, logger })
    return { transcript, lines }
  } finally {
    await redis.stop()
  }
}

describe('Redis persistence at start', () => {
  it('without an append-only file or snapshots: one warning in the log and one HQ message', async () => {
    const { transcript, lines } = await run(['--appendonly', 'no', '--save', ''])
    expect(lines.filter((l) => /Redis has no persistence/.test(l.msg))).toHaveLength(1)
    expect(warnings(transcript)).toHaveLength(1)
  })

  it('append-only: no warning', async () => {
    const { transcript, lines } = await run(['--appendonly', 'yes', '--save', ''])
    expect(lines.filter((l) => /persistence|snapshots/.test(l.msg))).toHaveLength(0)
    expect(warnings(transcript)).toHaveLength(0)
  })

  it('redis.warnNoPersistence: false keeps HQ quiet; the log still warns', async () => {
    const { transcript, lines } = await run(['--appendonly', 'no', '--save', ''], 'redis: { warnNoPersistence: false }')
    expect(lines.filter((l) => /Redis has no persistence/.test(l.msg))).toHaveLength(1)
    expect(warnings(transcript)).toHaveLength(0)
  })

  it('CONFIG disabled (as on managed Redis): persistence unknown, said once, and the bot runs', async () => {
    const { transcript, lines } = await run(['--appendonly', 'no', '--save', '', '--rename-command', 'CONFIG', ''])
    expect(lines.filter((l) => /persistence unknown/.test(l.msg))).toHaveLength(1)
    expect(warnings(transcript)).toHaveLength(0)
    // it started and logged in
    expect(lines.some((l) => l.msg === 'logged in')).toBe(true)
  })
})
