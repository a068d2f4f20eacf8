import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { commandLookup } from '../../../src/core/commands/command-spec'
import { parseCommand } from '../../../src/core/commands/parse-command'
import { announceCommand } from '../../../src/plugins/announce/announce-command'
import { announceTexts } from '../../../src/plugins/announce/texts'
import { play, says, textIn } from '../../helpers/scenario'

const world = (confirmAbove: number) => `
config:
  hq: { rooms: [hq@chatroom], confirmAbove: ${confirmAbove} }
  roles: { operator: [wxid_op1], viewer: [wxid_view] }
  groups:
    list:
      - { room: bj1@chatroom, key: bj1, tags: [北京] }
      - { room: bj2@chatroom, key: bj2, tags: [北京] }
      - { room: sh1@chatroom, key: sh1, tags: [上海] }
  outbound: { minIntervalMs: 50, jitterMs: 0, quietHours: "" }
  rules: { welcome: { enabled: false }, nickname: { enabled: false }, intro: { enabled: false } }
world:
  rooms:
    - { id: hq@chatroom, topic: 运营总部, members: [wxid_op1, wxid_view] }
    - { id: bj1@chatroom, topic: 北京1群, members: [wxid_a] }
    - { id: bj2@chatroom, topic: 北京2群, owner: wxid_c, members: [wxid_c] }
    - { id: sh1@chatroom, topic: 上海1群, owner: wxid_d, admins: [wxid_bot], members: [wxid_d] }
`

describe('#群公告: parsing', () => {
  const commands = commandLookup(() => [announceCommand])
  it.each([
    ['#群公告 全部 本周六改线上', { name: 'announce', target: { kind: 'all' }, text: '本周六改线上' }],
    ['/announce tag:北京 第一行\n第二行', { name: 'announce', target: { kind: 'tags', tags: ['北京'] }, text: '第一行\n第二行' }],
  ])('%j', (text, command) => {
    expect(parseCommand(text, commands)).toEqual({ kind: 'ok', command })
  })

  it.each([
    ['#群公告', '缺少目标'],
    ['#群公告 全部', '缺少内容'],
    ['#群公告 北京 你好', '目标'],
  ])('%j is refused with its usage (%s)', (text, reason) => {
    const result = parseCommand(text, commands)
    expect(result).toEqual({ kind: 'error', name: 'announce', message: expect.stringContaining(reason) })
    expect(result.kind === 'error' && result.message).toContain(`用法: ${announceTexts.usage}`)
  })
})

describe('#群公告 in the simulated world', () => {
  it('sets each target group’s announcement once, paced, and names the group where the bot is neither owner nor admin', async () => {
    const { transcript: t } = await play(readFileSync(join(__dirname, '..', '..', '..', 'scenarios', 'announce.yaml'), 'utf8'))
    const announces = t.filter((l) => l.type === 'announce')
    expect(announces.map((l) => [l.room, l.text, l.ok])).toEqual(
      expect.arrayContaining([
        ['bj1@chatroom', '北京1群：本周六读书会改到线上', true],
        ['bj2@chatroom', '北京2群：本周六读书会改到线上', false],
        ['sh1@chatroom', '上海1群：本周六读书会改到线上', true],
      ]),
    )
    // exactly once per group: a refusal is permanent, never retried
    expect(announces).toHaveLength(3)
    // an announcement is not a message in the group
    expect(t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')).toHaveLength(0)
    const hq = textIn(t, 'hq@chatroom')
    expect(hq[0]).toBe('无权限: #群公告 需要 operator')
    expect(hq[1]).toMatch(/^📌 B1 群公告已开始：设置 3 个群/)
    expect(says(t, 'hq@chatroom')[1]!.t).toBeLessThan(announces[0]!.t)
    const report = hq.at(-1) ?? ''
    expect(report).toMatch(/B1 完成：送达 2\/3 个群，失败 1，不确定 0/)
    expect(report).toContain('失败: 北京2群(群主或管理员才能发布群公告)')
  })

  it('waits for #确认 above hq.confirmAbove, answers #进度, and #取消 sends nothing', async () => {
    const { transcript: t } = await play(`name: announce-confirm
${world(1)}
steps:
  - say: { room: hq@chatroom, from: wxid_op1, text: "#群公告 标签:北京 先确认再发" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#进度 B1" }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#确认 B1" }
  - settle: { timeout: 20s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "/announce 全部 不发了" }
  - settle: { timeout: 10s }
  - say: { room: hq@chatroom, from: wxid_op1, text: "#取消 B2" }
  - settle: { timeout: 10s }
`)
    const hq = textIn(t, 'hq@chatroom')
    expect(hq[0]).toMatch(/^⏸ B1 将设置 2 个群的群公告（北京1群、北京2群）/)
    expect(hq).toContainEqual(expect.stringMatching(/^📣 B1（等待确认）/))
    expect(hq).toContainEqual(expect.stringMatching(/B1 完成：送达 1\/2 个群，失败 1/))
    expect(hq).toContainEqual(expect.stringMatching(/^⏸ B2 将设置 3 个群的群公告/))
    expect(hq.at(-1)).toBe('🛑 B2 已取消，没有发送。')
    const announces = t.filter((l) => l.type === 'announce')
    expect(announces.map((l) => l.text)).toEqual(['先确认再发', '先确认再发'])
  })
})
