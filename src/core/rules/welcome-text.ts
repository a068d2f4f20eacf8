import { cleanShown } from '../../texts/shown-text'
import type { RulesPolicy } from '../../config/schema'
import { fillTemplate } from '../template'

export type WelcomePolicy = RulesPolicy['welcome']

export interface WelcomeVars {
  /** shown names of everyone who joined within `welcome.batchMs` */
  memberNames: string[]
  groupName: string
  nicknameExample: string
}

/**
 * One welcome for a batch of newcomers: `{成员}` becomes 「@张三、@李四」, `{群名}` the group
 * name, `{昵称示例}` the nickname example. Undefined when welcomes are off or nobody joined.
 * The names are written into the text, so send it without `mentionIds` (WeChat would put
 * every name in front a second time).
 */
export function welcomeText(welcome: WelcomePolicy, vars: WelcomeVars): string | undefined {
  if (!welcome.enabled || vars.memberNames.length === 0) return undefined
  return fillTemplate(welcome.text, {
    成员: vars.memberNames.map((name) => `@${cleanShown(name)}`).join('、'),
    群名: cleanShown(vars.groupName),
    昵称示例: vars.nicknameExample,
  })
}

/**
 * Newcomers split into welcomes: at most `maxMentions` each, and few enough that WeChat's
 * `@name ` in front of each (name + 2 characters) plus the text stays within `maxLength`.
 * A batch always takes one newcomer, however long the name, so nobody is left out.
 */
export function mentionBatches<T>(
  members: readonly T[],
  nameOf: (member: T) => string,
  limits: { maxMentions: number; maxLength: number; textLength: number },
): T[][] {
  const budget = limits.maxLength - limits.textLength
  const batches: T[][] = []
  let batch: T[] = []
  let used = 0
  for (const m of members) {
    const cost = nameOf(m).length + 2
    if (batch.length && (batch.length >= limits.maxMentions || used + cost > budget)) {
      batches.push(batch)
      batch = []
      used = 0
    }
    batch.push(m)
    used += cost
  }
  if (batch.length) batches.push(batch)
  return batches
}
