import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'
import { sample } from '../helpers/metrics-text'
import { play, says } from '../helpers/scenario'

/** `/metrics` as the console serves it, read from the running bot between scenario steps */
const scrape = (bot: SimBot) => bot.app.metrics.metrics()

const world = (extraGroupSays = '') => `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 10 }
  roles: { operator: [wxid_op1] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
      - { room: bj3@chatroom, key: bj3, tags: [北京] }
      - { room: sh1@chatroom, key: sh1, tags: [上海] }
  outbound: { minIntervalMs: 200, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a, wxid_b] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_c] }
    - { id: bj3@chatroom, topic: 北京3群, members: [wxid_d] }
    - { id: sh1@chatroom, topic: 上海1群, members: [wxid_e] }
steps:
  - settle: { timeout: 10s }
${extraGroupSays}`

/** scrapes until `check` holds: waits for the work, failing after `ms` */
async function scrapeUntil(bot: SimBot, check: (text: string) => boolean, ms = 20_000): Promise<string> {
  const end = Date.now() + ms
  for (;;) {
    const text = await scrape(bot)
    if (check(text)) return text
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms scraping /metrics`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const SAY_SENT = { type: 'say', outcome: 'sent' }
const groupSays = (t: TranscriptLine[]) => t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')

describe('/metrics on the simulated WeChat', () => {
  it('moves during a broadcast: sends by type and outcome, paced gaps, messages handled; the queue drains to 0', async () => {
    const texts: string[] = []
    const { transcript: t } = await play(
      `name: metrics-broadcast
${world()}
  - say: { room: bj1@chatroom, from: wxid_a, text: 大家好 }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 标签:北京 今晚8点分享" }
  - settle: { timeout: 30s }
`,
      { afterStep: async (i, _step, bot) => void (i === 0 || i === 3 ? texts.push(await scrape(bot)) : undefined) },
    )
    const [before = '', after = ''] = texts
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels)

    // three tagged groups reached, each one `say` sent; the rest of the says are HQ's (ack, report)
    expect(groupSays(t)).toHaveLength(3)
    const hqSays = says(t, 'hq@chatroom').length
    expect(hqSays).toBeGreaterThanOrEqual(2)
    expect(delta('qunhq_sends_total', SAY_SENT)).toBe(3 + hqSays)
    expect(delta('qunhq_sends_total', { type: 'say', outcome: 'failed' })).toBe(0)

    // every gap between two sends was at least the 200 ms interval (the pacing guarantee), and seen
    expect(delta('qunhq_pacing_gap_seconds_count')).toBeGreaterThanOrEqual(3 + hqSays - 1)
    expect(sample(after, 'qunhq_pacing_gap_seconds_bucket', { le: '0.1' })).toBe(0)

    // the queue drained, the series were there before the broadcast too; the control queue
    // holds the features' later jobs (delayed ones count), which the broadcast left as they were
    expect(before).toMatch(/qunhq_outbound_queue_depth\{queue="out-sim"\} 0/)
    expect(sample(after, 'qunhq_outbound_queue_depth', { queue: 'out-sim' })).toBe(0)
    expect(after).toMatch(/qunhq_outbound_queue_depth\{queue="ctl"\} \d+/)
    expect(delta('qunhq_outbound_queue_depth', { queue: 'ctl' })).toBe(0)

    expect(delta('qunhq_messages_handled_total', { kind: 'group' })).toBe(1)
    expect(delta('qunhq_messages_handled_total', { kind: 'hq' })).toBe(1)
    expect(sample(after, 'qunhq_breaker_open', { account: 'sim' })).toBe(0)
    // no room or member id ever becomes a label
    expect(after).not.toMatch(/@chatroom|wxid_/)
  })

  it('counts the rules verdicts and the removals of scenarios/ad-removal.yaml', async () => {
    const yaml = readFileSync(join(__dirname, '..', '..', 'scenarios', 'ad-removal.yaml'), 'utf8')
    let text = ''
    const { transcript: t } = await play(yaml, { afterSteps: async (bot) => void (text = await scrape(bot)) })
    expect(t.filter((l) => l.type === 'remove')).toHaveLength(2)
    expect(sample(text, 'qunhq_rule_verdicts_total', { rule: 'ad', action: 'warn' })).toBe(1)
    expect(sample(text, 'qunhq_rule_verdicts_total', { rule: 'ad', action: 'remove' })).toBe(1)
    // g1 by the verdict, g2 by the blacklist sweep
    expect(sample(text, 'qunhq_sends_total', { type: 'remove', outcome: 'sent' })).toBe(2)
    expect(sample(text, 'qunhq_messages_handled_total', { kind: 'group' })).toBe(2)
  })

  it('shows the breaker open while it pauses sends, and closed once they resume', async () => {
    let during = ''
    let after = ''
    const { transcript: t } = await play(
      `name: metrics-breaker
${world()}
  - failSends: { count: 2 }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 标签:北京 通知" }
  - settle: { timeout: 30s }
`.replace('jitterMs: 0,', 'jitterMs: 0, maxAttempts: 3, backoffMs: 10, breaker: { failures: 2, pauseMs: 2000 },'),
      {
        afterStep: async (i, _step, bot) => {
          // after the broadcast: wait for the work, the breaker opening, as the metrics tell it
          if (i === 2) during = await scrapeUntil(bot, (text) => sample(text, 'qunhq_breaker_openings_total', { account: 'sim' }) >= 1)
        },
        afterSteps: async (bot) => void (after = await scrape(bot)),
      },
    )
    expect(t.filter((l) => l.type === 'send-failed')).toHaveLength(2)
    // read in the same scrape that first showed the opening, well inside the 2 s pause
    expect(sample(during, 'qunhq_breaker_open', { account: 'sim' })).toBe(1)
    expect(sample(after, 'qunhq_breaker_open', { account: 'sim' })).toBe(0)
    expect(sample(after, 'qunhq_breaker_openings_total', { account: 'sim' })).toBe(1)
    // failed attempts that a retry made good are no outcome: every group got its say
    expect(groupSays(t)).toHaveLength(3)
    expect(sample(after, 'qunhq_sends_total', { type: 'say', outcome: 'failed' })).toBe(0)
  })

  it('keeps two bots in one process apart: each registry counts only its own messages', async () => {
    const say = (n: number) => Array.from({ length: n }, (_, i) => `  - say: { room: bj2@chatroom, from: wxid_c, text: "第${i}条" }\n`).join('')
    const texts: Record<string, string> = {}
    const run = (name: string, n: number) =>
      play(`name: ${name}\n${world(`${say(n)}  - settle: { timeout: 10s }\n`)}`, { afterSteps: async (bot) => void (texts[name] = await scrape(bot)) })
    await Promise.all([run('one', 1), run('three', 3)])
    expect(sample(texts.one ?? '', 'qunhq_messages_handled_total', { kind: 'group' })).toBe(1)
    expect(sample(texts.three ?? '', 'qunhq_messages_handled_total', { kind: 'group' })).toBe(3)
  })
})
