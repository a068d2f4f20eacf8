import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { Redis } from 'ioredis'
import type { SimWorld } from '../../src/sim/world'
import { createKeys } from '../../src/store/keys'
import { capturedLogger } from '../helpers/private-redis'
import { CONSOLE_WORLD, csrfOf, openLink, signInLink } from '../helpers/console'
import { play, REDIS_URL } from '../helpers/scenario'

/**
 * The console against guessing, framing and phishing (issue 17 item 9): failed sign-ins and
 * bearer checks are limited per client address (429 with Retry-After, one warn line per
 * burst), every answer carries the security headers, and the message box shows only what the
 * server put there.
 */

const TOKEN = 'test-admin-token-0123456789abcdef0123456789'
const MINUTE = 60_000

interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A GET from a chosen local address (127.0.0.x: all reach the loopback server), as another client would. */
function get(url: string, opts: { from?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(url, { method: 'GET', headers: opts.headers ?? {}, ...(opts.from ? { localAddress: opts.from } : {}) }, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (d: string) => (body += d))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', fail)
    req.end()
  })
}

const guess = () => randomBytes(24).toString('base64url')

describe('web console: guessing, framing, phishing', () => {
  it('refuses an address after too many failed sign-ins or bearer checks (429, Retry-After, one warn line a burst), not the signed-in operator nor other addresses, until the window ends', async () => {
    let world!: SimWorld
    let offset = 0
    const checked: string[] = []
    const { logger, lines } = capturedLogger('warn')
    const prefix = `qunhq-guard-${randomBytes(4).toString('hex')}`
    const redis = new Redis(REDIS_URL)
    const bursts = () => lines.filter((l) => l.msg === 'console: too many failed sign-ins from one address')
    try {
      await play(
        `name: console-guessing
${CONSOLE_WORLD.replace('roles:', 'console: { signInLimit: { failures: 5, minutes: 15 } }\n  roles:')}
steps:
  - settle: { timeout: 10s }
`,
        {
          prefix,
          logger,
          now: () => Date.now() + offset,
          http: { port: 0, adminToken: TOKEN },
          afterStep: async (_i, _s, _b, w) => void (world = w),
          afterSteps: async (bot) => {
            const base = bot.app.consoleUrl()!
            const op = (await openLink(await signInLink(world, 'wxid_op1'))).cookie!
            const waiting = await bot.app.consoleAuth.createLink('wxid_boss', 60 * MINUTE)

            // five wrong links are answered 401; the rest of the burst 429 with Retry-After
            const statuses: number[] = []
            let retryAfter: string | undefined
            for (let i = 0; i < 40; i++) {
              const res = await get(`${base}/login/${guess()}`, { from: '127.0.0.2' })
              statuses.push(res.status)
              if (res.status === 429) retryAfter = String(res.headers['retry-after'])
            }
            expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
            expect(new Set(statuses.slice(5))).toEqual(new Set([429]))
            expect(Number(retryAfter)).toBeGreaterThan(0)
            expect(Number(retryAfter)).toBeLessThanOrEqual(15 * 60)
            // bearer checks from that address too, even the right token, while the block lasts
            expect((await get(`${base}/groups`, { from: '127.0.0.2', headers: { authorization: 'Bearer nope' } })).status).toBe(429)
            expect((await get(`${base}/groups`, { from: '127.0.0.2', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(429)
            // a real link from there is refused without being spent
            expect((await get(`${base}/login/${waiting}`, { from: '127.0.0.2' })).status).toBe(429)
            expect(await redis.exists(createKeys(prefix).consoleLink(waiting))).toBe(1)
            // one warn line for the burst, naming the address
            expect(bursts()).toHaveLength(1)
            expect(bursts()[0]).toMatchObject({ address: '127.0.0.2' })

            // the operator's session, and another address, are not affected
            expect((await get(`${base}/groups`, { from: '127.0.0.2', headers: { cookie: op } })).status).toBe(200)
            expect((await get(`${base}/groups`, { from: '127.0.0.3', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200)
            expect((await get(`${base}/login/${guess()}`, { from: '127.0.0.3' })).status).toBe(401)

            // wrong bearer tokens alone make a burst too
            const bearerStatuses: number[] = []
            for (let i = 0; i < 20; i++) bearerStatuses.push((await get(`${base}/groups`, { from: '127.0.0.4', headers: { authorization: `Bearer ${guess()}` } })).status)
            expect(bearerStatuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
            expect(new Set(bearerStatuses.slice(5))).toEqual(new Set([429]))
            expect(bursts()).toHaveLength(2)

            // once the window has passed, the address may try again: the waiting link works
            offset += 16 * MINUTE
            const opened = await get(`${base}/login/${waiting}`, { from: '127.0.0.2' })
            expect(opened.status).toBe(303)
            // and a new burst is a new warn line
            for (let i = 0; i < 6; i++) await get(`${base}/login/${guess()}`, { from: '127.0.0.2' })
            expect((await get(`${base}/login/${guess()}`, { from: '127.0.0.2' })).status).toBe(429)
            expect(bursts()).toHaveLength(3)
            checked.push('all')
          },
        },
      )
    } finally {
      redis.disconnect()
    }
    expect(checked).toEqual(['all'])
  })

  it('counts X-Forwarded-For addresses only behind a trusted proxy: a spoofed header does not escape the limit', async () => {
    const checked: string[] = []
    const yaml = `name: console-proxy
${CONSOLE_WORLD.replace('roles:', 'console: { signInLimit: { failures: 3, minutes: 15 } }\n  roles:')}
steps:
  - settle: { timeout: 10s }
`
    const burst = async (base: string, from: string) => {
      const out: number[] = []
      for (let i = 0; i < 6; i++) out.push((await get(`${base}/login/${guess()}`, { from: '127.0.0.5', headers: { 'x-forwarded-for': from } })).status)
      return out
    }
    // no proxy trusted: the header is the client's word, the connection's address counts
    await play(yaml, {
      http: { port: 0 },
      afterSteps: async (bot) => {
        const base = bot.app.consoleUrl()!
        expect(await burst(base, '203.0.113.7')).toEqual([401, 401, 401, 429, 429, 429])
        expect((await burst(base, '203.0.113.8'))[0]).toBe(429)
        checked.push('untrusted')
      },
    })
    // the loopback proxy trusted: each forwarded client is its own address
    await play(yaml, {
      http: { port: 0, trustProxy: '127.0.0.1/8' },
      afterSteps: async (bot) => {
        const base = bot.app.consoleUrl()!
        expect(await burst(base, '203.0.113.7')).toEqual([401, 401, 401, 429, 429, 429])
        expect(await burst(base, '203.0.113.8')).toEqual([401, 401, 401, 429, 429, 429])
        checked.push('trusted')
      },
    })
    expect(checked).toEqual(['untrusted', 'trusted'])
  })

  it('sends the security headers with every answer, and the message box shows only what the server put there', async () => {
    let world!: SimWorld
    const checked: string[] = []
    await play(
      `name: console-headers
${CONSOLE_WORLD}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 全部 需要确认的广播" }
  - settle: { timeout: 20s }
`,
      {
        http: { port: 0, adminToken: TOKEN },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const link = await signInLink(world, 'wxid_op1')
          const signIn = await get(link)
          const op = /qunhq_session=[^;]+/.exec(String(signIn.headers['set-cookie']))![0]
          const bearer = { authorization: `Bearer ${TOKEN}` }
          const answers: [string, Answer][] = [
            ['sign-in', signIn],
            ['bad link', await get(`${base}/login/${guess()}`)],
            ['401', await get(`${base}/groups`)],
            ['404', await get(`${base}/nope`, { headers: { cookie: op } })],
            ['healthz', await get(`${base}/healthz`)],
            ['static', await get(`${base}/static/chart.js`)],
            ['export', await get(`${base}/export/groups.csv`, { headers: bearer })],
            ['bull-board', await get(`${base}/queues`, { headers: bearer })],
          ]
          for (const path of ['/groups', '/groups/bj1%40chatroom', '/broadcasts', '/rules', '/schedules', '/queue']) answers.push([path, await get(base + path, { headers: { cookie: op } })])
          for (const [what, res] of answers) {
            expect([what, res.headers['x-frame-options'], res.headers['x-content-type-options'], res.headers['referrer-policy']]).toEqual([what, 'DENY', 'nosniff', 'no-referrer'])
            const csp = String(res.headers['content-security-policy'])
            expect([what, csp]).toEqual([what, expect.stringContaining("frame-ancestors 'none'")])
            expect([what, csp]).toEqual([what, expect.stringContaining("default-src 'none'")])
            // no page may run inline script
            expect([what, /script-src[^;]*'unsafe-inline'/.test(csp)]).toEqual([what, false])
          }
          // the console's own pages need no inline style either
          for (const [what, res] of answers.filter(([w]) => w.startsWith('/'))) expect([what, String(res.headers['content-security-policy'])]).toEqual([what, expect.stringContaining("style-src 'self';")])

          // a crafted link cannot put words into the console's message box
          const phish = '账号异常，请立即访问 http://evil.example 重新登录'
          for (const path of ['/broadcasts', '/rules', '/schedules']) {
            const page = await get(`${base}${path}?msg=${encodeURIComponent(phish)}`, { headers: { cookie: op } })
            expect([path, page.status]).toEqual([path, 200])
            expect([path, page.body.includes('evil.example')]).toEqual([path, false])
            expect([path, page.body.includes('id="flash"')]).toEqual([path, false])
          }
          // the server's own answer to an action is shown once, after the redirect
          const csrf = await csrfOf(base, op)
          const done = await fetch(`${base}/broadcasts/B1/cancel`, {
            method: 'POST',
            redirect: 'manual',
            headers: { cookie: op, 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ _csrf: csrf }).toString(),
          })
          expect(done.status).toBe(303)
          expect(done.headers.get('location')).toBe('/broadcasts')
          const after = await get(`${base}/broadcasts`, { headers: { cookie: op } })
          expect(/<div class="msg" id="flash">([^<]*)<\/div>/.exec(after.body)?.[1]).toContain('B1')
          expect((await get(`${base}/broadcasts`, { headers: { cookie: op } })).body).not.toContain('id="flash"')
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })

  it('refuses to start the console with an ADMIN_TOKEN shorter than 32 characters', async () => {
    await expect(play(`name: console-short-token\n${CONSOLE_WORLD}\nsteps: []\n`, { http: { port: 0, adminToken: 'short-token-0123456789' } })).rejects.toThrow(/ADMIN_TOKEN.*32/)
  })
})
