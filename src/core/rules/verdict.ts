import type { RuleName } from './checks'
import type { Notice, VerdictKind, VerdictOf } from './checks/check'

/**
 * What the rule engine decides, as plain data. The caller carries verdicts out through
 * the paced outbound queue (or, in dry-run, only reports them to HQ): the engine itself
 * never acts, never reads the clock and never looks at `rules.dryRun`.
 *
 * - `warn`, `remind`: say `notice` in the room, @-mentioning the member.
 * - `remove`: remove the member from `roomId`, then say `notice` (no mention: they are gone).
 * - `blacklist`: ban the member from every managed group (always follows a `remove`).
 * - `report`: tell HQ; nothing is said in the room.
 * - `alert-hq`: tell HQ; nothing is done to the member (watch-words).
 * - `review`: the ad evidence is weak: no strike, nothing in the group; HQ gets one line
 *   with an id (R12) to answer `#广告 R12` (act on it) or `#误判 R12` (release it). In
 *   dry-run too: it is only a report.
 *
 * The rules a verdict may name come from the list of checks (core/rules/checks/index.ts).
 */
export type { Notice, VerdictKind }

export type Verdict = VerdictOf<RuleName>

/** Kinds that do something in a group (and so are only reported, prefixed [演练], in dry-run). */
export const GROUP_ACTIONS: ReadonlySet<VerdictKind> = new Set<VerdictKind>(['warn', 'remove', 'remind', 'blacklist'])
