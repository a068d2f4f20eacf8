import type { AppContext } from '../../feature'
import { adsLearningMessages } from '../../texts/rules'
import type { LabelIndex } from './label-index'
import { CONFIRM_REMOVAL, type RuleActions } from './rule-actions'

/**
 * An ad removal nobody answered with `#误判` within `rules.ads.confirmAfterHours`
 * (scheduled by rule-actions when the removal is filed) counts as a confirmed ad: the case
 * is decided `ad` by `rules`, its text goes into the labelled store as an ad — marked
 * unconfirmed (no person gave it), so it is among the first to go when the store is full.
 * A later `#误判` on the case still takes it back (moderation-commands.ts).
 */
export function registerRemovalConfirmations(ctx: AppContext, actions: RuleActions, labels: LabelIndex): void {
  const { cases, labelled } = actions.stores
  ctx.control.on(CONFIRM_REMOVAL, async (data) => {
    const id = String(data.caseId)
    const c = await cases.get(id)
    if (!c?.text) return // gone (older than its TTL), or nothing to label
    const by = adsLearningMessages.autoConfirmed
    const decided = await cases.decide(id, { label: 'ad', by, at: ctx.now() })
    if (!decided.ok) return // an operator answered first
    await labelled.add({ text: c.text, label: 'ad', by, at: ctx.now(), source: id, confirmed: false })
    await labels.reload()
    await actions.audit({ action: 'confirm-ad', roomId: c.roomId, memberId: c.memberId, by, why: id })
  })
}
