import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { play, textIn } from '../helpers/scenario'

describe('dry-run', () => {
  it('scenarios/dry-run.yaml: nothing happens in groups; HQ is told what would have, and nobody is blacklisted', async () => {
    const { transcript: t } = await play(readFileSync(join(__dirname, '..', '..', 'scenarios', 'dry-run.yaml'), 'utf8'))
    expect(t.filter((l) => l.room !== 'hq@chatroom')).toEqual([])
    const hq = textIn(t, 'hq@chatroom')
    const expected = [
      /^\[演练\] ⚠️ 将在「北京1群」警告 北京-小广-销售\(wxid_spam\)（第 1 次）：发广告（链接）\n证据：链接 https:\/\/coupon\.example\/x$/,
      /^\[演练\] 🚫 将把 北京-小广-销售\(wxid_spam\) 移出「北京1群」：发广告（链接），并加入黑名单（所有管理的群）\n证据：链接 https:\/\/coupon\.example\/y$/,
      /^\[演练\] 👋 将在「北京1群」欢迎 小新$/,
      /^\[演练\] 💬 将在「北京1群」提醒 小新\(wxid_new\)：群昵称不符合格式\n证据：当前昵称：小新$/,
      /^\[演练\] ⚠️ 将在「北京1群」警告 小新\(wxid_new\)（第 2 次）：群昵称不符合格式/,
      /^\[演练\] 🚫 将把 小新\(wxid_new\) 移出「北京1群」：群昵称多次提醒仍未修改/,
      /^\[演练\] 💬 将在「北京1群」提醒 小新\(wxid_new\)：还没有自我介绍$/,
      /^\[演练\] 🚫 将把 小新\(wxid_new\) 移出「北京1群」：入群 1秒 未做自我介绍$/,
    ]
    for (const re of expected) expect(hq.filter((x) => re.test(x))).toHaveLength(1)
    // those, and the answer to #黑名单列表: the dry run banned nobody
    expect(hq).toHaveLength(expected.length + 1)
    expect(hq.at(-1)).toBe('黑名单是空的。')
  })
})
