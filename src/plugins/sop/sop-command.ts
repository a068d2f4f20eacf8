import { defineCommand, type Parsed } from '../../core/commands/command-spec'
import type { CommandCall } from '../../core/commands/command-registry'
import { isProblem, problem, type Target } from '../../core/commands/arg-types'
import { parseTarget } from '../../core/commands/parse-target'
import { resolveTarget } from '../../core/targets'
import { dayKey } from '../../core/time-window'
import { cleanShown } from '../../texts/shown-text'
import type { SopStepState } from '../../store/sop-store'
import type { PluginContext } from '../../plugin'
import { planOf } from './engine'
import type { Sop } from './sop'
import { sopTexts, type TimelineSummary } from './texts'

const ACTIONS = { 预览: 'preview', preview: 'preview', 暂停: 'pause', pause: 'pause', 继续: 'resume', resume: 'resume', 跳过: 'skip', skip: 'skip', 开始: 'start', start: 'start' } as const
type SopAction = (typeof ACTIONS)[keyof typeof ACTIONS]

export const sopCommand = defineCommand({
  name: 'SOP',
  alias: 'sop',
  role: 'viewer',
  usage: sopTexts.usage,
  description: sopTexts.description,
  parse(args) {
    const [first, id, target, extra] = args.tokens
    if (!first) return { action: 'summary' as const }
    const action = (ACTIONS as Record<string, SopAction>)[first.text.toLowerCase()]
    if (!action) return problem(sopTexts.usage)
    if (!id) return problem(sopTexts.needTimeline)
    if (!target) return problem(sopTexts.needTarget)
    const parsed = parseTarget(target.text)
    if (isProblem(parsed)) return parsed
    if (extra) return problem(sopTexts.usage)
    return { action, id: id.text, target: parsed }
  },
})

type SopCall = CommandCall<Parsed<typeof sopCommand>>

/** the operators' verbs need operator; the summary and a preview are for viewers too */
const OPERATOR_ACTIONS: readonly SopAction[] = ['pause', 'resume', 'skip', 'start']

export function sopHandler(ctx: PluginContext, sop: Sop) {
  async function summary(call: SopCall): Promise<void> {
    const timelines = ctx.config().sop.timelines
    if (!timelines.length) return call.reply(sopTexts.none)
    const all = await ctx.groups()
    const now = ctx.now()
    const rows: TimelineSummary[] = []
    for (const t of timelines) {
      const groups = await sop.groupsOf(t, all)
      const paused = await sop.store.paused(t.id)
      const counts: TimelineSummary['counts'] = { due: 0, queued: 0, sent: 0, skipped: 0, late: 0, failed: 0, uncertain: 0 }
      for (const g of groups) {
        const states = await sop.store.states(t.id, g.roomId)
        for (const s of states.values()) counts[s]++
        const anchor = t.anchor === 'group' ? await sop.store.anchor(t.id, g.roomId) : undefined
        if (anchor) counts.due += planOf(t, anchor, ctx.config().timezone).filter((p) => !states.has(p.key) && p.dueAt >= now - 1).length
      }
      rows.push({ id: t.id, name: t.name, anchor: t.anchor, groups: groups.length, paused: groups.filter((g) => paused.has(g.roomId)).length, counts })
    }
    return call.reply(sopTexts.summary(rows))
  }

  return async (call: SopCall): Promise<void> => {
    const c = call.command
    if (c.action === 'summary') return summary(call)
    if (OPERATOR_ACTIONS.includes(c.action) && call.role === 'viewer') return call.reply(`无权限: #SOP ${c.action} 需要 operator`)
    const t = sop.timeline(c.id)
    if (!t) return call.reply(sopTexts.unknownTimeline(c.id))
    const under = new Set((await sop.groupsOf(t)).map((g) => g.roomId))
    const groups = resolveTarget(c.target as Target, await ctx.groups()).groups.filter((g) => under.has(g.roomId) || c.action === 'start')
    if (!groups.length) return call.reply(sopTexts.noGroups)
    const tz = ctx.config().timezone
    const today = dayKey(ctx.now(), tz)
    switch (c.action) {
      case 'preview': {
        if (t.anchor === 'member') return call.reply(sopTexts.memberAnchored(t.id))
        const out: string[] = []
        const paused = await sop.store.paused(t.id)
        for (const g of groups) {
          const anchor = (await sop.store.anchor(t.id, g.roomId)) ?? today
          const states = await sop.store.states(t.id, g.roomId)
          const lines = planOf(t, anchor, tz).map((p) => ({
            date: p.date,
            at: p.step.at,
            day: p.step.day,
            what: [p.step.text ? cleanShown(p.step.text).slice(0, 20) : '', p.step.media ? `[素材:${p.step.media}]` : ''].filter(Boolean).join(' '),
            state: (states.get(p.key) ?? 'due') as SopStepState | 'due',
          }))
          out.push(sopTexts.preview(t.id, g.topic, anchor, paused.has(g.roomId), lines))
        }
        return call.reply(out.join('\n\n'))
      }
      case 'pause':
        await sop.store.setPaused(t.id, groups.map((g) => g.roomId), true)
        return call.reply(sopTexts.paused(t.id, groups.length))
      case 'resume': {
        await sop.store.setPaused(t.id, groups.map((g) => g.roomId), false)
        if (t.anchor === 'group') {
          for (const g of groups) {
            const anchor = await sop.store.anchor(t.id, g.roomId)
            if (!anchor) continue
            // steps that fell due while paused: sent now if not too late, else skipped and counted
            for (const p of planOf(t, anchor, tz)) if (p.dueAt <= ctx.now()) await sop.fire(t, g.roomId, p, undefined)
            await sop.scheduleSteps(t, g.roomId, anchor)
          }
        }
        return call.reply(sopTexts.resumed(t.id, groups.length))
      }
      case 'skip': {
        let n = 0
        for (const g of groups) {
          const anchor = await sop.store.anchor(t.id, g.roomId)
          if (!anchor) continue
          const states = await sop.store.states(t.id, g.roomId)
          const next = planOf(t, anchor, tz).find((p) => !states.has(p.key))
          if (next && (await sop.store.setState(t.id, g.roomId, next.key, 'skipped', true))) n++
        }
        return call.reply(sopTexts.skipped(t.id, n))
      }
      case 'start': {
        if (t.anchor === 'member') return call.reply(sopTexts.memberAnchored(t.id))
        for (const g of groups) {
          await sop.store.setAnchor(t.id, g.roomId, today, true)
          await sop.scheduleSteps(t, g.roomId, today)
        }
        return call.reply(sopTexts.started(t.id, groups.length, today))
      }
    }
  }
}
