import type { ManagedGroup } from '../../core/groups'
import { fillTemplate } from '../../core/template'

/** Groups in the order they are filled: by topic, numbers read as numbers (2群 before 10群). */
export function fillOrder(groups: readonly ManagedGroup[]): ManagedGroup[] {
  return [...groups].sort((a, b) => a.topic.localeCompare(b.topic, 'zh', { numeric: true }) || a.roomId.localeCompare(b.roomId))
}

/**
 * The target's groups a routing answer (a city) points to: those tagged with it, or whose
 * topic contains it. `matched: false` when there is no answer or nothing fits.
 */
export function routeGroups(groups: readonly ManagedGroup[], answer: string | undefined): { groups: ManagedGroup[]; matched: boolean } {
  if (!answer) return { groups: fillOrder(groups), matched: false }
  const fits = groups.filter((g) => g.tags.includes(answer) || g.topic.includes(answer))
  return { groups: fillOrder(fits), matched: fits.length > 0 }
}

/**
 * The topic of the next group: the template filled with the answers, the target's first tag
 * (`{标签}`) and `{n}`, one more than the groups already there, skipping a topic in use.
 */
export function nextTopic(template: string, vars: Record<string, string>, existing: readonly string[], count: number): string {
  const taken = new Set(existing)
  for (let n = count + 1; ; n++) {
    const topic = fillTemplate(template, { ...vars, n: String(n) }).trim()
    if (!taken.has(topic) || !template.includes('{n}')) return topic
  }
}
