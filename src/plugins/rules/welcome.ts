import { cleanShown } from '../../texts/shown-text'
import { mentionBatches, shownName } from '../../core/rules'
import { fillTemplate } from '../../core/template'
import type { AppContext } from '../../feature'
import { ruleActionMessages } from '../../texts/rules'
import type { RulesPolicy } from '../../config/schema'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'
import type { RuleActions } from './rule-actions'

export const WELCOME = 'welcome'

/**
 * The welcome text for a message sent with every newcomer in `mentionIds`. WeChat only
 * notifies people who are mentioned, and Wechaty's `Room.say(text, ...contacts)` writes
 * `@name` in front of the text for each, so `{成员}` is taken out here (with the spaces and
 * the comma around it) instead of being filled with `@names` a second time:
 * 「欢迎 {成员} 加入 {群名}！」 goes out as 「@张三 @李四 欢迎加入 北京1群！」.
 */
export function welcomeForMentions(welcome: RulesPolicy['welcome'], vars: { groupName: string; nicknameExample: string }): string {
  const template = welcome.text.replace(/[ \t\u3000]*\{成员\}[ \t\u3000]*(?:[、，,：:][ \t\u3000]*)?/gu, '')
  return fillTemplate(template, { 群名: cleanShown(vars.groupName), 昵称示例: vars.nicknameExample }).trim()
}

/**
 * Joins within `welcome.batchMs` share one welcome. The first join in a room opens a
 * window (a Redis key) and creates the control job `welcome-<room>-<t>` delayed by
 * `batchMs`; later joins only append to the room's list. The job closes the window and
 * takes the list in one transaction, so a join racing it either makes this welcome or
 * opens the next window: nobody is welcomed twice or left out.
 */
export function createWelcome(ctx: AppContext, actions: RuleActions) {
  const waiting = ctx.stores.welcome
  /** who came through the entry gate into this room just now: the gate welcomed them by name (src/plugins/entry/arrival.ts) */
  const gateWelcomed = async (roomId: string, ids: string[], since: number) => {
    const [profiles, apps] = await Promise.all([
      Promise.all(ids.map((id) => ctx.stores.entryApps.profile(id))),
      Promise.all(ids.map((id) => ctx.stores.entryApps.get(id))),
    ])
    // joined through the gate, or invited by it into this room and being welcomed by it now
    // (the gate's join handling may not have reached its mark yet on a busy machine)
    const byGate = (i: number) =>
      (profiles[i]?.roomId === roomId && (profiles[i]?.joinedAt ?? 0) >= since) || (apps[i]?.status === 'invited' && apps[i]?.roomId === roomId)
    return new Set(ids.filter((_, i) => byGate(i)))
  }

  ctx.control.on(WELCOME, async (data, job) => {
    const roomId = String(data.roomId)
    const ids = await waiting.take(roomId)
    if (ids.length === 0) return
    const scope = await scopeOf(ctx, roomId)
    if (!scope || !scope.policy.welcome.enabled) return
    // whoever left (or was removed) in the meantime is not welcomed
    const members = new Map((await ctx.view.members(roomId)).map((m) => [m.id, m]))
    const welcomed = await gateWelcomed(roomId, ids, ctx.now() - scope.policy.welcome.batchMs * 2 - 60000)
    const present = ids.filter((id) => members.has(id) && !welcomed.has(id))
    if (present.length === 0) return
    const nameOf = (id: string) => shownName(members.get(id)!)
    const names = present.map(nameOf)
    const jobId = jobIdPart(`welcome-say-${job.id ?? roomId}`)
    const text = welcomeForMentions(scope.policy.welcome, { groupName: scope.info?.topic ?? scope.group.topic, nicknameExample: scope.policy.nickname.example })
    // 500 joins at once are 25 welcomes of 20 @-mentions, not one message WeChat cuts
    const batches = mentionBatches(present, nameOf, {
      maxMentions: scope.policy.welcome.maxMentions,
      maxLength: ctx.config().outbound.maxTextLength,
      textLength: text.length,
    })
    for (const [i, batch] of batches.entries()) {
      const id = i === 0 ? jobId : `${jobId}-${i + 1}`
      if (scope.dryRun) await ctx.hq.say(ruleActionMessages.dryWelcome(scope.label, batch.map(nameOf)), `${id}-dry`)
      else await ctx.act({ type: 'say', to: roomId, text, mentionIds: batch }, 'member', { jobId: id })
    }
    await actions.audit({ action: 'welcome', roomId, by: 'rules', why: names.join('、'), ...(scope.dryRun ? { dryRun: true } : {}), jobId })
  })

  return {
    async add(scope: GroupScope, memberIds: string[]): Promise<void> {
      const welcome = scope.policy.welcome
      if (!welcome.enabled || memberIds.length === 0) return
      const now = ctx.now()
      if (await waiting.add(scope.roomId, memberIds, welcome.batchMs, now)) {
        await ctx.control.add(WELCOME, { roomId: scope.roomId }, { jobId: jobIdPart(`welcome-${scope.roomId}-${now}`), delayMs: welcome.batchMs })
      }
    },
  }
}
