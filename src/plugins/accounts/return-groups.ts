import type { Fleet } from '../../accounts/fleet'
import type { AppContext } from '../../feature'

export type ReturnResult =
  | { kind: 'unknown' }
  | { kind: 'offline' }
  | { kind: 'nothing' }
  | { kind: 'mid-broadcast'; running: string[] }
  | { kind: 'done'; moved: string[]; stayed: string[] }

/**
 * The groups failed over away from `back` return to it (compare-and-set per group: one that
 * has moved on since, or that `back` has left, stays). Never mid-broadcast: a broadcast's
 * groups keep the account that took them until it ends.
 */
export async function returnGroups(ctx: AppContext, fleet: Fleet, back: string): Promise<ReturnResult> {
  const { status } = fleet
  if (!(await status.ids()).includes(back)) return { kind: 'unknown' }
  if (!(await status.isOnline(back))) return { kind: 'offline' }
  const running: string[] = []
  for (const id of await status.activeBroadcastIds()) {
    if ((await ctx.broadcasts.store.get(id))?.status === 'running') running.push(id)
  }
  if (running.length) return { kind: 'mid-broadcast', running }
  const away = fleet.movedAway(back)
  const pairs = await away.read()
  if (!pairs.length) return { kind: 'nothing' }
  const moved: string[] = []
  const stayed: string[] = []
  const topic = async (room: string) => (await ctx.registry.get(room))?.topic ?? room
  for (const [room, to] of pairs) {
    if ((await status.inRoom(back, room)) && (await fleet.serving.move(room, to, back))) moved.push(await topic(room))
    else stayed.push(await topic(room))
  }
  await away.clear()
  return { kind: 'done', moved, stayed }
}
