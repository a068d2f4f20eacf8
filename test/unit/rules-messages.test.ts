import type { Verdict } from '../../src/core/rules'
import { rulesMessages } from '../../src/texts'

const v = (over: Partial<Verdict>): Verdict => ({
  kind: 'warn',
  rule: 'ad',
  memberId: 'wxid_u1',
  roomId: 'g1@chatroom',
  memberName: '张三',
  reason: '发广告（链接）',
  evidence: '链接 https://x.cn/a',
  ...over,
})

describe('rulesMessages.hqVerdicts', () => {
  it.each<[string, Verdict[], boolean, string | undefined]>([
    ['removal with blacklist and evidence', [v({ kind: 'remove' }), v({ kind: 'blacklist' })], false,
      '🚫 已将 张三(wxid_u1) 移出「北京1群」：发广告（链接），并加入黑名单（所有管理的群）\n证据：链接 https://x.cn/a'],
    ['removal without blacklist', [v({ kind: 'remove', rule: 'flood', reason: '刷屏（10秒内超过 10 条）', evidence: '10秒内 11 条' })], false,
      '🚫 已将 张三(wxid_u1) 移出「北京1群」：刷屏（10秒内超过 10 条）\n证据：10秒内 11 条'],
    ['dry-run removal', [v({ kind: 'remove' }), v({ kind: 'blacklist' })], true,
      '[演练] 🚫 将把 张三(wxid_u1) 移出「北京1群」：发广告（链接），并加入黑名单（所有管理的群）\n证据：链接 https://x.cn/a'],
    ['a warning is not reported live', [v({ strikes: 1 })], false, undefined],
    ['a warning is reported in dry-run', [v({ strikes: 1 })], true,
      '[演练] ⚠️ 将在「北京1群」警告 张三(wxid_u1)（第 1 次）：发广告（链接）\n证据：链接 https://x.cn/a'],
    ['a reminder is reported in dry-run', [v({ kind: 'remind', rule: 'nickname', reason: '群昵称不符合格式', evidence: '当前昵称：Tom' })], true,
      '[演练] 💬 将在「北京1群」提醒 张三(wxid_u1)：群昵称不符合格式\n证据：当前昵称：Tom'],
    ['a watch-word alert reads the same in dry-run', [v({ kind: 'alert-hq', rule: 'watchWord', reason: '提到关注词「退款」', evidence: '我要退款' })], true,
      '👀 「北京1群」 张三(wxid_u1) 提到关注词「退款」：我要退款'],
    ['an intro report', [v({ kind: 'report', rule: 'intro', reason: '入群 24小时 未做自我介绍', evidence: undefined })], false,
      '📋 「北京1群」 张三(wxid_u1)：入群 24小时 未做自我介绍'],
    ['nothing', [], false, undefined],
  ])('%s', (_name, verdicts, dryRun, expected) => {
    expect(rulesMessages.hqVerdicts('北京1群', verdicts, dryRun)).toBe(expected)
  })
})

describe('rulesMessages.nicknameAudit', () => {
  it.each<[string, Array<{ id: string; shown: string }>, number, string]>([
    ['everyone fits', [], 50, '✅ 「北京1群」所有成员的群昵称都符合格式（北京-张三-教育）。'],
    ['two do not', [{ id: 'b', shown: 'Tom' }, { id: 'd', shown: '' }], 50,
      '📝 「北京1群」群昵称不符合格式的成员 2 人（格式示例：北京-张三-教育）：\n1. Tom(b)\n2. （空）(d)'],
    ['a long list is cut', [{ id: 'a', shown: 'A' }, { id: 'b', shown: 'B' }, { id: 'c', shown: 'C' }], 2,
      '📝 「北京1群」群昵称不符合格式的成员 3 人（格式示例：北京-张三-教育）：\n1. A(a)\n2. B(b)\n…还有 1 人'],
  ])('%s', (_name, rows, max, expected) => {
    expect(rulesMessages.nicknameAudit('北京1群', '北京-张三-教育', rows, max)).toBe(expected)
  })
})

describe('rulesMessages member texts', () => {
  it.each<[string, string]>([
    [rulesMessages.adWarning([{ kind: 'contact', evidence: '13812345678' }, { kind: 'qrImage', evidence: '二维码图片' }], 0), '请勿发广告（发现二维码、联系方式），再发将被移出群聊。'],
    [rulesMessages.crossGroupWarning(1), '请勿在多个群重复发送相同内容，再违规 2 次将被移出群聊。'],
    [rulesMessages.removedNotice('张三', rulesMessages.removedFor.ad), '张三 因发广告，已被移出群聊。'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected)
  })

  it('never repeats a spammer’s number or link to the group', () => {
    const text = rulesMessages.adWarning([{ kind: 'contact', evidence: '13812345678' }, { kind: 'link', evidence: 'https://x.cn' }], 0)
    expect(text).not.toContain('13812345678')
    expect(text).not.toContain('x.cn')
  })

  it('quotes member text on one short line', () => {
    expect(rulesMessages.excerpt('第一行\n第二行', 60)).toBe('第一行 第二行')
    expect(rulesMessages.excerpt('一二三四五', 3)).toBe('一二三…')
  })
})
