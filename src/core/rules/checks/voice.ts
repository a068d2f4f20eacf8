import { rulesMessages } from '../../../texts/rules'
import { escalate } from '../escalate'
import { verdictBase, type RuleCheck } from './check'

/**
 * Voice messages longer than `voice.maxSeconds` (0: off, the default; a group turns it on in
 * its `rules:` override). `voice.action`: `remove` warns `voice.warnings` times, then
 * removes; `warn` only warns; `report` only tells HQ. Strikes are counted per member and
 * room. A voice whose length the puppet did not give (`voiceSeconds` unset) is never judged.
 */
export const voiceCheck: RuleCheck<'voice'> = {
  rule: 'voice',
  spam: false,
  counted: (message, policy) => message.kind === 'audio' && policy.voice.maxSeconds > 0 && policy.voice.action !== 'report',
  offence({ message, policy, ruleStrikes }) {
    const { voice } = policy
    const seconds = message.voiceSeconds
    if (voice.maxSeconds === 0 || message.kind !== 'audio' || seconds === undefined || seconds <= voice.maxSeconds) return undefined
    if (message.roomId === undefined) return undefined
    const who = verdictBase(message, message.roomId)
    const base = { ...who, rule: 'voice' as const, reason: rulesMessages.reasons.voice(voice.maxSeconds), evidence: rulesMessages.evidence.voice(seconds) }
    const say = (text: string) => ({ text, mentionIds: [message.fromId] })
    const before = ruleStrikes?.voice ?? 0
    switch (voice.action) {
      case 'report':
        return { ...base, kind: 'report' }
      case 'warn':
        return { ...base, kind: 'warn', strikes: before + 1, notice: say(rulesMessages.voiceWarning(voice.maxSeconds, undefined)) }
      case 'remove': {
        const step = escalate(before, voice.warnings)
        if (step.kind === 'warn') {
          return { ...base, kind: 'warn', strikes: step.strikes, warningsLeft: step.warningsLeft, notice: say(rulesMessages.voiceWarning(voice.maxSeconds, step.warningsLeft)) }
        }
        const notice = { text: rulesMessages.removedNotice(who.memberName, rulesMessages.removedFor.voice), mentionIds: [] }
        return { ...base, kind: 'remove', strikes: step.strikes, warningsLeft: 0, notice }
      }
    }
  },
}
