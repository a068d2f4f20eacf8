import { play } from '../../helpers/scenario'

/**
 * The SOP's console page (/p/sop, read-only, registered by the plugin): the grid groups × steps
 * with each step's state on the virtual clock, a paused group marked, and one group's dated plan.
 */
const TOKEN = 'sop-console-test-token-0123456789abcdef'

/** The `data-v` values of the row of `room` in the grid. */
const gridRow = (html: string, room: string) => {
  const tr = new RegExp(`<tr data-room="${room}">(.*?)</tr>`, 's').exec(html)?.[1] ?? ''
  return [...tr.matchAll(/<td data-v="([^"]*)">/g)].map((m) => m[1])
}

describe('the SOP console page', () => {
  it('shows per group each step sent, due or held by a pause, and a group’s dated plan', async () => {
    const checked: string[] = []
    await play(
      `name: sop-console
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups: { list: [{ room: g1@chatroom, key: g1 }, { room: g2@chatroom, key: g2 }] }
  outbound: { minIntervalMs: 1000, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
  sop:
    timelines:
      - id: S1
        name: 三天计划
        steps:
          - { day: 0, at: "10:00", text: 第0天 }
          - { day: 1, at: "10:00", text: "第1天 <b>加粗</b>" }
          - { day: 2, at: "20:00", text: 第2天 }
world:
  startAt: "2026-12-01T08:00:00+08:00"
  contacts: [{ id: wxid_op1, name: 运营 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 一群, members: [wxid_a] }
    - { id: g2@chatroom, topic: 二群, members: [wxid_b] }
steps:
  - settle: { timeout: 30s, ahead: 1s }
  - advance: 12h
  - say: { room: hq@chatroom, from: wxid_op1, text: "#SOP 暂停 S1 群:g1" }
  - advance: 1d
  - settle: { timeout: 30s }
`,
      {
        http: { port: 0, adminToken: TOKEN },
        afterSteps: async (bot) => {
          const base = bot.app.consoleUrl()!
          const get = async (path: string) => (await fetch(base + path, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/html' } })).text()
          const html = await get('/p/sop')
          expect(html).toContain('<a href="/p/sop" class="on">SOP</a>')
          // 12-02 20:00: g2 has day 0 and day 1 sent, day 2 due; g1 was paused after day 0
          expect(gridRow(html, 'g2@chatroom')).toEqual(['二群', '2026-12-01', 'sent', 'sent', 'due'])
          expect(gridRow(html, 'g1@chatroom')).toEqual(['一群', '2026-12-01', 'sent', 'paused', 'paused'])
          expect(html).toContain('<th>第2天 20:00</th>')

          const plan = await get('/p/sop?t=S1&g=g2%40chatroom')
          expect(plan).toContain('S1 · 二群 · 第0天 2026-12-01')
          const rows = /<table id="sop-plan">.*?<tbody>(.*?)<\/tbody>/s.exec(plan)?.[1] ?? ''
          expect([...rows.matchAll(/<td data-v="(\d{4}-\d\d-\d\d)">/g)].map((m) => m[1])).toEqual(['2026-12-01', '2026-12-02', '2026-12-03'])
          // the step's text is escaped
          expect(rows).toContain('第1天 &lt;b&gt;加粗&lt;/b&gt;')
          expect(rows).not.toContain('<b>')
          checked.push('all')
        },
      },
    )
    expect(checked).toEqual(['all'])
  })
})
