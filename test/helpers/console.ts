import type { SimWorld, TranscriptLine } from '../../src/sim/world'
import { until } from './scenario'

/** The world and config of the console tests: HQ with an admin, an operator and a viewer. */
export const CONSOLE_WORLD = `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: 2 }
  roles: { admin: [wxid_boss], operator: [wxid_op1], viewer: [wxid_view] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京], leaders: [wxid_a] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
      - { room: sh1@chatroom, key: sh1, tags: [上海] }
  outbound: { minIntervalMs: 20, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
world:
  contacts: [{ id: wxid_a, name: 李雷 }, { id: wxid_boss, name: 老板 }, { id: wxid_op1, name: 小运营 }, { id: wxid_view, name: 观察员 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_boss, wxid_op1, wxid_view] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a, wxid_b, wxid_c] }
    - { id: bj2@chatroom, topic: 北京2群, members: [wxid_c, wxid_d] }
    - { id: sh1@chatroom, topic: 上海1群, members: [wxid_e] }
`

/** The private messages the bot sent to a contact. */
export const privateTo = (t: readonly TranscriptLine[], contactId: string) =>
  t.filter((l) => l.type === 'say' && l.contact === contactId && !l.room).map((l) => l.text ?? '')

/** Sends `#控制台` from `who` in HQ and returns the sign-in link the bot sent them privately. */
export async function signInLink(world: SimWorld, who: string): Promise<string> {
  const before = privateTo(world.transcript, who).length
  world.memberSay('hq@chatroom', who, { kind: 'text', text: '#控制台' })
  await until(world, `the sign-in link for ${who}`, (t) => privateTo(t, who).length > before)
  const text = privateTo(world.transcript, who).at(-1) ?? ''
  const link = /https?:\/\/\S+\/login\/\S+/.exec(text)?.[0]
  if (!link) throw new Error(`no link in: ${text}`)
  return link
}

/** Opens a sign-in link as a browser would (no redirects followed); the session cookie and status. */
export async function openLink(link: string): Promise<{ status: number; cookie?: string; setCookie: string }> {
  const res = await fetch(link, { redirect: 'manual' })
  const setCookie = res.headers.get('set-cookie') ?? ''
  const cookie = /qunhq_session=[^;]+/.exec(setCookie)?.[0]
  return { status: res.status, setCookie, ...(cookie ? { cookie } : {}) }
}

/** The CSRF token of a signed-in page. */
export async function csrfOf(base: string, cookie: string, path = '/broadcasts'): Promise<string> {
  const html = await (await fetch(base + path, { headers: { cookie, accept: 'text/html' } })).text()
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  if (!token) throw new Error(`no CSRF token on ${path}`)
  return token
}
