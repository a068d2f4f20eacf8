import { accountOutbound } from '../../accounts/account-outbound'
import type { Fleet } from '../../accounts/fleet'
import { dayKey } from '../../core/time-window'
import type { AppContext } from '../../feature'
import { accountMessages, noPermissionText, type AccountRow } from '../../texts'
import { returnGroups } from './return-groups'
import { argNames, commandDescriptions, commandErrors, commandUsages } from '../../texts'
import { problem, type Problem } from '../../core/commands/arg-types'
import { defineCommand, type ParseArgs } from '../../core/commands/command-spec'
import { extraAfter } from '../../core/commands/parse-args'
import { accountsBackWords } from '../../texts/syntax-words'

const DAY_MS = 86_400_000

export const accountsCommand = defineCommand({
  name: '账号',
  alias: 'accounts',
  role: 'viewer',
  usage: commandUsages.accounts,
  description: commandDescriptions.accounts,
  parse(args: ParseArgs): { back?: string } | Problem {
    const word = args.tokens[0]
    if (!word) return {}
    if (!accountsBackWords.includes(word.text)) return problem(commandErrors.extra(word.text))
    const id = args.tokens[1]
    if (!id) return problem(commandErrors.missing(argNames.account))
    return extraAfter(args, 2) ?? { back: id.text }
  },
})

/** `#账号`: each account's health; `#账号 回切 a1`: the groups failed over away from a1 return to it. */
export function registerAccountCommands(ctx: AppContext, fleet: Fleet): void {
  const { status } = fleet

  async function row(id: string): Promise<AccountRow> {
    const now = ctx.now()
    const cfg = ctx.config()
    const f = await status.facts(id, dayKey(now, cfg.timezone))
    const since = f.onlineSince ?? f.offlineSince
    return {
      id,
      online: f.onlineSince !== undefined,
      sinceMs: since === undefined ? undefined : Math.max(0, now - since),
      served: f.served,
      sentToday: f.sentToday,
      cap: accountOutbound(cfg, id, f.firstSeen === undefined ? undefined : now - f.firstSeen).dailyCap,
      failures: f.failures,
      breakerOpen: f.breakerOpen,
      breakerAt: cfg.outbound.breaker.failures,
      lastError: f.lastError,
      ageDays: f.firstSeen === undefined ? undefined : Math.floor((now - f.firstSeen) / DAY_MS),
    }
  }

  ctx.commands.register(accountsCommand, async (call) => {
    const back = call.command.back
    if (back === undefined) {
      if (!fleet.enabled()) return call.reply(accountMessages.list([]))
      return call.reply(accountMessages.list(await Promise.all((await status.ids()).map(row))))
    }
    if (call.role !== 'operator' && call.role !== 'admin') return call.reply(noPermissionText('#账号 回切', 'operator'))
    const r = await returnGroups(ctx, fleet, back)
    if (r.kind === 'unknown') return call.reply(accountMessages.backUnknown(back))
    if (r.kind === 'offline') return call.reply(accountMessages.backOffline(back))
    if (r.kind === 'mid-broadcast') return call.reply(accountMessages.backMidBroadcast(r.running))
    if (r.kind === 'nothing') return call.reply(accountMessages.backNothing(back))
    return call.reply(accountMessages.backDone(back, r.moved, r.stayed))
  })
}
