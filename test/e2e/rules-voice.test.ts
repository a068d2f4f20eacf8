import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play, says, textIn } from '../helpers/scenario'

/**
 * The voice rule (issue 18, the worked example of a new check) end to end: the real bot on
 * the simulated WeChat and a real Redis. The simulated puppet hands a voice over as WeChat's
 * XML, as puppet-padlocal does, so the adapter's reading of the length is exercised too.
 */
const removes = (t: TranscriptLine[]) => t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])

describe('voice messages longer than rules.voice.maxSeconds', () => {
  it('scenarios/voice-limit.yaml: 75 s warned, 30 s untouched, 75 s again removed; a group without the rule untouched', async () => {
    const yaml = readFileSync(join(__dirname, '..', '..', 'scenarios', 'voice-limit.yaml'), 'utf8')
    const { transcript: t } = await play(yaml)
    const g1 = says(t, 'g1@chatroom')
    expect(g1[0]).toMatchObject({ text: '@talker 请勿发送超过 60 秒的语音，长内容请改发文字，再发将被移出群聊。', mentions: ['wxid_talker'] })
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_talker', true]])
    expect(g1[0]!.t).toBeLessThan(t.find((l) => l.type === 'remove')!.t)
    // the warning, then the notice after the removal: nothing for the 30 s voice
    expect(textIn(t, 'g1@chatroom')).toHaveLength(2)
    expect(textIn(t, 'g1@chatroom').at(-1)).toBe('talker 因多次发送过长语音，已被移出群聊。')
    expect(hqTexts(t)).toContain('🚫 已将 talker(wxid_talker) 移出「北京1群(g1)」：语音超过 60 秒\n证据：语音 75 秒')
    // not spam: no blacklist, nothing in g2
    expect(hqTexts(t).join('\n')).not.toContain('黑名单')
    expect(says(t, 'g2@chatroom')).toEqual([])
  })

  it('action: report tells HQ and does nothing in the group; a voice within the limit is not reported', async () => {
    const { transcript: t } = await play(`name: voice-report
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1, rules: { voice: { maxSeconds: 60, action: report } } }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_talker, name: 老王 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, admins: [wxid_bot], members: [wxid_talker] }
steps:
  - say: { room: g1@chatroom, from: wxid_talker, voice: { seconds: 75 } }
  - say: { room: g1@chatroom, from: wxid_talker, voice: { seconds: 60 } }
  - say: { room: g1@chatroom, from: wxid_talker, voice: { seconds: 90 } }
  - settle: { timeout: 10s }
`)
    expect(says(t, 'g1@chatroom')).toEqual([])
    expect(removes(t)).toEqual([])
    expect(hqTexts(t)).toEqual([
      '📋 「北京1群(g1)」 老王(wxid_talker)：语音超过 60 秒\n证据：语音 75 秒',
      '📋 「北京1群(g1)」 老王(wxid_talker)：语音超过 60 秒\n证据：语音 90 秒',
    ])
  })
})
