/** The parsed shape of every HQ command (spec/commands.md). */
import type { CommandName } from './command-table'
import type { When } from './parse-when'

export type Target = { kind: 'all' } | { kind: 'tags'; tags: string[] } | { kind: 'groups'; names: string[] }

export type ContactRef = { kind: 'id'; id: string } | { kind: 'mention'; name: string }

export type Command =
  | { name: 'help'; topic?: CommandName }
  | { name: 'broadcast'; target: Target; text: string }
  | { name: 'forward'; target: Target }
  | { name: 'confirm' | 'cancel' | 'progress'; id?: string }
  | { name: 'retry'; id: string }
  | { name: 'schedule'; when: When; whenText: string; target: Target; text: string }
  | { name: 'schedules' | 'bans' | 'console' }
  | { name: 'unschedule'; id: string }
  | { name: 'groups' | 'report' | 'points' | 'invites'; target?: Target }
  | { name: 'tag'; group: string; add: string[]; remove: string[] }
  | { name: 'reply'; questionId: string; text: string }
  | { name: 'ban'; who: ContactRef; reason?: string }
  | { name: 'unban'; contactId: string }
  | { name: 'remove'; who: ContactRef; target?: Target }
  | { name: 'warn'; who: ContactRef; reason?: string }
  | { name: 'rules'; action: 'reload' | 'show'; group?: string }
  | { name: 'silent'; target?: Target; days?: number }
  /** no id: the message quoted (quote-reply) is meant */
  | { name: 'ad'; caseId?: string }
  | { name: 'notad'; caseId?: string; text?: string }
  /** `#入群码 生成 20 标签:训练营`: one-time codes for the entry gate */
  | { name: 'codes'; count: number; target: Target; targetText: string }
  /** no `back`: the list; `back`: the groups moved away from that account return to it */
  | { name: 'accounts'; back?: string }

export type ParseResult =
  | { kind: 'not-command' }
  | { kind: 'ok'; command: Command }
  | { kind: 'error'; name?: CommandName; message: string }

/** Why arguments were refused; the parser adds the command's usage. */
export interface Problem {
  problem: string
}

export function problem(reason: string): Problem {
  return { problem: reason }
}

export function isProblem(value: object): value is Problem {
  return 'problem' in value
}
