import { adCheck } from './ad'
import { bareCheck } from './bare'
import type { Check, SpamCheck } from './check'
import { crossGroupCheck } from './cross-group'
import { floodCheck } from './flood'
import { mentionsCheck } from './mentions'
import { newcomerCheck } from './newcomer'
import { nicknameCheck } from './nickname'
import { repeatCheck } from './repeat'
import { voiceCheck } from './voice'
import { watchWordCheck } from './watch-word'

/**
 * Every check on a group message, in the order they are evaluated (`evaluateMessage`): the
 * spam checks first (one escalation step for all they find), then the rules with their own
 * policy (the first that gives a verdict is the message's one telling-off), then the checks
 * exempt senders get too. `RuleName` and the spam set come from this list.
 *
 * Adding a rule (voice.ts is the worked example): its check in a file here and one line in
 * this list; its config section key (config/sections/rules.ts, schema and override); its
 * texts (texts/rules.ts: warning, reason, evidence, `removedFor`); its tests. When the
 * message needs a field the adapter does not read yet: core/types.ts, wechat/to-inbound.ts,
 * and the simulator's content (sim/world.ts, scenario-schema.ts, run-scenario.ts,
 * puppet-sim.ts). Strikes of its own: `counted`, nothing else to wire.
 */
export const CHECKS = [newcomerCheck, adCheck, crossGroupCheck, floodCheck, repeatCheck, mentionsCheck, bareCheck, voiceCheck, nicknameCheck, watchWordCheck] as const

/** Every rule a verdict may name: the checks', and the intro deadline (core/rules/intro.ts), which runs on a timer, not on a message. */
export type RuleName = (typeof CHECKS)[number]['rule'] | 'intro'

export type SpamRule = Extract<(typeof CHECKS)[number], { spam: true }>['rule']

const spamChecks = CHECKS.filter((c): c is Extract<(typeof CHECKS)[number], { spam: true }> => c.spam)

/** The rules whose offences share the spam strike count (a spammer's message is not a question for HQ). */
export const SPAM_RULES: ReadonlySet<RuleName> = new Set<RuleName>(spamChecks.map((c) => c.rule))

/** The spam check of `rule`. */
export function spamCheckOf(rule: SpamRule): SpamCheck<SpamRule> {
  return spamChecks.find((c) => c.rule === rule) as SpamCheck<SpamRule>
}

/** The check of `rule`, when a message check has that name (intro has none). */
export function checkOf(rule: RuleName): Check<RuleName> | undefined {
  return CHECKS.find((c) => c.rule === rule) as Check<RuleName> | undefined
}

export type { Check, MessageInput, Offence, RuleCheck, SpamCheck, VerdictOf } from './check'
export { verdictBase } from './check'
export { adAssessmentOf, adCheck, adOffence, writtenText } from './ad'
export { newcomerCheck, newcomerSince } from './newcomer'
export { crossGroupCheck, crossGroupKey } from './cross-group'
export { floodCheck, floodFiresOnLast } from './flood'
export { mentionsCheck } from './mentions'
export { repeatCheck, repeatWindowMs } from './repeat'
export { bareCheck, isContactOnly, isMentionOnly } from './bare'
export { nicknameCheck } from './nickname'
export { voiceCheck } from './voice'
export { watchWordCheck } from './watch-word'
