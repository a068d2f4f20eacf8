import { loadGroupView } from '../../src/plugins/analytics/group-view'
import { decayLevelTexts } from '../../src/texts'
import { dayKey } from '../../src/core/time-window'
import type { SimBot } from '../../src/sim/sim-bot'
import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { CONSOLE_WORLD, csrfOf, openLink, signInLink } from '../helpers/console'
import { play, sendsTo, textIn } from '../helpers/scenario'

/**
 * The console's actions that change something, done by an operator (issue 13): resend to the
 * failed groups, 广告 / 误判 on the rules page; and what the pages show while a broadcast runs
 * and how the groups table's numbers stand against #报告's. Each change must reach WeChat
 * (the transcript), the audit log with who did it, and never happen without the CSRF token.
 */

/** The `data-v` values of the table row whose first cell is `first` (the page's `<tr>`s). */
function rowOf(html: string, first: string): string[] | undefined {
  for (const tr of html.split('<tr').slice(1)) {
    const cells = [...tr.matchAll(/<td data-v="([^"]*)">/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>'))
    if (cells[0] === first) return cells
  }
  return undefined
}

/** Signs `who` in and returns a form poster with their session and CSRF token (`csrf: false` leaves the token out). */
async function operatorForms(base: string, world: SimWorld, who: string) {
  const cookie = (await openLink(await signInLink(world, who))).cookie!
  const csrf = await csrfOf(base, cookie)
  return {
    cookie,
    post: (path: string, opts: { csrf?: boolean } = {}) =>
      fetch(base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(opts.csrf === false ? {} : { _csrf: csrf }).toString(),
      }),
    page: async (path: string) => (await fetch(base + path, { headers: { cookie, accept: 'text/html' } })).text(),
    /** the page an action redirected to, and the answer it shows once (from the session, never the URL) */
    flash: async (res: Response) => {
      const html = await (await fetch(base + (res.headers.get('location') ?? ''), { headers: { cookie, accept: 'text/html' } })).text()
      return /<div class="msg" id="flash">([^<]*)<\/div>/.exec(html)?.[1] ?? ''
    },
  }
}

/** Waits (for the work, not the clock) until `check` holds of the bot's state. */
async function untilState(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

const deliveriesOf = (t: TranscriptLine[], text: string) => t.filter((l) => (l.type === 'say' || l.type === 'send') && l.room !== 'hq@chatroom' && l.text === text)

describe('web console actions an operator takes', () => {
  it('resends a broadcast to its failed groups: each then has it exactly once, the audit log names the operator, and a form without the token changes nothing', async () => {
    let world!: SimWorld
    const checked: string[] = []
    const { transcript: t } = await play(
      `name: console-resend
${CONSOLE_WORLD.replace('outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }', 'outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "", maxAttempts: 1, breaker: { failures: 10, pauseMs: 0 } }')}
steps:
  # the acknowledgement and both Beijing groups' sends fail, each at its only attempt
  - failSends: { count: 3 }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 标签:北京 重发测试" }
  - settle: { timeout: 20s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const failedRooms = world.transcript.filter((l) => l.type === 'send-failed' && l.room !== 'hq@chatroom').map((l) => l.room!)
          expect(failedRooms.length).toBeGreaterThanOrEqual(1)
          const topics: Record<string, string> = { 'bj1@chatroom': '北京1群', 'bj2@chatroom': '北京2群' }
          const op = await operatorForms(base, world, 'wxid_op1')

          // the page names the failed groups and offers the resend
          const before = await op.page('/broadcasts')
          const b1 = rowOf(before, 'B1')!
          expect(b1[6]!.split('、').sort()).toEqual(failedRooms.map((r) => topics[r]).sort())
          expect(before).toContain('action="/broadcasts/B1/retry"')

          // no token: refused, no new broadcast
          expect((await op.post('/broadcasts/B1/retry', { csrf: false })).status).toBe(403)
          expect(await bot.app.ctx.broadcasts.store.get('B2')).toBeUndefined()

          const res = await op.post('/broadcasts/B1/retry')
          expect(res.status).toBe(303)
          expect(await op.flash(res)).toContain('B2')
          await bot.settled(20_000)
          const audit = await bot.app.ctx.stores.audit.recent(5)
          expect(audit.find((e) => e.action === 'console' && e.why === '#重发 B1')).toMatchObject({ by: 'wxid_op1' })

          // the resend's row names the groups it delivered to
          const after = rowOf(await op.page('/broadcasts'), 'B2')!
          expect(after[5]!.split('、').sort()).toEqual(failedRooms.map((r) => topics[r]).sort())
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
    // every Beijing group has the broadcast exactly once; Shanghai was never a target
    expect(deliveriesOf(t, '重发测试').map((l) => l.room).sort()).toEqual(['bj1@chatroom', 'bj2@chatroom'])
    expect(sendsTo(t, 'sh1@chatroom')).toHaveLength(0)
  })

  it('names the groups a broadcast has reached while it is still running', async () => {
    let world!: SimWorld
    let op!: Awaited<ReturnType<typeof operatorForms>>
    const checked: string[] = []
    await play(
      `name: console-progress
${CONSOLE_WORLD.replace('minIntervalMs: 20', 'minIntervalMs: 2000')}
steps:
  - settle: { timeout: 5s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 标签:北京 进行中" }
`,
      {
        http: { port: 0 },
        afterStep: async (i, _s, bot, w) => {
          world = w
          // signed in before the broadcast: the sign-in link is a paced send too
          if (i === 0) op = await operatorForms(bot.app.consoleUrl()!, world, 'wxid_op1')
        },
        afterSteps: async (bot) => {
          const store = bot.app.ctx.broadcasts.store
          // the first group counted; the second is at least the pacing interval away
          await untilState('the first delivery counted', async () => (await store.counts('B1')).sent >= 1)
          const first = deliveriesOf(world.transcript, '进行中')[0]!.room!
          const row = rowOf(await op.page('/broadcasts'), 'B1')!
          expect((await store.get('B1'))?.status).toBe('running')
          expect(row[4]).toBe('1/2')
          expect(row[5]).toBe(first === 'bj1@chatroom' ? '北京1群' : '北京2群')
          await bot.settled(20_000)
          expect(rowOf(await op.page('/broadcasts'), 'B1')![5]!.split('、').sort()).toEqual(['北京1群', '北京2群'])
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })

  it('广告 on a review item acts on the member per policy; 误判 on a removal undoes it; both are audited with who, and need the token', async () => {
    let world!: SimWorld
    let bot!: SimBot
    const checked: string[] = []
    const { transcript: t } = await play(
      `name: console-cases
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op1], viewer: [wxid_view] }
  groups:
    list:
      - { room: g1@chatroom, key: g1 }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { warnings: 0, blacklist: false, reviewDigestMs: 0 }
  questions: { enabled: false }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op1, name: 小运营 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_view] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_a, wxid_spam, wxid_b] }
steps:
  # a review item (R1): the model is unsure, HQ is asked, nothing happens in the group
  - say: { room: g1@chatroom, from: wxid_a, text: "周末亲子活动名额不多了，感兴趣私聊" }
  - settle: { timeout: 10s }
  # a removal (R2): keywords, no warnings under this policy
  - say: { room: g1@chatroom, from: wxid_spam, text: "招兼职刷单，日结三百" }
  - settle: { timeout: 10s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, b, w) => {
          world = w
          bot = b
        },
        afterSteps: async () => {
          const base = bot.app.consoleUrl()!
          const hq = textIn(world.transcript, 'hq@chatroom')
          expect(hq.some((x) => x.startsWith('🔎 [R1]'))).toBe(true)
          expect(hq.some((x) => x.includes('[R2] 误判请回复 #误判 R2'))).toBe(true)
          const removals = () => world.transcript.filter((l) => l.type === 'remove').map((l) => l.contact)
          expect(removals()).toEqual(['wxid_spam'])
          expect(await bot.app.ctx.stores.strikes.spam('wxid_spam')).toBe(1)

          const op = await operatorForms(base, world, 'wxid_op1')
          const page = await op.page('/rules')
          for (const action of ['/cases/R1/ad', '/cases/R1/notad', '/cases/R2/ad', '/cases/R2/notad']) expect(page).toContain(`action="${action}"`)

          // without the token: refused, nothing decided, nobody removed
          expect((await op.post('/cases/R1/ad', { csrf: false })).status).toBe(403)
          expect((await op.post('/cases/R2/notad', { csrf: false })).status).toBe(403)
          await bot.settled(10_000)
          expect(removals()).toEqual(['wxid_spam'])
          expect(rowOf(await op.page('/rules'), 'R1')![7]).toBe('')

          // 广告 R1: per policy (no warnings) the member is removed
          const ad = await op.post('/cases/R1/ad')
          expect(ad.status).toBe(303)
          expect(await op.flash(ad)).toContain('R1 已确认为广告')
          await bot.settled(20_000)
          expect(removals()).toEqual(['wxid_spam', 'wxid_a'])
          expect(world.transcript.find((l) => l.type === 'remove' && l.contact === 'wxid_a')).toMatchObject({ room: 'g1@chatroom', ok: true })

          // 误判 R2: the removal's strike is taken back, the text is a normal sample now
          const notAd = await op.post('/cases/R2/notad')
          expect(notAd.status).toBe(303)
          expect(await op.flash(notAd)).toContain('R2 已撤销')
          await bot.settled(20_000)
          expect(await bot.app.ctx.stores.strikes.spam('wxid_spam')).toBe(0)
          expect((await bot.app.ctx.stores.labelled.all()).map((e) => [e.label, e.source])).toEqual(
            expect.arrayContaining([
              ['ad', 'R1'],
              ['normal', 'R2'],
            ]),
          )

          // who did it, twice over: the console's own entry and the command's
          const audit = (await bot.app.ctx.stores.audit.recent(20)).map((e) => `${e.action}:${e.by}:${e.why}`)
          expect(audit).toEqual(expect.arrayContaining(['console:wxid_op1:#广告 R1', 'console:wxid_op1:#误判 R2', 'confirm-ad:wxid_op1:R1', 'release:wxid_op1:R2']))

          // decided cases show the decision and no buttons
          const decided = await op.page('/rules')
          expect(decided).not.toContain('action="/cases/R1/ad"')
          expect(decided).not.toContain('action="/cases/R2/notad"')
          expect(rowOf(decided, 'R1')![7]).not.toBe('')
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
    expect(t.filter((l) => l.type === 'remove' && l.contact === 'wxid_a')).toHaveLength(1)
  })

  it('the groups table shows each group with the same activity numbers as its #报告', async () => {
    const checked: string[] = []
    let world!: SimWorld
    await play(
      `name: console-numbers
${CONSOLE_WORLD}
steps:
  - say: { room: bj1@chatroom, from: wxid_a, text: "大家好" }
  - say: { room: bj1@chatroom, from: wxid_b, text: "你好", mentions: [wxid_a] }
  - say: { room: bj1@chatroom, from: wxid_c, text: "周末见", mentions: [wxid_b] }
  - say: { room: bj2@chatroom, from: wxid_d, text: "有人吗" }
  - leave: { room: bj1@chatroom, contacts: [wxid_c] }
  - settle: { timeout: 10s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const op = await operatorForms(base, world, 'wxid_op1')
          // the rules' offences of the week (issue 20 item 9), as the rules plugin counts them
          const bj1Room = (await bot.app.ctx.groups()).find((g) => g.topic === '北京1群')!.roomId
          const today = dayKey(bot.app.ctx.now(), bot.app.ctx.config().timezone)
          for (const [rule, exempt] of [['flood', false], ['flood', false], ['mentions', true]] as const) await bot.app.ctx.stores.offences.count(bj1Room, today, rule, exempt)
          const html = await op.page('/groups')
          expect(html).toMatch(/数据时间 \d{4}-\d\d-\d\d \d\d:\d\d/)
          const groups = await bot.app.ctx.groups()
          for (const topic of ['北京1群', '北京2群', '上海1群']) {
            const group = groups.find((g) => g.topic === topic)!
            const { report } = await loadGroupView(bot.app.ctx, bot.app.ctx.stores.activity, group)
            const row = rowOf(html, topic)!
            const shown = { members: Number(row[2]), active1: Number(row[3]), active7: Number(row[4]), active30: Number(row[5]), links: Number(row[6]), decay: row[7] }
            expect([topic, shown]).toEqual([
              topic,
              {
                members: report.memberCount,
                active1: report.active1,
                active7: report.active7,
                active30: report.active30,
                links: Math.round(report.linkDensity * 1000) / 10,
                decay: decayLevelTexts[report.decay.level],
              },
            ])
          }
          // not vacuous: Beijing 1 has two members left who both spoke, and a link between them
          const bj1 = rowOf(html, '北京1群')!
          expect([bj1[2], bj1[4], Number(bj1[6]) > 0]).toEqual(['2', '2', true])
          // its offences: the total and per rule, the same counts #报告 reads
          const view = await loadGroupView(bot.app.ctx, bot.app.ctx.stores.activity, groups.find((g) => g.topic === '北京1群')!)
          expect(view.offences).toEqual({ acted: { flood: 2 }, exempt: { mentions: 1 } })
          expect([bj1[11], bj1[12]]).toEqual(['3', '刷屏 2 · 滥用@ 1'])
          expect(rowOf(html, '北京2群')!.slice(11, 13)).toEqual(['0', ''])
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
