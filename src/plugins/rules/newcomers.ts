import type { AppContext } from '../../feature'
import type { GroupScope } from './group-scope'

/**
 * Who is new in a managed group, for `rules.newcomer` (store/newcomer-roster.ts): the roster
 * the bot takes of a group when it first manages it (everyone then is "there before the bot",
 * never new), the joins it sees (new from then), the leaves (dropped).
 * The roster is taken at login for every managed group that has none, before the first join
 * the bot handles in a group that has none (the joiners left out), and — a group that became
 * managed while the bot ran — at its first message (its sender counts as there before).
 */
export function createNewcomers(ctx: AppContext) {
  const roster = ctx.stores.newcomers

  async function take(roomId: string, except: ReadonlySet<string>): Promise<void> {
    const self = ctx.view.selfId()
    const members = (await ctx.view.members(roomId)).map((m) => m.id).filter((id) => id !== self && !except.has(id))
    await roster.take(roomId, members)
  }

  return {
    /**
     * Counts the message (the `seen` counter) and says since when the sender is known here:
     * one Redis command, two more the first time a group is met.
     */
    async seen(scope: GroupScope, memberId: string): Promise<{ seen: number; known: { since: number | undefined } }> {
      const s = await roster.countSeen(scope.roomId, memberId)
      if (s.rosterTaken) return { seen: s.seen, known: { since: s.knownSince } }
      await take(scope.roomId, new Set())
      return { seen: s.seen, known: { since: 0 } }
    },
    /** a join the bot saw: the roster first when the group has none, then the joiners from `at` */
    async joined(scope: GroupScope, memberIds: readonly string[], at: number): Promise<void> {
      const joiners = memberIds.filter((id) => id !== ctx.view.selfId())
      if (!(await roster.has(scope.roomId))) await take(scope.roomId, new Set(joiners))
      await roster.joined(scope.roomId, joiners, at)
    },
    async left(roomId: string, memberIds: readonly string[]): Promise<void> {
      await roster.left(roomId, memberIds)
    },
    /** at login: a roster for every managed group that has none */
    async onLogin(): Promise<void> {
      for (const g of await ctx.groups()) {
        if (!(await roster.has(g.roomId))) await take(g.roomId, new Set())
      }
    },
  }
}

export type Newcomers = ReturnType<typeof createNewcomers>
