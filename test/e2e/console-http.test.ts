import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { createKeys } from '../../src/store/keys'
import type { SimWorld } from '../../src/sim/world'
import { CONSOLE_WORLD, csrfOf, openLink, privateTo, signInLink } from '../helpers/console'
import { play, REDIS_URL, textIn, until } from '../helpers/scenario'

const TOKEN = 'test-admin-token-0123456789abcdef0123456789'

describe('web console over HTTP: sign-in, roles, CSRF, audit', () => {
  it('lets nobody in without a session, refuses used links and forged forms, and logs changes with who made them', async () => {
    let world!: SimWorld
    const checked: string[] = []
    // the test reads the console's keys with its own client
    const prefix = `qunhq-console-${randomBytes(4).toString('hex')}`
    const keys = createKeys(prefix)
    const redis = new Redis(REDIS_URL)
    try {
    await play(
      `name: console-security
${CONSOLE_WORLD}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 需要确认的广播" }
  - settle: { timeout: 20s }
`,
      {
        prefix,
        http: { port: 0, adminToken: TOKEN },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
          expect(base).not.toMatch(/:0$/)

          // health is open; readiness sees Redis and the logged-in account
          expect((await fetch(`${base}/healthz`)).status).toBe(200)
          const ready = await fetch(`${base}/readyz`)
          expect(ready.status).toBe(200)
          expect(await ready.json()).toEqual({ redis: true, wechat: true })

          // no page and no API without a session
          for (const path of ['/groups', '/groups/bj1@chatroom', '/broadcasts', '/rules', '/schedules', '/queue', '/queues', '/export/groups.xlsx', '/metrics']) {
            const res = await fetch(base + path, { redirect: 'manual' })
            expect([path, res.status]).toEqual([path, 401])
          }
          expect((await fetch(`${base}/broadcasts/B1/cancel`, { method: 'POST', redirect: 'manual' })).status).toBe(401)
          expect((await fetch(`${base}/groups`, { headers: { cookie: 'qunhq_session=forgedforgedforgedforged' } })).status).toBe(401)

          // #控制台: the link goes to the caller privately, HQ hears only that it was sent
          const link = await signInLink(world, 'wxid_op1')
          await until(world, 'the HQ acknowledgement', (t) => textIn(t, 'hq@chatroom').includes('登录链接已私聊发给你（一次有效）。'))
          expect(textIn(world.transcript, 'hq@chatroom').join('\n')).not.toContain('/login/')
          const token = link.split('/login/')[1]!
          const pttl = await redis.pttl(keys.consoleLink(token))
          expect(pttl).toBeGreaterThan(0)
          expect(pttl).toBeLessThanOrEqual(10 * 60_000)

          const first = await openLink(link)
          expect(first.status).toBe(303)
          expect(first.cookie).toBeDefined()
          expect(first.setCookie).toMatch(/HttpOnly/i)
          expect(first.setCookie).toMatch(/SameSite=Lax/i)
          expect(first.setCookie).toMatch(/Path=\//)
          // the same link a second time: refused, no cookie
          const again = await openLink(link)
          expect(again.status).toBe(401)
          expect(again.cookie).toBeUndefined()
          // an expired link is a key Redis has dropped: the same as one never made
          const auth = bot.app.consoleAuth
          const stale = await auth.createLink('wxid_op1', 60_000)
          await redis.del(keys.consoleLink(stale))
          expect((await openLink(`${base}/login/${stale}`)).status).toBe(401)

          const op = first.cookie!
          const groups = await fetch(`${base}/groups`, { headers: { cookie: op } })
          expect(groups.status).toBe(200)
          expect(await groups.text()).toContain('北京1群')

          // CSRF: missing and wrong tokens are refused, the broadcast stays
          const form = (body: Record<string, string>) => ({ method: 'POST', redirect: 'manual' as const, headers: { cookie: op, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body).toString() })
          expect((await fetch(`${base}/broadcasts/B1/cancel`, form({}))).status).toBe(403)
          expect((await fetch(`${base}/broadcasts/B1/cancel`, form({ _csrf: 'wrong' }))).status).toBe(403)
          expect((await bot.app.ctx.broadcasts.store.get('B1'))?.status).toBe('awaiting')

          // a viewer signs in and may look, not change
          const viewer = (await openLink(await signInLink(world, 'wxid_view'))).cookie!
          expect((await fetch(`${base}/broadcasts`, { headers: { cookie: viewer } })).status).toBe(200)
          const viewerCsrf = await csrfOf(base, viewer)
          const viewerForm = (path: string, body: Record<string, string> = {}) =>
            fetch(base + path, { method: 'POST', redirect: 'manual', headers: { cookie: viewer, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: viewerCsrf, ...body }).toString() })
          for (const path of ['/broadcasts/B1/cancel', '/broadcasts/B1/retry', '/cases/R1/ad', '/cases/R1/notad', '/schedules/S1/delete']) {
            expect([path, (await viewerForm(path)).status]).toEqual([path, 403])
          }
          expect((await viewerForm('/schedules', { when: '每天08:00', target: '全部', text: '观众不能定时' })).status).toBe(403)
          expect((await fetch(`${base}/queues`, { headers: { cookie: viewer } })).status).toBe(403)
          expect((await fetch(`${base}/metrics`, { headers: { cookie: viewer } })).status).toBe(403)
          expect((await bot.app.ctx.broadcasts.store.get('B1'))?.status).toBe('awaiting')

          // the operator cancels with the right token; the audit log says who
          const csrf = await csrfOf(base, op)
          const done = await fetch(`${base}/broadcasts/B1/cancel`, form({ _csrf: csrf }))
          expect(done.status).toBe(303)
          // the answer is shown on the next page, from the session (a URL could be crafted)
          expect(done.headers.get('location')).toBe('/broadcasts')
          expect(await (await fetch(`${base}/broadcasts`, { headers: { cookie: op } })).text()).toMatch(/id="flash">[^<]*B1/)
          expect((await bot.app.ctx.broadcasts.store.get('B1'))?.status).toBe('cancelled')
          const audit = await bot.app.ctx.stores.audit.recent(5)
          expect(audit[0]).toMatchObject({ action: 'console', by: 'wxid_op1', why: '#取消 B1' })

          // ADMIN_TOKEN: machine access as admin; a wrong token is nobody
          const bearer = { authorization: `Bearer ${TOKEN}` }
          expect((await fetch(`${base}/queues`, { headers: bearer })).status).toBe(200)
          expect((await fetch(`${base}/export/groups.csv`, { headers: bearer })).status).toBe(200)
          expect((await fetch(`${base}/groups`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401)
          const viaApi = await fetch(`${base}/schedules`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ when: '每天08:00', target: '全部', text: '令牌定时' }) })
          expect(viaApi.status).toBe(200)
          expect(((await viaApi.json()) as { replies: string[] }).replies.join('')).toContain('S1')
          expect((await bot.app.ctx.stores.audit.recent(1))[0]).toMatchObject({ by: 'ADMIN_TOKEN' })

          // a schedule deleted by the token, as #删除定时 does
          const removed = await fetch(`${base}/schedules/S1/delete`, { method: 'POST', headers: bearer })
          expect(removed.status).toBe(200)
          expect(((await removed.json()) as { replies: string[] }).replies.join('')).toContain('S1')

          // bull-board's actions (admins): only from the console's own origin
          const boss = (await openLink(await signInLink(world, 'wxid_boss'))).cookie!
          const retryAll = (headers: Record<string, string>) => fetch(`${base}/queues/api/queues/ctl/retry/failed`, { method: 'PUT', headers: { cookie: boss, ...headers } })
          expect((await retryAll({})).status).toBe(403)
          expect((await retryAll({ origin: 'http://evil.example' })).status).toBe(403)
          expect((await retryAll({ origin: base })).status).toBe(200)
          expect((await fetch(`${base}/queues/api/queues/ctl/retry/failed`, { method: 'PUT', headers: { cookie: op, origin: base } })).status).toBe(403)

          // signing out ends the session
          await fetch(`${base}/logout`, form({ _csrf: csrf }))
          expect((await fetch(`${base}/groups`, { headers: { cookie: op } })).status).toBe(401)
          expect(privateTo(world.transcript, 'wxid_op1')).toHaveLength(1)

          // not ready while the account is logged out
          world.logout()
          await bot.delivered(10_000)
          const down = await fetch(`${base}/readyz`)
          expect(down.status).toBe(503)
          expect(await down.json()).toEqual({ redis: true, wechat: false })
          checked.push('all')
        },
      },
    )
    } finally {
      redis.disconnect()
    }
    expect(checked).toEqual(['all'])
  })

  it('serves the app metrics at /metrics to admins, and the sends counter moves with a broadcast', async () => {
    let world!: SimWorld
    const checked: string[] = []
    await play(
      `name: console-metrics
${CONSOLE_WORLD}
steps:
  - settle: { timeout: 10s }
`,
      {
        http: { port: 0, adminToken: TOKEN },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const sends = async () => {
            const res = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })
            expect(res.status).toBe(200)
            expect(res.headers.get('content-type')).toContain('text/plain')
            const lines = (await res.text()).split('\n').filter((l) => l.startsWith('qunhq_sends_total'))
            return lines.reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0)
          }
          const before = await sends()
          world.memberSay('hq@chatroom', 'wxid_op1', { kind: 'text', text: '#广播 标签:北京 指标测试' })
          await until(world, 'the broadcast in both Beijing groups', (t) => textIn(t, 'bj1@chatroom').includes('指标测试') && textIn(t, 'bj2@chatroom').includes('指标测试'))
          await bot.settled(20_000)
          expect((await sends()) - before).toBeGreaterThanOrEqual(2)
          expect((await fetch(`${base}/metrics`)).status).toBe(401)
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
