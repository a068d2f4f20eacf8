import type { SimBot } from '../../src/sim/sim-bot'
import type { TranscriptLine } from '../../src/sim/world'
import { CODE_ALPHABET } from '../../src/plugins/entry/codes'
import { hqTexts, play, until } from '../helpers/scenario'

/**
 * Issue 17, item 5: strangers must not flood HQ. The gate's lines wait for one digest per
 * `entry.digestMs` (counts, a stranger who repeats once), code guesses are limited per
 * contact, and the digest survives a restart (a control-queue delayed job).
 */

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `wxid_${prefix}${String(i + 1).padStart(3, '0')}`)
const toContact = (t: TranscriptLine[], id: string) => t.filter((l) => l.type === 'say' && l.contact === id).map((l) => l.text ?? '')
/** a well-formed code that was never made: digits and letters of the alphabet, from a number */
const guess = (n: number) => `${CODE_ALPHABET[2 + (n % 20)]}${String(n).padStart(4, '2').replace(/[01]/g, '9')}ZZZ`.slice(0, 8)

/** the digest waits for its delay (an hour here, so the whole flood is in it): run it now */
async function sendDigestNow(bot: SimBot): Promise<number> {
  const jobs = (await bot.app.ctx.control.queue.getDelayed()).filter((j) => j.name === 'entry-digest')
  for (const j of jobs) await j.promote()
  return jobs.length
}

const config = (entry = '') => `
config:
  hq: { rooms: [hq@chatroom] }
  roles: { operator: [wxid_op] }
  groups: { list: [{ room: g1@chatroom, tags: [读书会] }] }
  rules: { welcome: { batchMs: 200 }, intro: { enabled: false }, nickname: { enabled: false } }
  outbound: { minIntervalMs: 1, jitterMs: 0, quietHours: "" }
  questions: { enabled: false }
  entry:
    friendKeywords: [{ keyword: 读书会, target: "标签:读书会" }]
    digestMs: 3600000
${entry}
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_op, name: 运营小王 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op] }
    - { id: g1@chatroom, topic: 读书会1群, members: [wxid_a] }
`

describe('strangers at the entry gate', () => {
  it('300 friend requests, one stranger sending 100 and 500 guessed codes are one HQ digest with counts, sent after a restart too', async () => {
    const strangers = ids('s', 300)
    const guessers = ids('g', 5)
    const digests: number[] = []
    const { transcript: t } = await play(
      `name: entry-flood
${config()}
steps:
  - settle: { timeout: 60s }
  - restart: {}
  - settle: { timeout: 60s }
`,
      {
        afterStep: async (i, _step, bot, w) => {
          if (i === 0) {
            for (const id of strangers) w.friendRequest(id, '你好')
            for (let k = 0; k < 100; k++) w.friendRequest('wxid_pest', `加我 ${k}`)
            for (let k = 0; k < 500; k++) w.friendRequest(guessers[k % 5]!, guess(k))
            await bot.settled(120_000)
            // nothing has reached HQ yet: it all waits for the digest
            expect(hqTexts(w.transcript)).toEqual([])
          }
          if (i === 1) {
            digests.push(await sendDigestNow(bot))
            await until(w, 'the digest', (tr) => hqTexts(tr).length > 0, 60_000)
            await bot.settled(60_000)
          }
        },
      },
    )
    expect(digests).toEqual([1])
    const hq = hqTexts(t)
    expect(hq).toHaveLength(1)
    const [digest] = hq
    expect(digest).toMatch(/^📋 入群门槛汇总 \(今日留给人工的好友申请共 900 个\)\n/)
    // every request counted; each stranger once (the pest's hundred are one person, listed once with their count)
    expect(digest).toContain('👋 没带入群关键词的好友申请 400 个 (301 人)，留给人工处理：')
    expect(digest).toContain('· …另有 291 人')
    expect(digest!.split('\n').filter((l) => l.includes('(wxid_s'))).toHaveLength(10)
    // five guessers, each stopped after their tries (5 by default) and reported once as such
    expect(digest).toContain('🎟 入群码无效、已用过或试得太多的好友申请 500 个 (5 人)，留给人工处理：')
    expect(digest).toMatch(/\(wxid_g001\) 验证消息「\w{8}」 ×100/)
    expect(digest).toContain('🔒 试入群码次数过多、已暂停回复 5 人：')
    expect(t.filter((l) => l.type === 'accept-friend')).toEqual([])
  })

  it('a friend guessing codes gets five answers, one polite refusal, then nothing; a real code in that while is not even tried', async () => {
    let code = ''
    const { transcript: t } = await play(
      `name: entry-guesses
${config('    codes: { maxTries: 5, triesWindowMs: 3600000 }').replace('digestMs: 3600000', 'digestMs: 0')}
steps:
  - say: { room: hq@chatroom, from: wxid_op, text: "#入群码 生成 1 标签:读书会" }
  - settle: { timeout: 20s }
`,
      {
        afterStep: async (i, _step, bot, w) => {
          if (i !== 1) return
          code = /\n([2-9A-Z]{8})$/.exec(hqTexts(w.transcript)[0] ?? '')?.[1] ?? ''
          for (let k = 0; k < 20; k++) w.contactSay('wxid_guess', { kind: 'text', text: guess(k) })
          await bot.settled(60_000)
          w.contactSay('wxid_guess', { kind: 'text', text: code })
          await bot.settled(60_000)
          // the code was not spent by the guesser: someone else still gets in with it
          w.contactSay('wxid_real', { kind: 'text', text: code })
          await until(w, 'the real applicant invited', (tr) => tr.some((l) => l.type === 'invite' && l.contact === 'wxid_real'))
          await bot.settled(60_000)
        },
      },
    )
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/)
    expect(toContact(t, 'wxid_guess')).toEqual([...Array(5).fill('入群码不对或已过期，请核对后再发一次。'), '入群码尝试次数太多了，请 60 分钟后再试。如有疑问请联系工作人员。'])
    expect(hqTexts(t).filter((x) => x.startsWith('🔒'))).toEqual(['🔒 guess(wxid_guess) 试入群码次数过多，已暂停回复一段时间'])
  })
})
