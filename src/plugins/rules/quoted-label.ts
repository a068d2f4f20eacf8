import { isCommand } from '../../core/commands/command-spec'
import { parseCommand } from '../../core/commands/parse-command'
import { splitQuoteReply, type QuoteReply } from '../../core/commands/quote-reply'
import { roleOf } from '../../core/roles'
import { adOffence, shownName, spamVerdicts } from '../../core/rules'
import type { InboundMessage } from '../../core/types'
import type { AppContext } from '../../feature'
import { adsLearningMessages, moderationMessages } from '../../texts/rules'
import { jobIdPart, type GroupScope } from './group-scope'
import type { LabelIndex } from './label-index'
import type { RuleActions } from './rule-actions'
import { adCommand } from './moderation-commands'

/** Who may label by quoting inside a managed group: an HQ operator (or admin), the group's owner, admins and leaders. */
function mayLabel(ctx: AppContext, scope: GroupScope, contactId: string): boolean {
  const role = roleOf(ctx.config(), contactId)
  if (role === 'admin' || role === 'operator') return true
  const why = scope.exemption(contactId)
  return why === 'owner' || why === 'admin' || why === 'leader'
}

/** The quote-reply `#广告` (or `/ad`) under a member's message, when `m` is one. */
export function quotedAdLabel(ctx: AppContext, m: InboundMessage): QuoteReply | undefined {
  if (m.kind !== 'text') return undefined
  const quote = splitQuoteReply(m.text)
  if (!quote || !quote.quoted) return undefined
  const parsed = parseCommand(quote.reply, ctx.commands, { timeZone: ctx.config().timezone, now: ctx.now() })
  return parsed.kind === 'ok' && isCommand(adCommand, parsed.command) && parsed.command.caseId === undefined ? quote : undefined
}

/**
 * `#广告` typed as a quote-reply inside a managed group by someone who may (mayLabel):
 * the quoted text goes into the labelled store as an ad, and its sender — found among the
 * group's members by the name WeChat quotes — is dealt with as for any ad (warn → remove →
 * blacklist, per the group's `rules.ads`; under dry-run HQ reads what would be done). HQ is
 * told either way. Nothing is said in the group but the usual warning or removal notice.
 * Returns false when the sender may not label (the message is then ordinary chat).
 */
export async function labelQuotedInGroup(ctx: AppContext, actions: RuleActions, labels: LabelIndex, scope: GroupScope, m: InboundMessage, quote: QuoteReply): Promise<boolean> {
  if (!mayLabel(ctx, scope, m.fromId)) return false
  const byName = m.fromAlias || m.fromName || m.fromId
  const now = ctx.now()
  await actions.stores.labelled.add({ text: quote.quoted, label: 'ad', by: m.fromId, at: now, source: moderationMessages.quotedSource })
  await labels.reload()
  await actions.audit({ action: 'label-ad', roomId: scope.roomId, by: m.fromId, why: adsLearningMessages.quotedReason(byName), evidence: quote.quoted.slice(0, 200) })

  const candidates = (await ctx.view.members(scope.roomId)).filter((x) => x.id !== m.fromId && (shownName(x) === quote.name || x.name === quote.name))
  const member = candidates.length === 1 ? candidates[0] : undefined
  const acted = member !== undefined && !scope.exempt(member.id)
  if (member && acted) {
    const offence = adOffence({ findings: [], reasons: [adsLearningMessages.quotedReason(byName)], score: 1 }, quote.quoted)
    const base = { memberId: member.id, roomId: scope.roomId, memberName: shownName(member) }
    const verdicts = spamVerdicts(base, [offence], await actions.stores.strikes.spam(member.id, scope.dryRun), scope.policy)
    await actions.carryOut(scope, verdicts, `quote-${m.id}`)
  }
  const who = member ? `${shownName(member)}(${member.id})` : undefined
  await ctx.hq.say(
    adsLearningMessages.quotedInGroup({ by: byName, groupLabel: scope.label, text: quote.quoted, ...(who ? { member: who } : {}), acted, dryRun: scope.dryRun }),
    jobIdPart(`quoted-ad-${m.id}`),
  )
  return true
}
