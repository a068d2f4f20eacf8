import type { SimWorld } from '../../../src/sim/world'
import { faqTexts } from '../../../src/plugins/faq/texts'
import { CONSOLE_WORLD, csrfOf, openLink, signInLink } from '../../helpers/console'
import { play, says, until } from '../../helpers/scenario'

/**
 * The FAQ's own console page (/p/faq, registered by the plugin through `ConsoleService.page`):
 * entries with their hits; an operator's edit changes the next automatic answer; a viewer
 * reads only; a form without the CSRF token changes nothing; stored text is escaped.
 */
const ANSWER = '课件在群文件「课件」文件夹里，课后当天更新。'
const EDITED = '课件已移到小程序「资料」页 <script>alert(1)</script>'

/** Signs `who` in; page GETs and form POSTs with their session (and CSRF token unless `csrf: false`). */
async function signedIn(base: string, world: SimWorld, who: string) {
  const cookie = (await openLink(await signInLink(world, who))).cookie!
  const csrf = await csrfOf(base, cookie, '/p/faq')
  return {
    page: async (path: string) => {
      const res = await fetch(base + path, { headers: { cookie, accept: 'text/html' } })
      return { status: res.status, html: await res.text() }
    },
    post: (path: string, fields: Record<string, string>, opts: { csrf?: boolean } = {}) =>
      fetch(base + path, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(opts.csrf === false ? fields : { ...fields, _csrf: csrf }).toString(),
      }),
  }
}

/** The cells of the FAQ table's row of `id`. */
const rowOf = (html: string, id: string) => new RegExp(`<tr id="faq-${id}">(.*?)</tr>`, 's').exec(html)?.[1]

describe('the FAQ console page', () => {
  it('lists entries with hits; an operator’s edit is the next automatic answer; a viewer and a form without the token change nothing', async () => {
    let world!: SimWorld
    const checked: string[] = []
    await play(
      `name: faq-console
${CONSOLE_WORLD.replace('roles:', 'questions: { batchMs: 300 }\n  faq: { enabled: true, scopes: [北京] }\n  roles:')}
steps:
  - say: { room: bj1@chatroom, from: wxid_a, text: "课件在哪里下载？" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#回复 Q1 ${ANSWER}" }
  - settle: { timeout: 20s }
  - say: { room: bj2@chatroom, from: wxid_c, text: "讲义去哪儿下载？" }
  - settle: { timeout: 20s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const store = bot.app.ctx.stores.faq
          // the paraphrase in bj2 was answered by the bot: F1 has one hit
          expect(says(world.transcript, 'bj2@chatroom').map((l) => l.text)).toContain(`@c 「常见问题」${ANSWER}`)

          // a viewer: the page and its link in the navigation, the hits, no forms; an edit is refused
          const viewer = await signedIn(base, world, 'wxid_view')
          const seen = await viewer.page('/p/faq')
          expect(seen.status).toBe(200)
          expect(seen.html).toContain(`<a href="/p/faq" class="on">${faqTexts.page.title}</a>`)
          const row = rowOf(seen.html, 'F1')!
          expect(row).toContain('<li>课件在哪里下载？</li>')
          expect(row).toContain(ANSWER)
          // learned in a 北京 group, 北京 a scope: it answers in 北京 groups only
          expect(row).toContain('<td data-v="北京">北京</td>')
          expect(row).toMatch(/<td data-v="1">1<\/td><td data-v="0">0<\/td>$/)
          expect(row).not.toContain('<textarea')
          expect((await viewer.post('/p/faq/edit', { id: 'F1', answer: '观察员改的' })).status).toBe(403)
          expect((await store.get('F1'))?.answer).toBe(ANSWER)

          // an operator without the token: refused, nothing changed
          const op = await signedIn(base, world, 'wxid_op1')
          expect((await op.post('/p/faq/edit', { id: 'F1', answer: '没有令牌' }, { csrf: false })).status).toBe(403)
          expect((await store.get('F1'))?.answer).toBe(ANSWER)

          // with it: the answer changes, the page says so once, the stored text is shown escaped
          const res = await op.post('/p/faq/edit', { id: 'F1', answer: EDITED })
          expect(res.status).toBe(303)
          expect(res.headers.get('location')).toBe('/p/faq')
          const after = await op.page('/p/faq')
          expect(after.html).toContain(`<div class="msg" id="flash">${faqTexts.edited('F1')}</div>`)
          expect(after.html).not.toContain('<script>alert(1)</script>')
          expect(rowOf(after.html, 'F1')).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
          expect((await bot.app.ctx.stores.audit.recent(5)).find((e) => e.why === '/p/faq/edit')).toMatchObject({ by: 'wxid_op1' })

          // the next paraphrase is answered with the edited answer
          const before = says(world.transcript, 'bj2@chatroom').length
          world.memberSay('bj2@chatroom', 'wxid_d', { kind: 'text', text: '请问课件去哪里下载' })
          await until(world, 'the automatic answer in bj2', (t) => says(t, 'bj2@chatroom').length > before)
          expect(says(world.transcript, 'bj2@chatroom')[before]!.text).toBe(`@d 「常见问题」${EDITED}`)

          // delete: the entry is gone from the page and the store
          expect((await op.post('/p/faq/remove', { id: 'F1' })).status).toBe(303)
          expect(await store.get('F1')).toBeUndefined()
          const empty = await op.page('/p/faq')
          expect(empty.html).toContain(faqTexts.removed('F1'))
          expect(rowOf(empty.html, 'F1')).toBeUndefined()
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
