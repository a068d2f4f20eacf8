/**
 * Plain activity records the analytics work on. The Redis store keeps them as messages
 * arrive and hands them over as these shapes; nothing here sees Redis or the clock.
 */

/** One group's totals for one local day (`YYYY-MM-DD` in the configured time zone). */
export interface GroupDay {
  day: string
  messages: number
  /** distinct members who spoke that day */
  activeMembers: number
  joins: number
  leaves: number
  /** joins by channel (`keyword:<kw>`, `code`, `member`, `unknown`) */
  channels?: Record<string, number>
}

/** One current member of one group, as the store knows them. Times are epoch ms. */
export interface MemberActivity {
  id: string
  name: string
  lastMessageAt?: number
  joinedAt?: number
  messages30d: number
  /** on how many of the last 7 local days the member spoke (0–7) */
  activeDays7: number
  introduced: boolean
  nicknameOk: boolean
  /** members this member invited into the group who stayed `inviteHoldDays` (see `heldInvites`) */
  invites: number
  /** times other members @-mentioned this member */
  mentionedCount: number
  /** messages per local day (`YYYY-MM-DD` → count), for the daily cap of points */
  dailyMessages?: Record<string, number>
}

/** Two members linked by an @-mention or a reply, either way round. */
export interface Link {
  a: string
  b: string
}

/** `analytics.points` of the config (spec/config.md). */
export interface PointsConfig {
  message: number
  /** most messages that earn points per member and day; 0 = no cap */
  messageDailyCap: number
  intro: number
  invite: number
  mentioned: number
  /** an invite counts once the invitee has stayed this many days (a friend who leaves at once earns nothing) */
  inviteHoldDays: number
}

export const DAY_MS = 86_400_000
