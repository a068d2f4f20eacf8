/** Shapes the shared argument parsers return: targets, contact references, and a refusal. */

export type Target = { kind: 'all' } | { kind: 'tags'; tags: string[] } | { kind: 'groups'; names: string[] }

export type ContactRef = { kind: 'id'; id: string } | { kind: 'mention'; name: string }

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
