/**
 * Texts of the rules digest (issue 20 item 8, plugins/rules/digest.ts): one HQ message per
 * `rules.digestMs` with the warnings the rules gave, exempt members' offences (counted,
 * never acted on) and, under `rules.dryRun`, the warnings they would have given — counted
 * per group and rule first, then one line each (warnings with their case id, for
 * `#误判 R7`). Also the short names of the rules that `#报告`, the console and the digest
 * count by.
 */
import { cleanShown as c } from './shown-text'

/** One item of the rules digest, as stored until its window ends (plain data). */
export interface RuleDigestItemView {
  /** `warning`: given (has a case id); `counted`: an exempt member's, nothing done; `dry`: would have been given */
  kind: 'warning' | 'counted' | 'dry'
  rule: string
  groupLabel: string
  memberId: string
  memberName: string
  reason: string
  evidence?: string
  /** what the member wrote (an ad's text) */
  text?: string
  /** the warning's case: `#误判 R7` takes its strike back */
  caseId?: string
  /** the member's strikes once warned */
  strikes?: number
  /** `counted`: why the member is exempt (owner, admin, leader, hq-role, exempt) */
  exemptAs?: string
}

/** Short names of the rules, as counts read them; a rule not named here shows as its key. */
export const ruleKindNames: Record<string, string> = {
  ad: '广告',
  crossGroup: '多群重复',
  flood: '刷屏',
  repeat: '重复发送',
  mentions: '滥用@',
  bare: '只发联系方式/只@',
  newcomer: '新成员发链接',
  voice: '长语音',
  nickname: '群昵称',
  intro: '自我介绍',
  watchWord: '关注词',
}

export const ruleKindName = (rule: string) => ruleKindNames[rule] ?? rule

const exemptNames: Record<string, string> = { owner: '群主', admin: '管理员', leader: '群负责人', 'hq-role': '总部成员', exempt: '豁免名单', bot: '机器人' }

/** `刷屏 2 · 广告 1`, the biggest first (ties by name), or undefined when nothing counted */
export function formatOffenceCounts(counts: Readonly<Record<string, number>>): string | undefined {
  const entries = Object.entries(counts).filter(([, n]) => n > 0)
  if (entries.length === 0) return undefined
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  return entries.map(([rule, n]) => `${ruleKindName(rule)} ${n}`).join(' · ')
}

/** Items shown one a line in one digest; the rest are counted in the head and named by number. */
export const DIGEST_MAX_LINES = 30

const who = (i: Pick<RuleDigestItemView, 'memberName' | 'memberId'>) => `${c(i.memberName) || '（无名）'}(${c(i.memberId)})`

function excerpt(text: string, max = 60): string {
  const chars = Array.from(c(text.trimStart().slice(0, max * 8)).replace(/\s+/g, ' '))
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : chars.join('')
}

function itemLine(i: RuleDigestItemView): string {
  const group = c(i.groupLabel)
  const strikes = i.strikes ? `（第 ${i.strikes} 次）` : ''
  switch (i.kind) {
    case 'warning': {
      // what the member wrote (an ad's text), else what the rule found
      const shown = i.text ? `\n内容：${excerpt(i.text)}` : i.evidence ? `\n证据：${excerpt(i.evidence)}` : ''
      return `⚠️ [${i.caseId ?? ''}] 已在「${group}」警告 ${who(i)}${strikes}：${c(i.reason)}${shown}\n误判请回复 #误判 ${i.caseId ?? ''}`
    }
    case 'dry':
      return `[演练] ⚠️ 将在「${group}」警告 ${who(i)}${strikes}：${c(i.reason)}${i.evidence ? `\n证据：${c(i.evidence)}` : ''}`
    case 'counted':
      return `📝 「${group}」 ${who(i)}（${exemptNames[i.exemptAs ?? ''] ?? '豁免'}，只记录不处理）：${c(i.reason)}`
  }
}

const kindNames: Record<RuleDigestItemView['kind'], string> = { warning: '警告', counted: '只记录', dry: '演练' }

export const rulesDigestMessages = {
  /**
   * One HQ message for a window's items, in arrival order. A window of one item is that
   * item's line alone (as `rules.digestMs: 0` sends each); more get a head with the counts
   * per group and rule.
   */
  digest: (items: readonly RuleDigestItemView[]): string | undefined => {
    if (items.length === 0) return undefined
    const lines = items.slice(0, DIGEST_MAX_LINES).map(itemLine)
    if (items.length === 1) return lines[0]
    const byKind = (['warning', 'counted', 'dry'] as const)
      .map((k) => [k, items.filter((i) => i.kind === k).length] as const)
      .filter(([, n]) => n > 0)
      .map(([k, n]) => `${kindNames[k]} ${n}`)
      .join('，')
    const groups = new Map<string, Map<string, number>>()
    for (const i of items) {
      const rules = groups.get(i.groupLabel) ?? new Map<string, number>()
      const key = `${ruleKindName(i.rule)} ${kindNames[i.kind]}`
      rules.set(key, (rules.get(key) ?? 0) + 1)
      groups.set(i.groupLabel, rules)
    }
    const counts = [...groups].map(([g, rules]) => `「${c(g)}」 ${[...rules].map(([k, n]) => `${k} ${n}`).join(' · ')}`)
    const more = items.length > DIGEST_MAX_LINES ? [`……另有 ${items.length - DIGEST_MAX_LINES} 条未列出`] : []
    return [`🗂 群规汇总 ${items.length} 条（${byKind}）`, ...counts, '', lines.join('\n\n'), ...more].join('\n')
  },
  /** `#报告`'s line of one group's (or many groups') offences in 7 days */
  offencesLine: (acted: Readonly<Record<string, number>>, exempt: Readonly<Record<string, number>>): string | undefined => {
    const a = formatOffenceCounts(acted)
    const e = formatOffenceCounts(exempt)
    if (!a && !e) return undefined
    return `7天违规: ${a ?? '无'}${e ? `（豁免成员只记录: ${e}）` : ''}`
  },
}
