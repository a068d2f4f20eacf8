/**
 * SOP on the virtual clock (issue 21, "Done when"): 20 groups, each with a daily schedule,
 * one group-anchored timeline (day 0, 1, 3, 7, 14, 21, 28 at 20:00) and one member-anchored
 * welcome pack (day 0 at 10:00, day 2 at 20:00, for members joining on day 0 and day 10),
 * rehearsed for `days` simulated days. Reports wall time, the process's CPU, the sends and
 * the machine's load average (the goal: 30 days in under 60 s wall).
 */
import { loadavg } from 'node:os'
import pino from 'pino'
import { parseScenario } from '../src/sim/load-scenario'
import { runScenario } from '../src/sim/run-scenario'
import { DEFAULT_REDIS_URL } from '../src/store/redis'
import { setWechatyLogLevel } from '../src/wechat/wechaty-log'
import { numberArg, printJsonAndExit } from './cli'

export async function measureSop(opts: { groups?: number; days?: number; redisUrl?: string } = {}) {
  setWechatyLogLevel('silent')
  const groups = opts.groups ?? 20
  const days = opts.days ?? 30
  const rooms = Array.from({ length: groups }, (_, i) => ({ id: `g${i + 1}@chatroom`, topic: `学习${i + 1}群`, members: [`wxid_m${i + 1}`] }))
  const hhmm = (i: number) => {
    const minutes = 8 * 60 + i * 5
    return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
  }
  const joins = (tag: string) => rooms.map((r, i) => ({ join: { room: r.id, contacts: [`wxid_${tag}${i + 1}`] } }))
  const firstLeg = Math.min(10, days)
  const loaded = parseScenario(
    {
      name: 'sop-bench',
      config: {
        hq: { rooms: ['hq@chatroom'] },
        roles: { admin: ['wxid_op1'] },
        redis: { warnNoPersistence: false },
        rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } },
        groups: { list: rooms.map((r, i) => ({ room: r.id, key: `g${i + 1}` })) },
        schedules: rooms.map((_, i) => ({ id: `daily${i + 1}`, when: `每天${hhmm(i)}`, target: `群:g${i + 1}`, text: `第${i + 1}群的每日一句` })),
        sop: {
          timelines: [
            { id: 'S1', name: '培育', anchor: 'group', steps: [0, 1, 3, 7, 14, 21, 28].map((day) => ({ day, at: '20:00', text: `培育第${day}天` })) },
            { id: 'W1', name: '新人', anchor: 'member', steps: [{ day: 0, at: '10:00', text: '欢迎新人', mentionNew: true }, { day: 2, at: '20:00', text: '新人第2天' }] },
          ],
        },
      },
      world: {
        startAt: '2026-12-01T08:00:00+08:00',
        rooms: [{ id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'] }, ...rooms],
      },
      steps: [...joins('a'), { advance: `${firstLeg}d` }, ...(days > firstLeg ? [...joins('b'), { advance: `${days - firstLeg}d` }] : [])],
    },
    process.cwd(),
  )
  const loadBefore = loadavg()
  const cpu = process.cpuUsage()
  const started = performance.now()
  const { transcript } = await runScenario(loaded, {
    redisUrl: opts.redisUrl ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    logger: pino({ level: 'silent' }),
  })
  const wallMs = Math.round(performance.now() - started)
  const used = process.cpuUsage(cpu)
  const says = transcript.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')
  const count = (part: string) => says.filter((l) => l.text?.includes(part)).length
  const groupSends = says.length
  const hqSends = transcript.filter((l) => l.type === 'say' && l.room === 'hq@chatroom').length
  const sends = groupSends + hqSends
  return {
    groups,
    simulatedDays: days,
    wallMs,
    goalMs: 60_000,
    cpuMs: Math.round((used.user + used.system) / 1000),
    cpuMsPerSend: sends ? Math.round((used.user + used.system) / 1000 / sends) : undefined,
    wallMsPerSend: sends ? Math.round(wallMs / sends) : undefined,
    dailySends: says.filter((l) => l.text?.includes('每日一句')).length,
    expectedDailySends: groups * days,
    sopGroupSteps: count('培育第'),
    sopMemberSteps: count('欢迎新人') + count('新人第2天'),
    groupSends,
    hqSends,
    loadAvgBefore: loadBefore.map((n) => Math.round(n * 10) / 10),
    loadAvgAfter: loadavg().map((n) => Math.round(n * 10) / 10),
    lastAt: transcript.at(-1)?.at,
  }
}

if (require.main === module) printJsonAndExit(measureSop({ groups: numberArg('groups'), days: numberArg('days') }))
