import type { Scenario } from './scenario-schema'
import { SimWorld } from './world'

/** Builds the scenario's world: contacts, rooms (the bot is always a member), generated rooms. */
export function buildWorld(world: Scenario['world'], now?: () => number, stamp?: (now: number) => string): SimWorld {
  const w = new SimWorld({ bot: world.bot, ...(world.bots ? { bots: world.bots } : {}), ...(now ? { now } : {}), ...(stamp ? { stamp } : {}) })
  for (const c of world.contacts) w.addContact(c.id, c.name)
  for (const r of world.rooms) {
    w.addRoom({ id: r.id, topic: r.topic, ownerId: r.owner, adminIds: r.admins, memberIds: r.members, aliases: r.aliases, ...(r.bots ? { botIds: r.bots } : {}) })
  }
  for (const g of world.generate) {
    for (let i = 1; i <= g.count; i++) {
      const id = g.id.replaceAll('{i}', String(i))
      const memberIds: string[] = []
      const aliases: Record<string, string> = {}
      const roomPart = id.split('@')[0] ?? id
      for (let j = 1; j <= g.members; j++) {
        const m = `wxid_${roomPart}_m${j}`
        memberIds.push(m)
        if (g.alias) aliases[m] = g.alias.replaceAll('{i}', String(i)).replaceAll('{j}', String(j))
      }
      w.addRoom({ id, topic: g.topic.replaceAll('{i}', String(i)), ownerId: g.owner, memberIds, aliases })
    }
  }
  return w
}
