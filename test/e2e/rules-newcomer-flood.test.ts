import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Redis from 'ioredis'
import { deleteKeysWithPrefix } from '../../src/store/delete-prefix'
import { createKeys } from '../../src/store/keys'
import { dayRange } from '../../src/core/analytics/day-math'
import { dayKey } from '../../src/core/time-window'
import { createOffenceCounts } from '../../src/store/offence-counts'
import type { TranscriptLine } from '../../src/sim/world'
import { hqTexts, play, REDIS_URL, says, textIn } from '../helpers/scenario'

/**
 * Issue 20 items 1, 3, 6 and 10 end to end on the simulated world and a real Redis: a flooder
 * who goes on after the warning is removed, a newcomer's link or contact removes at once, an
 * exempt member's offences are counted and never acted on, and the "not to act on"
 * cases stay untouched (a leader's 12 messages, a member's 6, an old member's one link, a
 * newcomer's self-introduction, HQ's broadcast).
 */
const removes = (t: TranscriptLine[]) => t.filter((l) => l.type === 'remove').map((l) => [l.room, l.contact, l.ok])
const scenario = (name: string) => readFileSync(join(__dirname, '..', '..', 'scenarios', name), 'utf8')

describe('issue 20: flood after a warning, newcomers, exempt offences counted', () => {
  it('scenarios/flood-after-warning.yaml: warned on the 11th, removed on the 21st; a leader’s 12 and a member’s 6 untouched', async () => {
    const { transcript: t } = await play(scenario('flood-after-warning.yaml'))
    const g1 = says(t, 'g1@chatroom')
    expect(g1[0]).toMatchObject({ text: '@刷屏者 请勿刷屏，再发将被移出群聊。', mentions: ['wxid_flood'] })
    expect(textIn(t, 'g1@chatroom')).toEqual(['@刷屏者 请勿刷屏，再发将被移出群聊。', '刷屏者 因刷屏，已被移出群聊。'])
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_flood', true]])
    const hq = hqTexts(t).join('\n')
    expect(hq).toContain('🚫 已将 刷屏者(wxid_flood) 移出「北京1群(g1)」：刷屏')
    expect(hq).not.toContain('黑名单')
    expect(hq).not.toContain('群主持')
  })

  it('scenarios/newcomer.yaml: a newcomer’s link removed at once; an old member’s link warned; a self-introduction untouched', async () => {
    const { transcript: t } = await play(scenario('newcomer.yaml'))
    expect(removes(t)).toEqual([['g1@chatroom', 'wxid_new', true]])
    const g1 = textIn(t, 'g1@chatroom')
    // no warning before the removal: the only warning is the old member's
    expect(g1.filter((x) => x.startsWith('@'))).toEqual(['@老成员 请勿发广告（发现链接），再发将被移出群聊。'])
    expect(g1).toContain('新人甲 因新成员入群即发广告，已被移出群聊。')
    expect(g1.join('\n')).not.toContain('王五')
    const hq = hqTexts(t).join('\n')
    expect(hq).toContain('已将 新人甲(wxid_new) 移出「北京1群(g1)」：新成员发链接')
    expect(hq).toContain('黑名单')
    expect(hq).not.toContain('王五')
  })

  it('a member whose join the bot did not see: new while fewer than 3 messages were seen (a phone on the 1st removes, on the 4th warns)', async () => {
    const prefix = `qunhq-test-unseen-${process.pid}-${Date.now()}`
    const redis = new Redis(REDIS_URL)
    try {
      const { transcript: t } = await play(
        `name: newcomer-unseen
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1 }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_away, name: 新人乙 }, { id: wxid_talk, name: 话多 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, admins: [wxid_bot], members: [wxid_away, wxid_talk, wxid_a] }
steps:
  - say: { room: g1@chatroom, from: wxid_a, text: "早上好" }
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_talk, text: "今天天气不错" }
  - say: { room: g1@chatroom, from: wxid_talk, text: "大家吃了吗" }
  - say: { room: g1@chatroom, from: wxid_talk, text: "我先去忙了" }
  - settle: { timeout: 10s }
  - say: { room: g1@chatroom, from: wxid_talk, text: "有需要的联系 13912345678" }
  - say: { room: g1@chatroom, from: wxid_away, text: "有需要的联系 13812345678" }
  - settle: { timeout: 10s }
`,
        {
          prefix,
          keepKeys: true,
          // both joined while the bot was away: not in the roster it took, no join seen
          afterStep: async (i) => {
            if (i === 1) await redis.zrem(createKeys(prefix).roster('g1@chatroom'), 'wxid_away', 'wxid_talk')
          },
        },
      )
      expect(removes(t)).toEqual([['g1@chatroom', 'wxid_away', true]])
      expect(textIn(t, 'g1@chatroom').filter((x) => x.startsWith('@'))).toEqual([expect.stringContaining('@话多 请勿发广告')])
      expect(hqTexts(t).join('\n')).toContain('未见入群，群内第 1 条消息')
    } finally {
      await redis.quit()
      await deleteKeysWithPrefix(REDIS_URL, prefix)
    }
  })

  it('exempt members flood, link and @所有人: counted per group and rule, never acted on; HQ’s broadcast and the bot’s own lines are not counted', async () => {
    const prefix = `qunhq-test-exempt-${process.pid}-${Date.now()}`
    const { transcript: t } = await play(
      `name: exempt-counted
config:
  hq: { rooms: [hq@chatroom] }
  roles: { admin: [wxid_op1] }
  groups:
    list:
      - { room: g1@chatroom, key: g1, leaders: [wxid_leader] }
  rules:
    welcome: { enabled: false }
    nickname: { enabled: false }
    intro: { enabled: false }
    flood: { messages: 10, windowMs: 60000 }
  outbound: { minIntervalMs: 30, jitterMs: 0, quietHours: "" }
world:
  bot: { id: wxid_bot, name: 群助手 }
  contacts: [{ id: wxid_leader, name: 群主持 }]
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1] }
    - { id: g1@chatroom, topic: 北京1群, owner: wxid_owner, admins: [wxid_bot], members: [wxid_leader, wxid_a] }
steps:
  - burst: { room: g1@chatroom, from: wxid_leader, count: 12, text: "讨论第{i}点" }
  - say: { room: g1@chatroom, from: wxid_leader, text: "报名链接 https://signup.example/x" }
  - say: { room: g1@chatroom, from: wxid_owner, text: "今晚开会", mentionAll: true }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#广播 群:g1 今晚八点开课 https://course.example/x" }
  - settle: { timeout: 20s }
`,
      { prefix, keepKeys: true },
    )
    const redis = new Redis(REDIS_URL)
    try {
      const counts = await createOffenceCounts(redis, createKeys(prefix)).sum('g1@chatroom', dayRange(dayKey(Date.now(), 'Asia/Shanghai'), 2))
      expect(counts.exempt).toEqual({ flood: 1, ad: 1, mentions: 1 })
      expect(counts.acted).toEqual({})
      expect(removes(t)).toEqual([])
      // the broadcast went out, and nothing was said to anyone about it or the rest
      expect(textIn(t, 'g1@chatroom')).toEqual(['今晚八点开课 https://course.example/x'])
    } finally {
      await redis.quit()
      await deleteKeysWithPrefix(REDIS_URL, prefix)
    }
  })
})
