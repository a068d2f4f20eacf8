import { createDeploymentModel } from '../../core/ads/deployment-model'
import { sharedTextModel, shippedSlotWeights } from '../../core/ads/shipped-text-model'
import { CHECKS, compileRules, crossGroupKey, evaluateMessage, exemptOffences, isIntro, repeatWindowMs, shownName, SPAM_RULES, writtenText } from '../../core/rules'
import { checkNickname } from '../../core/rules/nickname'
import type { InboundMessage } from '../../core/types'
import { rulesSection } from '../../config/sections/rules'
import type { AppContext } from '../../feature'
import { definePlugin, type PluginContext } from '../../plugin'
import { ruleActionMessages } from '../../texts/rules'
import type { JoinEvent, LeaveEvent } from '../../wechat/adapter'
import { registerBlacklistCommands } from './blacklist-commands'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'
import { createIntroDeadlines } from './intro-deadlines'
import { registerLeaderCommands } from './leader-commands'
import { auditNicknames } from './nickname-audit'
import { createNicknameChecks } from './nickname-checks'
import { createRuleActions } from './rule-actions'
import { createAdsLearner, workerTrainer, type Trainer } from './ads-learner'
import { createAdsShare, type AdsShare } from './shared-ads'
import { createLabelIndex } from './label-index'
import { registerModerationCommands } from './moderation-commands'
import { registerRemovalConfirmations } from './confirm-removals'
import { labelQuotedInGroup, quotedAdLabel } from './quoted-label'
import { createNewcomers } from './newcomers'
import { createKeyedSerial } from './serial'
import { createUncheckedImages } from './unchecked-images'
import { createWelcome } from './welcome'

/**
 * The group rules at work: every message in a managed group goes through the rule engine
 * (ads, cross-group spam, flood, nickname, watch-words) and joins start the welcome, the
 * nickname check and the intro deadline. Decisions are the pure engine's (core/rules);
 * this feature gathers what it needs from Redis, carries verdicts out through the paced
 * queue and reports removals to HQ once WeChat has answered.
 */
export interface RulesOptions {
  /** trains the deployment's learned model off the message path (default: a worker thread) */
  trainer?: (logger: AppContext['logger']) => { train: Trainer; close(): Promise<void> }
  /** the model, index and learner of the process, shared by its accounts (issue 23) */
  share?: AdsShare
}

function applyRules(ctx: PluginContext, options: RulesOptions): void {
  const actions = createRuleActions(ctx)
  const nicknames = createNicknameChecks(ctx, actions)
  const intros = createIntroDeadlines(ctx, actions)
  const welcome = createWelcome(ctx, actions)
  const newcomers = createNewcomers(ctx)
  registerBlacklistCommands(ctx, actions)
  registerLeaderCommands(ctx, actions)
  // texts labelled by #广告 / #误判 (and imported), in memory: their near-duplicates at once;
  // and the deployment's learned model, retrained from them off the message path. Once per
  // process when the accounts of the process share them (issue 23), else this account's own.
  const ads = (options.share ?? createAdsShare()).join(() => {
    const model = createDeploymentModel(sharedTextModel(), shippedSlotWeights())
    const log = ctx.logger.child({ part: 'ads-learner' })
    const trainer = (options.trainer ?? workerTrainer)(log)
    const learner = createAdsLearner({
      labelled: actions.stores.labelled,
      models: ctx.stores.learnedModels,
      model,
      train: trainer.train,
      now: ctx.now,
      logger: log,
      holder: `${process.pid}-${ctx.rng().toString(36).slice(2, 10)}`,
    })
    return {
      model,
      labels: createLabelIndex(actions.stores.labelled, ctx.now),
      learner,
      closeTrainer: () => trainer.close(),
      onRefreshError: (err) => log.debug({ err: err.message }, 'ads: learned model refresh failed'),
    }
  })
  const { model, labels, learner } = ads.state
  registerModerationCommands(ctx, actions, labels)
  const uncheckedImages = createUncheckedImages(ctx, actions)
  registerRemovalConfirmations(ctx, actions, labels)
  const { records, strikes, blacklist } = actions.stores
  // one member's messages (strikes are per member) and one room's joins, in turn
  const serial = createKeyedSerial()

  async function onGroupMessage(scope: GroupScope, m: InboundMessage): Promise<boolean> {
    const { policy } = scope
    // WeChat's own lines (recall notices, tips) are nobody's words: not judged, not counted
    if (m.system) return false
    const now = ctx.now()
    const exemption = scope.exemption(m.fromId)
    const exempt = exemption !== undefined
    // an exempt member's offences are counted, never acted on (issue 20 item 6); the bot's own are not offences
    const counted = exemption !== 'bot'
    // an image the QR reader could not check goes to HQ's review (one line for many)
    if (!exempt && m.qrUnchecked && policy.ads.enabled && policy.ads.qrImages) await uncheckedImages.add(scope, m)
    if (!exempt && policy.intro.enabled && m.kind === 'text' && isIntro(m.body ?? m.text, policy.intro)) {
      await records.markIntroduced(scope.roomId, m.fromId, now)
    }
    let recentTimestamps: number[] = [now]
    let crossGroupHistory: { roomId: string; at: number }[] = []
    let spamStrikes = 0
    let messagesSeen: number | undefined
    let known: { since: number | undefined } | undefined
    let nickname: { strikes: number; joinedAt: number | undefined } | undefined
    const ruleStrikes: Record<string, number> = {}
    if (counted) {
      recentTimestamps = await records.recordMessage(scope.roomId, m.fromId, now, policy.flood.windowMs)
      const key = crossGroupKey(m)
      // the cross-group history serves the repeat rule too (same member, same message, this room)
      const repeatMs = policy.repeat.enabled ? repeatWindowMs(policy.repeat.windowMinutes) : 0
      if (key !== undefined) crossGroupHistory = await records.recordRepeat(m.fromId, key, scope.roomId, now, Math.max(policy.ads.crossGroup.windowMs, repeatMs))
      // one command: the seen counter (bare, newcomer) and since when the sender is known here (newcomer)
      if (policy.bare.enabled || policy.newcomer.enabled) {
        const seen = await newcomers.seen(scope, m.fromId)
        messagesSeen = seen.seen
        if (policy.newcomer.enabled) known = seen.known
      }
    }
    if (!exempt) {
      spamStrikes = await strikes.spam(m.fromId, scope.dryRun)
      // a nickname that fits draws no verdict whatever the record and strikes say: not read (issue 23 item 4)
      if (policy.nickname.enabled && !checkNickname({ name: m.fromName, alias: m.fromAlias }, policy.nickname).ok) {
        const may = await nicknames.mayRemindOnMessage(scope, m.fromId)
        if (may) nickname = { strikes: await strikes.nickname(scope.roomId, m.fromId, scope.dryRun), joinedAt: may.joinedAt }
      }
      // the checks with a count of their own (voice) that this message may add to
      for (const check of CHECKS) {
        if (!check.spam && check.counted?.(m, policy)) ruleStrikes[check.rule] = await strikes.rule(check.rule, scope.roomId, m.fromId, scope.dryRun)
      }
    }
    const written = writtenText(m)
    const nearest = written && policy.ads.enabled ? (await labels.current()).match(written, policy.ads.nearDuplicate) : undefined
    const labelMatch = nearest ? { label: nearest.item.label, source: nearest.item.source, similarity: nearest.similarity } : undefined
    const input = {
      message: m,
      policy,
      compiled: compileRules(policy, model),
      exempt,
      strikes: spamStrikes,
      ruleStrikes,
      recentTimestamps,
      crossGroupHistory,
      ...(messagesSeen !== undefined ? { messagesSeen } : {}),
      ...(known ? { known } : {}),
      ...(nickname ? { nickname } : {}),
      ...(labelMatch ? { labelMatch } : {}),
      now,
    }
    const verdicts = evaluateMessage(input)
    if (exempt && counted) for (const [i, v] of exemptOffences(input).entries()) await actions.rulesDigest.counted(scope, v, `exempt-${m.id}-${i}`)
    // a member's texts of the last hour that nothing flagged: offered to HQ if they are blacklisted later
    const flagged = verdicts.some((v) => v.kind === 'warn' || v.kind === 'remove' || v.kind === 'review')
    if (!exempt && written && !flagged) await ctx.stores.recentTexts.record(m.fromId, { roomId: scope.roomId, text: written, at: now })
    if (verdicts.length === 0) return false
    ctx.logger.info({ room: scope.roomId, member: m.fromId, messageId: m.id, verdicts: verdicts.map((v) => `${v.kind}:${v.rule}`) }, 'rules')
    await actions.carryOut(scope, verdicts, `m-${m.id}`)
    for (const v of verdicts) if (v.rule === 'nickname') await nicknames.noticed(scope, v)
    // a spammer's message is not a question for HQ
    return verdicts.some((v) => SPAM_RULES.has(v.rule) && (v.kind === 'warn' || v.kind === 'remove'))
  }

  /** A blacklisted contact joined: out at once, the inviter told, HQ told (or, in dry-run, only HQ). */
  async function onBlacklistedJoin(scope: GroupScope, memberId: string, e: JoinEvent): Promise<void> {
    const entry = await blacklist.get(memberId)
    if (!entry) return
    const members = await ctx.view.members(scope.roomId)
    const member = members.find((x) => x.id === memberId)
    const inviter = members.find((x) => x.id === e.inviterId)
    const inviterName = inviter ? shownName(inviter) : ((await ctx.view.contactName(e.inviterId)) ?? e.inviterId)
    const report = {
      cause: 'rejoin' as const,
      memberId,
      memberName: member ? shownName(member) : entry.name,
      reason: entry.reason,
      ...(entry.evidence ? { evidence: entry.evidence } : {}),
      blacklisted: true,
      inviterName,
    }
    const jobId = `rejoin-rm-${scope.roomId}-${memberId}-${e.at}`
    if (scope.dryRun) {
      await ctx.hq.say(ruleActionMessages.dryRejoin({ ...report, groupLabel: scope.label }), jobIdPart(`${jobId}-dry`))
      await actions.audit({ action: 'remove', roomId: scope.roomId, memberId, by: 'rules', why: entry.reason, dryRun: true })
      return
    }
    await actions.removeMember(scope, { ...report, by: 'rules', ...(e.inviterId ? { inviterId: e.inviterId } : {}) }, jobId)
  }

  async function onGroupJoin(e: JoinEvent): Promise<void> {
    const scope = await scopeOf(ctx, e.roomId)
    if (!scope) return
    const self = ctx.view.selfId()
    await newcomers.joined(scope, e.memberIds, e.at)
    const welcomed: string[] = []
    for (const memberId of e.memberIds) {
      if (memberId === self) continue
      const exempt = scope.exempt(memberId)
      if (!exempt && (await blacklist.has(memberId))) {
        await onBlacklistedJoin(scope, memberId, e)
        continue
      }
      const intro = scope.policy.intro
      await records.joined(scope.roomId, memberId, e.at, e.inviterId || undefined, intro.deadlineMs * 2)
      welcomed.push(memberId)
      if (exempt) continue
      await nicknames.scheduleJoinCheck(scope, memberId, e.at)
      await intros.schedule(scope, memberId, e.at)
    }
    await welcome.add(scope, welcomed)
  }

  ctx.on('start', async () => ads.start())
  ctx.on('stop', () => ads.stop())
  ctx.on('queues', () => [{ name: 'ads-learner', count: () => learner.behind() }])
  ctx.middleware(async (c, next) => {
    const m = c.message
    const scope = m.roomId ? await scopeOf(ctx, m.roomId) : undefined
    // `#广告` quoted under a member's message by an operator or the group's admins: labels and acts
    const quote = scope ? quotedAdLabel(ctx, m) : undefined
    if (scope && quote && (await labelQuotedInGroup(ctx, actions, labels, scope, m, quote))) return
    // one member's messages in turn; the later plugins run outside that turn
    if (scope && (await serial(`member-${m.fromId}`, () => onGroupMessage(scope, m)))) return
    await next()
  })
  ctx.on('join', async (e: JoinEvent) => {
    await serial(`room-${e.roomId}`, () => onGroupJoin(e))
  })
  ctx.on('leave', async (e: LeaveEvent) => {
    for (const memberId of e.memberIds) await nicknames.onLeave(e.roomId, memberId)
    await newcomers.left(e.roomId, e.memberIds)
  })
  ctx.on('outcome', actions.onOutcome)
  ctx.on('login', () => newcomers.onLogin())
  // who in a group still has to fix their nickname: HQ's #规则 查看 and the leaders' reports read it
  ctx.provide('nicknameAudit', async (roomId) => {
    const audit = await auditNicknames(ctx, roomId)
    return audit && { text: audit.text, missing: audit.rows.length }
  })
}

/** The rules plugin with options (tests give the ads learner a trainer they control). */
export const createRulesPlugin = (options: RulesOptions = {}) =>
  definePlugin({ name: 'rules', Config: rulesSection, provide: ['nicknameAudit'], apply: (ctx) => applyRules(ctx, options) })

/** Spam rules, welcomes, intros, nicknames in managed groups; owns `rules:` (and reads each group's `rules:` override). */
export const rulesPlugin = createRulesPlugin()
