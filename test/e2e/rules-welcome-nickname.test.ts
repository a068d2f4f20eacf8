import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TranscriptLine } from '../../src/sim/world'
import { auditNicknames, type GroupNicknameAudit } from '../../src/plugins/rules/nickname-audit'
import { play, says, until, hqTexts } from '../helpers/scenario'

const scenario = (name: string) => readFileSync(join(__dirname, '..', '..', 'scenarios', name), 'utf8')
const mentioning = (t: TranscriptLine[], room: string, id: string) => says(t, room).filter((l) => (l.mentions ?? []).includes(id))
const REMINDER = '请把群昵称改为「北京-张三-教育」这样的格式，方便大家认识你'

describe('welcome and nicknames', () => {
  it('scenarios/welcome-nickname.yaml: one welcome per batch; reminder, warning, removal for those who never fix it; nothing for those who do', async () => {
    // the file waits 800 ms for 赵六's reminder before he fixes his nickname; the test waits
    // for the reminder itself
    const yaml = scenario('welcome-nickname.yaml')
    expect(yaml).toContain('  - wait: 800ms\n')
    const { transcript: t } = await play(yaml.replace('  - wait: 800ms\n', ''), {
      afterStep: async (i, step, _bot, world) => {
        if (i === 4 && 'join' in step) await until(world, "赵六's reminder", (tr) => mentioning(tr, 'g1@chatroom', 'wxid_zhao').length >= 2)
      },
    })
    const g1 = says(t, 'g1@chatroom')
    const welcomes = g1.filter((l) => (l.text ?? '').includes('欢迎加入 北京1群！'))
    // the two joins are events handled side by side, so their order in the welcome may vary
    expect(welcomes.map((l) => [...(l.mentions ?? [])].sort())).toEqual([['wxid_li', 'wxid_wang', 'wxid_zhang'], ['wxid_zhao']])
    // the names are written once, by WeChat's @-mentions in front, not a second time by {成员}
    const [mentionPart, rest] = (welcomes[0]!.text ?? '').split(' 欢迎加入 ')
    expect(mentionPart!.split('\u2005').sort()).toEqual(['@北京-李四-金融', '@张三', '@王五'].sort())
    expect(rest).toBe('北京1群！请把群昵称改为「北京-张三-教育」，并在24小时内做个自我介绍。')
    expect(welcomes[1]!.text).toMatch(/^@赵六 欢迎加入 北京1群！/)

    for (const id of ['wxid_zhang', 'wxid_wang']) {
      const told = mentioning(t, 'g1@chatroom', id).filter((l) => !welcomes.includes(l)).map((l) => l.text ?? '')
      expect(told).toHaveLength(2)
      expect(told[0]).toContain(`${REMINDER}，多次提醒仍未修改将被移出群聊。`)
      expect(told[1]).toContain('群昵称还没有改好，请改为「北京-张三-教育」这样的格式，再不修改将被移出群聊。')
    }
    expect(t.filter((l) => l.type === 'remove').map((l) => [l.contact, l.ok]).sort()).toEqual([
      ['wxid_wang', true],
      ['wxid_zhang', true],
    ])
    // reminded first, warned at least a sweep later, removed after that
    const zhang = mentioning(t, 'g1@chatroom', 'wxid_zhang').slice(1)
    const removedAt = t.find((l) => l.type === 'remove' && l.contact === 'wxid_zhang')!.t
    // a sweep (every 1 s) decides ≥ 0.9 s after the reminder was decided; the transcript shows
    // sends, which the paced queue may delay, so half of it, with room for a loaded machine
    expect(zhang[1]!.t - zhang[0]!.t).toBeGreaterThanOrEqual(500)
    expect(removedAt).toBeGreaterThan(zhang[1]!.t)

    // fixed in time: only the welcome; fixed after one reminder: nothing more
    expect(mentioning(t, 'g1@chatroom', 'wxid_li')).toEqual([welcomes[0]])
    const zhao = mentioning(t, 'g1@chatroom', 'wxid_zhao').filter((l) => !welcomes.includes(l))
    expect(zhao.map((l) => l.text)).toEqual([expect.stringContaining(REMINDER)])

    const hq = hqTexts(t)
    expect(hq).toContain('🚫 已将 张三(wxid_zhang) 移出「北京1群」：群昵称多次提醒仍未修改\n证据：当前昵称：张三')
    expect(hq).toContain('🚫 已将 王五(wxid_wang) 移出「北京1群」：群昵称多次提醒仍未修改\n证据：当前昵称：王五')
    expect(hq).toHaveLength(2)
  })

  it('reminds on a member’s message at most once per graceMs; under action: remind the sweep gives up after three notices; leaders are never reminded; the audit lists who is left', async () => {
    let audit: GroupNicknameAudit | undefined
    const { transcript: t } = await play(`name: nickname-on-message
config:
  hq: { rooms: [hq@chatroom] }
  groups: { list: [{ room: g1@chatroom, leaders: [wxid_lead] }] }
  rules:
    welcome: { enabled: false }
    intro: { enabled: false }
    nickname: { graceMs: 300, action: remind }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
  questions: { enabled: false }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_old, name: 老张 }, { id: wxid_lead, name: 负责人 }, { id: wxid_quiet, name: 小静 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [] }
    - { id: g1@chatroom, topic: 北京1群, members: [wxid_old, wxid_ok, wxid_lead], aliases: { wxid_ok: 上海-小明-设计 } }
steps:
  - say: { room: g1@chatroom, from: wxid_old, text: 大家好 }
  - say: { room: g1@chatroom, from: wxid_old, text: 我又来了 }
  - say: { room: g1@chatroom, from: wxid_ok, text: 大家好 }
  - say: { room: g1@chatroom, from: wxid_lead, text: 大家好 }
  - alias: { room: g1@chatroom, contact: wxid_old, name: 北京-老张-教育 }
  - join: { room: g1@chatroom, contacts: [wxid_quiet], inviter: wxid_ok }
  - settle: { timeout: 20s }
  - say: { room: g1@chatroom, from: wxid_old, text: 改好了 }
  - settle: { timeout: 5s }
`, {
      // the alias is fixed once the reminder for the two messages is out
      afterStep: async (i, _step, _bot, world) => {
        if (i === 3) await until(world, 'the reminder to wxid_old', (tr) => mentioning(tr, 'g1@chatroom', 'wxid_old').length >= 1)
      },
      afterSteps: async (bot) => void (audit = await auditNicknames(bot.app.ctx, 'g1@chatroom')),
    })
    // one reminder for two messages close together; fixed before the sweep came by: none after
    expect(mentioning(t, 'g1@chatroom', 'wxid_old').map((l) => l.text)).toEqual([
      expect.stringMatching(/^@老张 请把群昵称改为「北京-张三-教育」这样的格式，方便大家认识你。修改方法/),
    ])
    expect(mentioning(t, 'g1@chatroom', 'wxid_ok')).toEqual([])
    expect(mentioning(t, 'g1@chatroom', 'wxid_lead')).toEqual([])
    // a newcomer who never speaks: the join check and two sweeps, then no more
    const quiet = mentioning(t, 'g1@chatroom', 'wxid_quiet')
    expect(quiet).toHaveLength(3)
    // spaced by the sweep (every 1 s at least): the three notices are decided ≥ 1.8 s apart
    // end to end; the transcript shows sends, which the paced queue may delay, so leave room
    expect(quiet[2]!.t - quiet[0]!.t).toBeGreaterThanOrEqual(1000)
    expect(quiet[1]!.t - quiet[0]!.t).toBeGreaterThanOrEqual(500)
    expect(t.filter((l) => l.type === 'remove')).toEqual([])
    // the audit for HQ and leaders: only the newcomer who never fixed it (the leader is exempt)
    expect(audit?.rows.map((r) => r.member.id)).toEqual(['wxid_quiet'])
    expect(audit?.text).toBe('📝 「北京1群」群昵称不符合格式的成员 1 人（格式示例：北京-张三-教育）：\n1. 小静(wxid_quiet)')
  })
})
