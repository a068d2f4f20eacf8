import { DIGEST_MAX_LINES, formatOffenceCounts, rulesDigestMessages, type RuleDigestItemView } from '../../src/texts/rules-digest'

/** The rules digest's text (issue 20 item 8): the counts per group and rule, then the lines, capped. */
const item = (over: Partial<RuleDigestItemView>): RuleDigestItemView => ({
  kind: 'warning',
  rule: 'flood',
  groupLabel: '北京1群(g1)',
  memberId: 'wxid_a',
  memberName: '小A',
  reason: '刷屏（10秒内超过 10 条）',
  caseId: 'R1',
  strikes: 1,
  ...over,
})

describe('rules digest texts', () => {
  it('one item is its line alone; an exempt member’s offence says who they are and that nothing was done', () => {
    expect(rulesDigestMessages.digest([])).toBeUndefined()
    expect(rulesDigestMessages.digest([item({})])).toBe('⚠️ [R1] 已在「北京1群(g1)」警告 小A(wxid_a)（第 1 次）：刷屏（10秒内超过 10 条）\n误判请回复 #误判 R1')
    expect(rulesDigestMessages.digest([item({ kind: 'counted', rule: 'mentions', reason: '@所有人', exemptAs: 'leader', caseId: undefined, strikes: undefined })])).toBe(
      '📝 「北京1群(g1)」 小A(wxid_a)（群负责人，只记录不处理）：@所有人',
    )
  })

  it('many items: a head with the kinds, the counts per group and rule, and at most DIGEST_MAX_LINES lines', () => {
    const items = [
      ...Array.from({ length: DIGEST_MAX_LINES + 5 }, (_, i) => item({ caseId: `R${i + 1}`, memberId: `wxid_${i}` })),
      item({ kind: 'counted', rule: 'mentions', groupLabel: '北京2群(g2)', caseId: undefined }),
      item({ kind: 'dry', rule: 'ad', groupLabel: '北京2群(g2)', caseId: undefined, evidence: '链接 https://x.example' }),
    ]
    const text = rulesDigestMessages.digest(items)!
    const lines = text.split('\n')
    expect(lines[0]).toBe(`🗂 群规汇总 ${items.length} 条（警告 ${DIGEST_MAX_LINES + 5}，只记录 1，演练 1）`)
    expect(lines[1]).toBe(`「北京1群(g1)」 刷屏 警告 ${DIGEST_MAX_LINES + 5}`)
    expect(lines[2]).toBe('「北京2群(g2)」 滥用@ 只记录 1 · 广告 演练 1')
    expect(text.match(/^⚠️ \[R\d+\]/gm)).toHaveLength(DIGEST_MAX_LINES)
    expect(lines.at(-1)).toBe(`……另有 ${items.length - DIGEST_MAX_LINES} 条未列出`)
  })

  it('offence counts read biggest first; #报告’s line shows exempt members’ apart', () => {
    expect(formatOffenceCounts({})).toBeUndefined()
    expect(formatOffenceCounts({ ad: 1, flood: 3, mentions: 0 })).toBe('刷屏 3 · 广告 1')
    expect(rulesDigestMessages.offencesLine({ flood: 2 }, { mentions: 1 })).toBe('7天违规: 刷屏 2（豁免成员只记录: 滥用@ 1）')
    expect(rulesDigestMessages.offencesLine({}, {})).toBeUndefined()
  })
})
