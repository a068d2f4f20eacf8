import type { Config, GroupEntry } from '../config/schema'

/** A group as the registry knows it: WeChat's facts plus the operator's config. */
export interface GroupRecord {
  roomId: string
  topic: string
  memberCount: number
  botIsOwner: boolean
  botIsAdmin: boolean
  /** still a room the bot is in */
  present: boolean
  updatedAt: number
}

export interface ManagedGroup extends GroupRecord {
  key: string | undefined
  tags: string[]
  leaders: string[]
  entry: GroupEntry | undefined
}

/** HQ rooms are never managed; listed groups always are; others when `autoManage`. */
export function isManaged(config: Config, roomId: string): boolean {
  if (config.hq.rooms.includes(roomId)) return false
  if (config.groups.list.some((g) => g.room === roomId)) return true
  return config.groups.autoManage
}

/** Joins registry records with config entries and HQ-changed tags. Sorted by topic for stable listings. */
export function managedGroups(
  config: Config,
  records: GroupRecord[],
  tagOverrides: Record<string, string[]>,
): ManagedGroup[] {
  const entries = new Map(config.groups.list.map((g) => [g.room, g]))
  return records
    .filter((r) => r.present && isManaged(config, r.roomId))
    .map((r) => {
      const entry = entries.get(r.roomId)
      return {
        ...r,
        entry,
        key: entry?.key,
        tags: tagOverrides[r.roomId] ?? entry?.tags ?? [],
        leaders: entry?.leaders ?? [],
      }
    })
    .sort((a, b) => a.topic.localeCompare(b.topic, 'zh') || a.roomId.localeCompare(b.roomId))
}

/** Display name of a group: its key when configured, else its topic. */
export function groupLabel(g: Pick<ManagedGroup, 'key' | 'topic'>): string {
  return g.key ? `${g.topic}(${g.key})` : g.topic
}
