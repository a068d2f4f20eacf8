import type { SimWorld } from '../../src/sim/world'
import { CONSOLE_WORLD, csrfOf, openLink, signInLink } from '../helpers/console'
import { play } from '../helpers/scenario'

/**
 * The labelled store on the console's rules page (issue 19): an operator uploads a labelled
 * file, reads a preview of what it would do, imports it; exports the store as JSON lines
 * or CSV that `ads learn` reads back. No change without the session's CSRF token; a viewer
 * sees the counts only.
 */

const file = [
  '{"text": "水影暴力配置 稳定不封 20r进内部", "label": "ad"}',
  '{"text": "今晚服务器几点维护", "label": "normal"}',
  'not json',
  '{"text": "水影暴力配置 稳定不封 20r进内部", "label": "ad"}',
  '{"text": "起床战争来人 四缺一", "label": "normal"}',
].join('\n')

describe('the labelled store on the console', () => {
  it('upload → preview of the counts → import; exports that read back; refused without the token; viewers see counts only', async () => {
    let world!: SimWorld
    const checked: string[] = []
    await play(
      `name: console-labelled
${CONSOLE_WORLD}
steps:
  - settle: { timeout: 5s }
`,
      {
        http: { port: 0 },
        afterStep: async (_i, _s, _b, w) => void (world = w),
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const cookie = (await openLink(await signInLink(world, 'wxid_op1'))).cookie!
          const csrf = await csrfOf(base, cookie)
          const upload = (withToken: boolean) => {
            const form = new FormData()
            if (withToken) form.set('_csrf', csrf)
            form.set('file', new Blob([file], { type: 'application/x-ndjson' }), 'history.jsonl')
            return fetch(`${base}/labelled/preview`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' })
          }
          const { labelled } = bot.app.ctx.stores
          // the rules page offers the upload and the exports
          const rules = await (await fetch(`${base}/rules`, { headers: { cookie, accept: 'text/html' } })).text()
          expect(rules).toContain('action="/labelled/preview" enctype="multipart/form-data"')
          expect(rules).toContain('href="/labelled/export.jsonl"')
          // a plain form: no script, no inline handler (the console's CSP forbids them)
          const section = rules.slice(rules.indexOf('<h2>广告样本库</h2>'), rules.indexOf('</main>'))
          expect(section).toContain('<form method="post" action="/labelled/preview"')
          expect(section).not.toMatch(/<script|\son[a-z]+=/i)

          // without the token: refused, nothing stored
          expect((await upload(false)).status).toBe(403)

          // the preview: counts, the refused line named, nothing stored yet
          const preview = await upload(true)
          expect(preview.status).toBe(200)
          const html = await preview.text()
          expect(html).toContain('history.jsonl：4 条样本，将新增 3 条，改标 0 条，重复 1 条；拒收 1 行。')
          expect(html).toContain('<li>3: invalid JSON</li>')
          expect(await labelled.count()).toBe(0)
          const id = /name="upload" value="([a-f0-9]+)"/.exec(html)![1]!

          // import: without the token refused; with it, the store holds the three texts
          const importing = (withToken: boolean) =>
            fetch(`${base}/labelled/import`, {
              method: 'POST',
              redirect: 'manual',
              headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams(withToken ? { _csrf: csrf, upload: id } : { upload: id }).toString(),
            })
          expect((await importing(false)).status).toBe(403)
          const done = await importing(true)
          expect(done.status).toBe(303)
          expect(decodeURIComponent(done.headers.get('location') ?? '')).toContain('已导入：新增 3 条，改标 0 条，重复 1 条，拒收 1 行。')
          expect(await labelled.count()).toBe(3)
          // an import runs once
          expect(decodeURIComponent((await importing(true)).headers.get('location') ?? '')).toContain('已经导入过或已过期')
          expect(await labelled.count()).toBe(3)

          // exports: JSON lines and CSV with the columns `ads learn` reads
          const jsonl = await (await fetch(`${base}/labelled/export.jsonl`, { headers: { cookie } })).text()
          const rows = jsonl.trim().split('\n').map((l) => JSON.parse(l) as { text: string; label: string })
          expect(rows.map((r) => [r.text, r.label]).sort()).toEqual([
            ['今晚服务器几点维护', 'normal'],
            ['水影暴力配置 稳定不封 20r进内部', 'ad'],
            ['起床战争来人 四缺一', 'normal'],
          ])
          const csv = await (await fetch(`${base}/labelled/export.csv`, { headers: { cookie } })).text()
          expect(csv.split('\r\n')[0]).toBe('text,label,source,by,at')
          expect(csv).toContain('水影暴力配置 稳定不封 20r进内部,ad,导入 history.jsonl,wxid_op1,')

          // a viewer: the counts, no export, no upload
          const viewer = (await openLink(await signInLink(world, 'wxid_view'))).cookie!
          const seen = await (await fetch(`${base}/rules`, { headers: { cookie: viewer, accept: 'text/html' } })).text()
          expect(seen).toContain('共 3 条。')
          expect(seen).not.toContain('/labelled/preview')
          expect((await fetch(`${base}/labelled/export.jsonl`, { headers: { cookie: viewer } })).status).toBe(403)
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
