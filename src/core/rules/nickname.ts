import { NICKNAME_MAX_CHARS } from '../../config/text-caps'
import type { RulesPolicy } from '../../config/schema'
import { rulesMessages } from '../../texts/rules'
import type { MemberInfo } from '../types'
import { shownName } from './shown-name'
import type { VerdictOf } from './checks/check'

export type NicknamePolicy = RulesPolicy['nickname']

/** `empty`: no group nickname and a blank WeChat name; `format`: does not match the pattern. */
export type NicknameProblem = 'empty' | 'format'

export type NicknameCheck =
  | { ok: true; shown: string }
  | { ok: false; problem: NicknameProblem; shown: string }


const MAX_CACHED = 64
const compiled = new Map<string, RegExp>()

/**
 * The nickname pattern compiled with flag `u` (as the config schema validates it), cached:
 * patterns come from config, so there are few, and every message would compile one.
 */
export function nicknameRegex(pattern: string): RegExp {
  let re = compiled.get(pattern)
  if (!re) {
    re = new RegExp(pattern, 'u')
    if (compiled.size >= MAX_CACHED) compiled.clear()
    compiled.set(pattern, re)
  }
  return re
}

/**
 * Dashes a Chinese keyboard types instead of `-` (全角－, 破折号—, en dash …). 「北京—张三—教育」
 * reads exactly like 「北京-张三-教育」, so a pattern written with `-` accepts them too.
 */
const DASHES = /[\u2010-\u2015\u2212\u2500\u2501\ufe58\ufe63\uff0d]/gu

/**
 * Whether the member's name fits `policy.pattern`. Checked against the group nickname, or
 * the WeChat name when there is none; surrounding spaces are ignored. A disabled rule
 * passes everyone.
 */
export function checkNickname(member: Pick<MemberInfo, 'name' | 'alias'>, policy: NicknamePolicy): NicknameCheck {
  const shown = shownName(member)
  if (!policy.enabled) return { ok: true, shown }
  if (shown === '') return { ok: false, problem: 'empty', shown }
  const re = nicknameRegex(policy.pattern)
  const name = shown.slice(0, NICKNAME_MAX_CHARS)
  if (re.test(name)) return { ok: true, shown }
  const dashed = name.replace(DASHES, '-')
  if (dashed !== name && re.test(dashed)) return { ok: true, shown }
  return { ok: false, problem: 'format', shown }
}

export interface NicknameVerdictInput {
  member: MemberInfo
  roomId: string
  policy: RulesPolicy
  /** nickname strikes so far for this member in this room (counted under `action: warn | remove`) */
  strikes: number
  now: number
  /** when the member joined; undefined when unknown (already there when the bot came): no grace */
  joinedAt: number | undefined
  exempt?: boolean
}

/**
 * What a bad nickname earns, following `nickname.action`:
 * - `remind`: a reminder, every time (the caller rate-limits how often it asks).
 * - `warn`: a reminder first, then warnings; strikes are counted but nobody is removed.
 * - `remove`: a reminder first, then `ads.warnings` warnings (the config's one warning
 *   count), then removal. So `warnings: 0` still reminds once before removing: a wrong
 *   nickname is a newcomer's slip, not an ad.
 * Nothing during `graceMs` after joining, nothing for exempt members, nothing when the
 * nickname fits.
 */
export function nicknameVerdict(input: NicknameVerdictInput): VerdictOf<'nickname'> | undefined {
  const { member, roomId, policy, now, joinedAt } = input
  const nickname = policy.nickname
  if (input.exempt || !nickname.enabled) return undefined
  if (joinedAt !== undefined && now < joinedAt + nickname.graceMs) return undefined
  const check = checkNickname(member, nickname)
  if (check.ok) return undefined

  const before = Number.isFinite(input.strikes) ? Math.max(0, Math.floor(input.strikes)) : 0
  const memberName = shownName(member)
  const base = {
    rule: 'nickname' as const,
    memberId: member.id,
    roomId,
    memberName,
    reason: rulesMessages.reasons.nickname,
    evidence: rulesMessages.evidence.nickname(check.shown),
  }
  const say = (text: string) => ({ text, mentionIds: [member.id] })

  switch (nickname.action) {
    case 'remind':
      return { ...base, kind: 'remind', notice: say(rulesMessages.nicknameReminder(nickname.example, false)) }
    case 'warn':
      if (before === 0) return { ...base, kind: 'remind', strikes: 1, notice: say(rulesMessages.nicknameReminder(nickname.example, false)) }
      return { ...base, kind: 'warn', strikes: before + 1, notice: say(rulesMessages.nicknameWarning(nickname.example, undefined)) }
    case 'remove': {
      const warnings = policy.ads.warnings
      if (before === 0) {
        return { ...base, kind: 'remind', strikes: 1, warningsLeft: warnings, notice: say(rulesMessages.nicknameReminder(nickname.example, true)) }
      }
      if (before <= warnings) {
        const left = warnings - before
        return { ...base, kind: 'warn', strikes: before + 1, warningsLeft: left, notice: say(rulesMessages.nicknameWarning(nickname.example, left)) }
      }
      return {
        ...base,
        kind: 'remove',
        reason: rulesMessages.removedFor.nickname,
        strikes: before + 1,
        warningsLeft: 0,
        notice: { text: rulesMessages.removedNotice(memberName, rulesMessages.removedFor.nickname), mentionIds: [] },
      }
    }
  }
}

export interface NicknameAuditRow {
  member: MemberInfo
  problem: NicknameProblem
  shown: string
}

/** The members whose nickname does not fit, in the order given; exempt members are left out. */
export function nicknameAudit(
  members: readonly MemberInfo[],
  exempt: (memberId: string) => boolean,
  policy: NicknamePolicy,
): NicknameAuditRow[] {
  if (!policy.enabled) return []
  const rows: NicknameAuditRow[] = []
  for (const member of members) {
    if (exempt(member.id)) continue
    const check = checkNickname(member, policy)
    if (!check.ok) rows.push({ member, problem: check.problem, shown: check.shown })
  }
  return rows
}
