import { adOffence, spamVerdicts } from '../../core/rules'
import type { AppContext } from '../../feature'
import { argNames, commandErrors, commandUsages } from '../../texts'
import { adsLearningMessages, moderationMessages } from '../../texts/rules'
import type { CommandCall } from '../../core/commands/command-registry'
import type { ModerationCase } from '../../store/moderation-cases'
import { scopeOf } from './group-scope'
import type { LabelIndex } from './label-index'
import type { RuleActions } from './rule-actions'
import { commandDescriptions } from '../../texts'
import { defineCommand, type ParseArgs } from '../../core/commands/command-spec'
import { extraAfter, restFrom } from '../../core/commands/parse-args'
import { parseId } from '../../core/commands/parse-id'
import type { Problem } from '../../core/commands/arg-types'

/** `#广告 R12`, or `#广告` alone under a quote-reply */
export const adCommand = defineCommand({
  name: '广告',
  alias: 'ad',
  role: 'operator',
  usage: commandUsages.ad,
  description: commandDescriptions.ad,
  parse(args: ParseArgs): { caseId?: string } | Problem {
    const token = args.tokens[0]
    if (!token) return {}
    const caseId = parseId(token.text, 'R')
    if (typeof caseId !== 'string') return caseId
    return extraAfter(args, 1) ?? { caseId }
  },
})

/** `#误判 R12 [text to post in the group]`, or `#误判` alone under a quote-reply */
export const notadCommand = defineCommand({
  name: '误判',
  alias: 'notad',
  role: 'operator',
  usage: commandUsages.notad,
  description: commandDescriptions.notad,
  parse(args: ParseArgs): { caseId?: string; text?: string } | Problem {
    const token = args.tokens[0]
    if (!token) return {}
    const caseId = parseId(token.text, 'R')
    if (typeof caseId !== 'string') return caseId
    const text = restFrom(args, 1)
    return text === undefined ? { caseId } : { caseId, text }
  },
})

/** The id of a review item or removal report, when the quoted HQ line is one (`🔎 [R12] …`). */
const QUOTED_CASE = /\[(R\d{1,9})\]/

const whoOf = (c: ModerationCase) => `${c.memberName || '（无名）'}(${c.memberId})`

/**
 * #广告 and #误判 (HQ, operator): an operator's answer to a review item or a removal, or
 * to any message they quote. Each puts the text in the labelled store (the latest label of
 * a text wins), which this process's near-duplicate index reads at once and every other
 * process within a second. `#广告` on a review item acts on it per policy (warn → remove →
 * blacklist); `#误判` undoes what was done: the strike, the ban. Nothing is said in the
 * group unless the operator writes it (`#误判 R12 抱歉，误删了`).
 */
export function registerModerationCommands(ctx: AppContext, actions: RuleActions, labels: LabelIndex): void {
  const { cases, labelled, strikes, blacklist } = actions.stores

  async function label(text: string | undefined, value: 'ad' | 'normal', by: string, source: string): Promise<boolean> {
    if (!text) return false
    const added = await labelled.add({ text, label: value, by, at: ctx.now(), source })
    await labels.reload()
    return added !== undefined
  }

  /** The case the command is about: its id, or the id in the quoted HQ line. */
  function caseIdOf(call: CommandCall<{ name: 'ad' | 'notad'; caseId?: string }>): string | undefined {
    return call.command.caseId ?? QUOTED_CASE.exec(call.quote?.quoted ?? '')?.[1]
  }

  /** No id: the quoted message itself is labelled; neither: the usage. */
  async function labelQuote(call: CommandCall<{ name: 'ad' | 'notad' }>, value: 'ad' | 'normal'): Promise<void> {
    if (!call.quote) return call.reply(commandErrors.withUsage(commandErrors.missing(argNames.caseOrQuote), commandUsages[call.command.name]))
    const by = call.message.fromId
    if (!(await label(call.quote.quoted, value, by, moderationMessages.quotedSource))) return call.reply(moderationMessages.quotedEmpty)
    await actions.audit({ action: value === 'ad' ? 'label-ad' : 'label-normal', by, why: moderationMessages.quotedSource, evidence: call.quote.quoted.slice(0, 200) })
    return call.reply(moderationMessages.quotedLabelled(value))
  }

  /**
   * The case the command answers (by id or by the quoted HQ line), decided once, its text
   * labelled; undefined when the reply was already given (a quote labelled, the usage, no
   * such case, decided before).
   */
  async function decideCase(
    call: CommandCall<{ name: 'ad' | 'notad'; caseId?: string }>,
    value: 'ad' | 'normal',
  ): Promise<{ id: string; c: ModerationCase; labelledIt: boolean } | undefined> {
    const id = caseIdOf(call)
    if (!id) {
      await labelQuote(call, value)
      return undefined
    }
    const c = await cases.get(id)
    if (!c) {
      await call.reply(moderationMessages.caseUnknown(id))
      return undefined
    }
    const decision = { label: value, by: call.message.fromId, at: ctx.now() }
    const decided = await cases.decide(id, decision)
    // a removal the bot confirmed itself (nobody contested it in time) may still be taken back
    const overrides = !decided.ok && decided.earlier.by === adsLearningMessages.autoConfirmed && value === 'normal'
    if (!decided.ok && !overrides) {
      await call.reply(moderationMessages.caseDecided(id, decided.earlier.label, decided.earlier.by))
      return undefined
    }
    if (overrides) await cases.override(id, decision)
    if (c.kind === 'batch') {
      // a blacklisted member's earlier texts: each labelled, nothing else done
      for (const text of c.texts ?? []) await labelled.add({ text, label: value, by: call.message.fromId, at: ctx.now(), source: id })
      await labels.reload()
      await call.reply(adsLearningMessages.batchLabelled(id, value, c.texts?.length ?? 0))
      return undefined
    }
    return { id, c, labelledIt: await label(c.text, value, call.message.fromId, id) }
  }

  ctx.commands.register(adCommand, async (call) => {
    const decided = await decideCase(call, 'ad')
    if (!decided) return
    const { id, c, labelledIt } = decided
    const by = call.message.fromId
    await actions.audit({ action: 'confirm-ad', roomId: c.roomId, memberId: c.memberId, by, why: id })
    if (c.kind === 'removal' || c.kind === 'warning') return call.reply(moderationMessages.confirmedRemoval(id, labelledIt))
    const scope = await scopeOf(ctx, c.roomId)
    if (!scope) return call.reply(moderationMessages.groupGone(id))
    // a review item confirmed: the member earns the step the ad would have earned (warn → remove)
    await call.reply(moderationMessages.confirmedReview(id, whoOf(c), scope.label, scope.dryRun))
    if (scope.exempt(c.memberId)) return
    const offence = adOffence({ findings: [], reasons: [moderationMessages.confirmedBy(id)], score: 1 }, c.text)
    const base = { memberId: c.memberId, roomId: c.roomId, memberName: c.memberName }
    const verdicts = spamVerdicts(base, [offence], await strikes.spam(c.memberId, scope.dryRun), scope.policy)
    await actions.carryOut(scope, verdicts, `case-${id}`)
  })

  ctx.commands.register(notadCommand, async (call) => {
    const decided = await decideCase(call, 'normal')
    if (!decided) return
    const { id, c, labelledIt } = decided
    const by = call.message.fromId
    if (c.strike) {
      const before = await strikes.spam(c.memberId, c.dryRun)
      await strikes.setSpam(c.memberId, Math.max(0, before - 1), c.dryRun)
    }
    const unbanned = c.blacklisted ? await blacklist.remove(c.memberId) : undefined
    if (unbanned) await actions.audit({ action: 'unblacklist', memberId: c.memberId, by, why: id })
    await actions.audit({ action: 'release', roomId: c.roomId, memberId: c.memberId, by, why: id, ...(c.strike ? { evidence: 'strike -1' } : {}) })
    const text = call.command.text
    if (text) await ctx.act({ type: 'say', to: c.roomId, text, mentionIds: [] }, 'member', { jobId: `release-${id}` })
    return call.reply(
      moderationMessages.released(id, { kind: c.kind, who: whoOf(c), strike: c.strike, unbanned: unbanned !== undefined, posted: text !== undefined, labelled: labelledIt }),
    )
  })
}
