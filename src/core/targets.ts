import type { Target } from './commands/parse-command'
import type { ManagedGroup } from './groups'

export interface ResolvedTarget {
  groups: ManagedGroup[]
  /** names or tags that matched nothing, to tell the operator */
  unknown: string[]
}

/** Target → managed groups. Groups are named by configured key or exact topic; ids are never guessed. */
export function resolveTarget(target: Target, groups: ManagedGroup[]): ResolvedTarget {
  switch (target.kind) {
    case 'all':
      return { groups, unknown: [] }
    case 'tags': {
      const unknown = target.tags.filter((t) => !groups.some((g) => g.tags.includes(t)))
      return { groups: groups.filter((g) => g.tags.some((t) => target.tags.includes(t))), unknown }
    }
    case 'groups': {
      const picked = new Map<string, ManagedGroup>()
      const unknown: string[] = []
      // one index, not a scan of every group per name: a list may hold thousands of names
      const byName = new Map<string, ManagedGroup[]>()
      for (const g of groups) {
        for (const name of new Set([g.key, g.topic, g.roomId])) {
          if (name !== undefined) byName.set(name, [...(byName.get(name) ?? []), g])
        }
      }
      for (const name of target.names) {
        const matches = byName.get(name) ?? []
        if (!matches.length) unknown.push(name)
        for (const g of matches) picked.set(g.roomId, g)
      }
      return { groups: [...picked.values()], unknown }
    }
  }
}
