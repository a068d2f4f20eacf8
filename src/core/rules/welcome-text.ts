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
    成员: vars.memberNames.map((name) => `@${name}`).join('、'),
    群名: vars.groupName,
    昵称示例: vars.nicknameExample,
  })
}
