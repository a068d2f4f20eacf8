/**
 * The virtual clock (issue 21): a 20-group community, each group with its own daily
 * schedule (at 08:00, 08:05, … 09:35, and the quiet-hour default 23:00-07:00, default
 * pacing 3 s + up to 2 s jitter), rehearsed for `days` simulated days with one `advance`
 * step. Reports the wall time (goal: 30 days in under 60 s) and what was delivered.
 */
import pino from 'pino'
import { parseScenario } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { numberArg, printJsonAndExit } from './cli'

export async function measureVirtualClock(opts: { groups?: number; days?: number; redisUrl?: string } = {}) {
  setWechatyLogLevel('silent')
  const groups = opts.groups ?? 20
  const days = opts.days ?? 30
  const rooms = Array.from({ length: groups }, (_, i) => ({ id: `g${i + 1}@chatroom`, topic: `学习${i + 1}群`, members: [`wxid_m${i + 1}`] }))
  const hhmm = (i: number) => {
    const minutes = 8 * 60 + i * 5
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  }
  const loaded = parseScenario(
    {
      name: 'virtual-clock-bench',
      config: {
        hq: { rooms: ['hq@chatroom'] },
        roles: { admin: ['wxid_op1'] },
        redis: { warnNoPersistence: false },
        groups: { list: rooms.map((r, i) => ({ room: r.id, key: `g${i + 1}` })) },
        schedules: rooms.map((_, i) => ({ id: `daily${i + 1}`, when: `每天${hhmm(i)}`, target: `群:g${i + 1}`, text: `第${i + 1}群的每日一句` })),
      },
      world: {
        startAt: '2026-12-01T00:00:00+08:00',
        rooms: [{ id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'] }, ...rooms],
      },
      steps: [{ advance: `${days}d` }],
    },
    process.cwd(),
  )
  const started = performance.now()
  const { transcript } = await runScenario(loaded, {
    redisUrl: opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    logger: pino({ level: 'silent' }),
  })
  const wallMs = Math.round(performance.now() - started)
  const daily = transcript.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')
  const perDay = new Map<string, number>()
  for (const l of daily) perDay.set((l.at ?? '').slice(0, 10), (perDay.get((l.at ?? '').slice(0, 10)) ?? 0) + 1)
  return {
    groups,
    simulatedDays: days,
    wallMs,
    goalMs: 60_000,
    groupSends: daily.length,
    expectedGroupSends: groups * days,
    hqSends: transcript.filter((l) => l.type === 'say' && l.room === 'hq@chatroom').length,
    daysWithAllSends: [...perDay.values()].filter((n) => n === groups).length,
    lastAt: transcript.at(-1)?.at,
  }
}

if (require.main === module) printJsonAndExit(measureVirtualClock({ groups: numberArg('groups'), days: numberArg('days') }))
