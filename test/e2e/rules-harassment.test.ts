import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play, says, textIn } from '../helpers/scenario'

/**
 * Issue 20 items 2, 4, 5 end to end on the simulated world and a real Redis: the repeat,
 * mention-bomb and bare-contact rules act when they should, and the "not to act on"
 * cases (ten members each replying 收到, a leader or owner, HQ's broadcast, a newcomer's
 * self-introduction) stay untouched.
 */
const removes = (t: TranscriptLine[]) => t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])
const scenario = (name: string) => readFileSync(join(__dirname, '..', '..', 'scenarios', name), 'utf8')

describe('issue 20: repeat, mention bombs, bare contacts', () => {
  it('scenarios/repeat.yaml: the same line three times warned, three more removed; 收到 from ten members and a leader untouched', async () => {
    const { transcript: t } = await play(scenario('repeat.yaml'))
    const g1 = says(t, 'g1@chatroom')
    expect(g1[0]).toMatchObject({ text: '@复读机 请勿在群里反复发送相同内容，再发将被移出群聊。', mentions: ['wxid_rep'] })
    expect(textIn(t, 'g1@chatroom')).toEqual(['@复读机 请勿在群里反复发送相同内容，再发将被移出群聊。', '复读机 因反复发送相同内容，已被移出群聊。'])
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_rep', true]])
    expect(hqTexts(t).join('\n')).toContain('🚫 已将 复读机(wxid_rep) 移出「北京1群(g1)」：10分钟内 3 次发送相同内容')
    expect(hqTexts(t).join('\n')).not.toContain('黑名单')
  })

  it('scenarios/mention-bomb.yaml: @ of eleven warned, @所有人 removed; owner, leader, a member @ing three and HQ untouched', async () => {
    const { transcript: t } = await play(scenario('mention-bomb.yaml'))
    const g1 = textIn(t, 'g1@chatroom')
    expect(g1).toEqual([
      expect.stringContaining('今晚八点线上分享'),
      '@点名狂 请勿一次@很多人，再发将被移出群聊。',
      '点名狂 因滥用@，已被移出群聊。',
    ])
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_bomb', true]])
    expect(hqTexts(t).join('\n')).toContain('🚫 已将 点名狂(wxid_bomb) 移出「北京1群(g1)」：@所有人')
    expect(hqTexts(t).join('\n')).not.toContain('黑名单')
  })

  it('scenarios/bare-contact.yaml: a newcomer only @ing warned then removed; a self-introduction and a regular untouched', async () => {
    const { transcript: t } = await play(scenario('bare-contact.yaml'))
    expect(textIn(t, 'g1@chatroom')).toEqual(['@新人 请勿只@他人而不说明来意，再发将被移出群聊。', '新人 因只发联系方式或只@他人，已被移出群聊。'])
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_new', true]])
    expect(hqTexts(t).join('\n')).toContain('🚫 已将 新人(wxid_new) 移出「北京1群(g1)」：新成员只@他人')
  })

  it('in dry-run a newcomer’s bare @ and @所有人 are only reported to HQ', async () => {
    const { transcript: t } = await play(`name: bare-phone-dry
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1 }
  rules:
    dryRun: true
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    ads: { model: false }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_new, name: 新人 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, admins: [wxid_bot], members: [wxid_new, wxid_a, wxid_b] }
steps:
  - say: { room: g1@chatroom, from: wxid_new, text: "", mentions: [wxid_a, wxid_b] }
  - say: { room: g1@chatroom, from: wxid_new, text: "快来看", mentionAll: true }
  - settle: { timeout: 10s }
`)
    expect(says(t, 'g1@chatroom')).toEqual([])
    expect(removes(t)).toEqual([])
    const hq = hqTexts(t).join('\n')
    expect(hq).toContain('[演练]')
    expect(hq).toContain('新成员只@他人')
  })
})
