import { resolveTarget } from '../../core/targets'
import { definePlugin, type PluginContext } from '../../plugin'
import type { BroadcastContent } from '../../store/broadcast-store'
import type { CreateResult } from '../../broadcast/broadcasts'
import { commandDescriptions, commandUsages, hqMessages, limitMessages, mediaMessages } from '../../texts'
import type { CommandCall } from '../../core/commands/command-registry'
import { isProblem, type Target } from '../../core/commands/arg-types'
import { defineCommand, type ParseArgs } from '../../core/commands/command-spec'
import { extraAfter, onlyId, optionalId, targetAndText, targetFirst } from '../../core/commands/parse-args'

/** `[编号]`: a broadcast id, or none (the sender's latest) */
const optionalBroadcastId = (args: ParseArgs) => optionalId(args, 'B')

export const broadcastCommand = defineCommand({
  name: '广播',
  alias: 'broadcast',
  role: 'operator',
  usage: commandUsages.broadcast,
  description: commandDescriptions.broadcast,
  parse: targetAndText,
})

export const forwardCommand = defineCommand({
  name: '转发',
  alias: 'forward',
  role: 'operator',
  usage: commandUsages.forward,
  description: commandDescriptions.forward,
  parse(args) {
    const target = targetFirst(args)
    if (isProblem(target)) return target
    return extraAfter(args, 1) ?? { target }
  },
})

export const confirmCommand = defineCommand({
  name: '确认',
  alias: 'confirm',
  role: 'operator',
  usage: commandUsages.confirm,
  description: commandDescriptions.confirm,
  parse: optionalBroadcastId,
})

export const cancelCommand = defineCommand({
  name: '取消',
  alias: 'cancel',
  role: 'operator',
  usage: commandUsages.cancel,
  description: commandDescriptions.cancel,
  parse: optionalBroadcastId,
})

export const progressCommand = defineCommand({
  name: '进度',
  alias: 'progress',
  role: 'viewer',
  usage: commandUsages.progress,
  description: commandDescriptions.progress,
  parse: optionalBroadcastId,
})

export const retryCommand = defineCommand({
  name: '重发',
  alias: 'retry',
  role: 'operator',
  usage: commandUsages.retry,
  description: commandDescriptions.retry,
  parse: (args) => onlyId(args, 'B'),
})

/** #广播 #转发 #确认 #取消 #进度 #重发 */
function applyBroadcastCommands(ctx: PluginContext): void {
  const b = ctx.broadcasts

  async function fanOut(call: CommandCall, target: Target, content: BroadcastContent): Promise<void> {
    const { groups, unknown } = resolveTarget(target, await ctx.groups())
    const result: CreateResult = await b.create({
      by: call.message.fromId,
      hqRoom: call.roomId,
      content,
      groups,
      beforeStart: (r) => call.reply(hqMessages.broadcastStarted(r.id, r.rooms.length, r.estimateMs, unknown)),
    })
    if (result.kind === 'empty') return call.reply(hqMessages.noGroups(unknown))
    if (result.kind === 'too-long') return call.reply(limitMessages.textTooLong(limitMessages.filledText, result.length, result.max))
    if (result.kind === 'no-media') return call.reply(mediaMessages.unknown(result.id))
    const r = result.record
    if (result.kind === 'awaiting') {
      return call.reply(hqMessages.broadcastAwaiting(r.id, r.rooms.length, r.rooms.slice(0, 5).map((x) => x.topic), r.estimateMs, unknown))
    }
  }

  /** the id typed, or the sender's latest broadcast in the wanted state */
  async function pick(call: CommandCall, id: string | undefined, states: string[]): Promise<string | undefined> {
    if (id) return id
    for (const candidate of await b.store.latestBy(call.message.fromId)) {
      const r = await b.store.get(candidate)
      if (r && states.includes(r.status)) return candidate
    }
    return undefined
  }

  ctx.commands.register(broadcastCommand, (call) => {
    // refused here, before anything is queued: WeChat would cut or refuse it in every group
    const { text } = call.command
    const max = ctx.config().outbound.maxTextLength
    if (text.length > max) return call.reply(limitMessages.textTooLong(limitMessages.broadcastText, text.length, max))
    return fanOut(call, call.command.target, { kind: 'text', text })
  })

  ctx.commands.register(forwardCommand, async (call) => {
    const last = await ctx.stores.hqLast.get(call.message.fromId)
    if (!last) return call.reply(hqMessages.forwardNothing)
    return fanOut(call, call.command.target, { kind: 'forward', ...last })
  })

  ctx.commands.register(confirmCommand, async (call) => {
    const id = await pick(call, call.command.id, ['awaiting'])
    if (!id) return call.reply(hqMessages.nothingToConfirm)
    const result = await b.confirm(id, (r) => call.reply(hqMessages.broadcastStarted(id, r.rooms.length, r.estimateMs, [])))
    switch (result.kind) {
      case 'unknown':
        return call.reply(hqMessages.confirmUnknown(id))
      case 'expired':
        return call.reply(hqMessages.confirmExpired(id))
      case 'not-awaiting':
        return call.reply(hqMessages.notAwaiting(id, result.record?.status ?? ''))
      case 'started':
        return
    }
  })

  ctx.commands.register(cancelCommand, async (call) => {
    const id = await pick(call, call.command.id, ['running', 'awaiting'])
    if (!id) return call.reply(hqMessages.nothingToCancel)
    const result = await b.cancel(id)
    if (result.kind !== 'cancelled') {
      return call.reply(result.kind === 'unknown' ? hqMessages.confirmUnknown(id) : hqMessages.alreadyFinished(id))
    }
    if (result.record.startedAt === undefined) return call.reply(hqMessages.cancelledAwaiting(id))
    await call.reply(hqMessages.cancelAck(id, result.counts.sent, result.counts.total))
    await b.finishIfDone(id)
  })

  ctx.commands.register(progressCommand, async (call) => {
    const ids = call.command.id ? [call.command.id] : (await b.store.active()).sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
    if (!ids.length) return call.reply(hqMessages.noActiveBroadcasts)
    const lines: string[] = []
    for (const id of ids) lines.push((await b.progressText(id)) ?? hqMessages.confirmUnknown(id))
    return call.reply(lines.join('\n'))
  })

  ctx.commands.register(retryCommand, async (call) => {
    const id = call.command.id
    const record = await b.store.get(id)
    if (!record) return call.reply(hqMessages.confirmUnknown(id))
    const again = new Set([...Object.keys(await b.store.failedRooms(id)), ...(await b.store.uncertainRooms(id))])
    const groups = (await ctx.groups()).filter((g) => again.has(g.roomId))
    if (!groups.length) return call.reply(hqMessages.retryNothing(id))
    // an operator asked for it: no second confirmation
    const result = await b.create({
      by: call.message.fromId,
      hqRoom: call.roomId,
      content: record.content,
      groups,
      skipConfirm: true,
      beforeStart: (r) => call.reply(hqMessages.retryStarted(id, r.id, groups.length)),
    })
    if (result.kind === 'empty') return call.reply(hqMessages.retryNothing(id))
    if (result.kind === 'too-long') return call.reply(limitMessages.textTooLong(limitMessages.filledText, result.length, result.max))
  })
}

/** #广播 #转发 #确认 #取消 #进度 #重发 over the host's broadcasts (ctx.broadcasts). */
export const broadcastCommandsPlugin = definePlugin({ name: 'broadcast-commands', apply: applyBroadcastCommands })
