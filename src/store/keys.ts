/**
 * Every Redis key QunHQ writes, in one place, each beside its lifetime: a TTL that every
 * write sets or refreshes, or a bound on its size, or the reason it is kept for good.
 * `prefix` separates deployments (and tests); BullMQ gets the same prefix for its own keys.
 * test/integration/key-lifetimes.test.ts plays a run of every feature and fails on any key
 * that has no TTL and no bound here.
 */

const MINUTE = 60_000
const DAY = 86_400_000

export type KeyLifetime = {
  /** the key's shape after `<prefix>:`; `*` stands for any text within a segment (ids never hold `:`), `**` for the rest */
  pattern: string
} & (
  | { /** every write sets or refreshes a TTL; `ttlMs` when it is fixed, else what it depends on */ ttlMs: number; maxLength?: number }
  | { ttl: string }
  | { /** no TTL: how its size is held */ bound: string; maxLength?: number }
  | { /** no TTL, by design: why */ permanent: string }
  | { /** BullMQ's own keys, trimmed by the queue's removeOnComplete / removeOnFail ages */ owner: 'bullmq'; bound: string }
)

export const KEY_LIFETIMES = {
  // ids
  seq: { pattern: 'seq:*', permanent: 'one counter per kind (broadcast, question, schedule, case): an id must never be given twice' },

  // groups
  groups: { pattern: 'groups', bound: 'one field per group the account is in (the registry follows WeChat)' },
  groupTags: { pattern: 'group-tags', bound: 'one field per group HQ retagged' },

  // outbound (written by outbound-queue.ts)
  ledger: { pattern: 'ledger:*', ttlMs: 30 * DAY },
  pacingNextAt: { pattern: 'out:*:next-at', bound: 'one number per account' },
  failures: { pattern: 'out:*:failures', bound: 'one number per account' },
  breakerOpenSince: { pattern: 'out:*:open-since', bound: 'one number per account: set when its breaker opens, removed at its next sent' },
  dailyCount: { pattern: 'out:*:day:*', ttlMs: 2 * DAY },

  // accounts (issue 11, src/accounts): who serves each group, who is online
  serving: { pattern: 'acct:serving', bound: 'one field per room any account is in: its serving account' },
  servingLoad: { pattern: 'acct:load', bound: 'one number per account: the rooms it serves' },
  accountsOnline: { pattern: 'acct:online', bound: 'one field per account logged in now (since when)' },
  accountLeases: { pattern: 'acct:lease', bound: 'one member per account online: its lease expiry' },
  accountRooms: { pattern: 'acct:rooms:*', bound: 'per account, the rooms it is in; replaced at each login' },
  accountInfo: { pattern: 'acct:info:*', bound: 'per account, a few fields (first seen, offline since, last error, its WeChat id)' },
  accountSelves: { pattern: 'acct:selves', bound: 'one field per account: its WeChat id' },
  broadcastCounted: { pattern: 'bc:*:counted', ttlMs: 90 * DAY },
  messageClaimed: { pattern: 'acct:seen:*', ttlMs: DAY },
  jobAdopted: { pattern: 'acct:adopted:*', ttlMs: MINUTE },
  accountHolder: { pattern: 'acct:holder:*', ttl: 'accounts.leaseMs, refreshed by the holding process every third of it; deleted at its clean stop' },

  // broadcasts and HQ
  broadcast: { pattern: 'bc:*', ttlMs: 90 * DAY },
  /** set: the rooms a broadcast was delivered to, by name on the console while it runs (each room once, like `counted`) */
  broadcastSent: { pattern: 'bc:*:sent', ttlMs: 90 * DAY },
  /** hash `failed` (room → error), set `uncertain` */
  broadcastRooms: { pattern: 'bc:*:*', ttlMs: 90 * DAY },
  /** the operator's latest broadcasts, for `#进度` without an id */
  broadcastsBy: { pattern: 'bc-by:*', ttlMs: 90 * DAY, maxLength: 100 },
  broadcastsActive: { pattern: 'bc-active', ttlMs: 90 * DAY },
  hqLast: { pattern: 'hq-last:*', ttlMs: 7 * DAY },
  // SOP timelines (src/store/sop-store.ts, plugins/sop): refreshed on every write
  /** hash room → day 0 (YYYY-MM-DD) of a group-anchored timeline */
  sopAnchor: { pattern: 'sop-anchor:*', ttlMs: 400 * DAY },
  /** hash step key (`d3-2000@2026-12-01`) → sent | queued | skipped | late | failed | uncertain */
  sopState: { pattern: 'sop-state:*:*', ttlMs: 400 * DAY },
  /** set of the rooms a timeline is paused in */
  sopPaused: { pattern: 'sop-paused:*', ttlMs: 400 * DAY },
  /** set of the members who joined a room on a day (member-anchored timelines) */
  sopJoined: { pattern: 'sop-joined:*:*', ttlMs: 400 * DAY },
  /** set of the SOP send job ids held past the daily cap on a day (HQ told once that day) */
  sopCapHeld: { pattern: 'sop-cap-held:*', ttlMs: 2 * DAY },
  question: { pattern: 'q:*', ttlMs: 30 * DAY },
  questionsPending: { pattern: 'q-pending', ttlMs: 30 * DAY },
  // the FAQ (issue 22, src/plugins/faq, store/faq.ts): entries learned from #回复 or added by HQ, and what was answered automatically
  faqEntries: { pattern: 'faq', bound: 'one field per FAQ entry; #FAQ 删 removes it' },
  faqVersion: { pattern: 'faq:version', bound: 'one number, raised at every change of the entries' },
  faqHits: { pattern: 'faq:hits', bound: 'one field per FAQ entry, removed with it' },
  faqWrong: { pattern: 'faq:wrong', bound: 'one field per FAQ entry, removed with it' },
  faqAuto: { pattern: 'faq-auto:*', ttlMs: 30 * DAY },
  faqAsked: { pattern: 'faq-asked:*:*:*', ttl: 'faq.cooldownMinutes: a member is not answered the same entry twice within it' },
  faqKeyword: { pattern: 'faq-kw:*:*', ttl: "the keyword's cooldownMinutes, per group" },

  // rules
  memberRecord: { pattern: 'member:*:*', ttlMs: 90 * DAY },
  joined: { pattern: 'joined:*', ttlMs: 90 * DAY },
  nickPending: { pattern: 'nick-pending:*', ttlMs: 90 * DAY },
  recent: { pattern: 'recent:*:*', ttl: 'twice rules.ads.repeat window' },
  cross: { pattern: 'cross:*:*', ttl: 'the longer of the cross-group and repeat windows + 1 s' },
  /** how many messages a member sent in a group (rules.bare: a member the group hardly knows), refreshed by each */
  seen: { pattern: 'seen:*:*', ttlMs: 30 * DAY },
  /**
   * sorted set per room (issue 20, rules.newcomer): member → since when the bot knows them there
   * (0: there before the bot managed the group, the join time for a join it saw); a leaver is
   * dropped, so at most the group's members; refreshed by each message, join and login
   */
  roster: { pattern: 'roster:*', ttlMs: 90 * DAY },
  introEarly: { pattern: 'intro-early:*:*', ttlMs: MINUTE },
  spamStrikes: { pattern: 'strikes:spam:*', ttlMs: 30 * DAY },
  nickStrikes: { pattern: 'strikes:nick:*:*', ttlMs: 90 * DAY },
  spamStrikesDry: { pattern: 'strikes-dry:spam:*', ttlMs: 30 * DAY },
  nickStrikesDry: { pattern: 'strikes-dry:nick:*:*', ttlMs: 90 * DAY },
  /** a rule with its own count per member and room (core/rules/checks: `counted`), e.g. voice */
  ruleStrikes: { pattern: 'strikes:rule:*:*:*', ttlMs: 30 * DAY },
  ruleStrikesDry: { pattern: 'strikes-dry:rule:*:*:*', ttlMs: 30 * DAY },
  blacklist: {
    pattern: 'blacklist',
    permanent: "the operator's decision: a ban holds in every group until #解除黑名单 lifts it; one field per banned member",
  },
  audit: { pattern: 'audit', bound: 'LTRIM 0 9999 on every write', maxLength: 10_000 },
  removal: { pattern: 'rules-rm:*', ttlMs: 30 * DAY },
  welcomeList: { pattern: 'welcome:*', ttl: 'twice rules.welcome.batchMs + 1 h; the batch job deletes it' },
  welcomeOpen: { pattern: 'welcome-open:*', ttl: 'twice rules.welcome.batchMs + 1 min' },
  // images that could not be checked for a QR code, counted per group and reason for HQ's one review line (issue 17)
  imageReview: { pattern: 'img-review', ttl: 'twice images.reviewBatchMs + 1 h; the batch job deletes it' },
  imageReviewOpen: { pattern: 'img-review-open', ttl: 'twice images.reviewBatchMs + 1 min' },

  // review items and removals (R12), the labelled texts of #广告 / #误判
  moderationCase: { pattern: 'case:*', ttlMs: 30 * DAY },
  moderationDecision: { pattern: 'case:*:decided', ttlMs: 30 * DAY },
  labelled: { pattern: 'labelled', bound: 'LABELLED_MAX fields (labelled-texts.ts): past it the oldest unconfirmed label goes first, then the oldest', maxLength: 100_000 },
  labelledOrder: { pattern: 'labelled:order', bound: 'one member per field of `labelled`, trimmed with it', maxLength: 100_000 },
  labelledVersion: { pattern: 'labelled:version', bound: 'one number' },
  // issue 19: the labels the bot inferred (uncontested removals), dropped first; the deployment's learned model
  labelledUnconfirmed: { pattern: 'labelled:unconfirmed', bound: 'the members of `labelled:order` whose label no person gave, trimmed with it', maxLength: 100_000 },
  learnedModel: { pattern: 'ads-model', bound: 'one hash: the latest learned model (a few MB at most) and the store version it was trained on' },
  learnedModelLock: { pattern: 'ads-model:training', ttlMs: 10 * MINUTE },
  /** a console upload between its preview and its import */
  labelledUpload: { pattern: 'labelled-upload:*', ttlMs: 30 * MINUTE },
  /** a member's recent texts in managed groups: offered to HQ for labelling when they are blacklisted */
  recentTexts: { pattern: 'recent-texts:*', ttl: 'one hour after the latest text', maxLength: 20 },
  /** items waiting for one HQ digest (hq-digest.ts), and the key that says its window is open */
  digestItems: { pattern: 'digest:*', ttl: 'twice the digest window + 1 h; the digest job deletes it', maxLength: 200 },
  digestOpen: { pattern: 'digest-open:*', ttl: 'twice the digest window + 1 min' },

  // schedules
  schedules: { pattern: 'sched', permanent: 'one field per schedule; a schedule lives until #删除定时 or the config drops it' },
  schedTick: { pattern: 'sched-tick:*:*', ttlMs: 30 * DAY },

  // analytics: a group's records live while the group is active, days 35 days after their end
  activityMeta: { pattern: 'act:g:*', ttlMs: 90 * DAY },
  activityMembers: { pattern: 'act:m:*:*', ttlMs: 90 * DAY },
  activityDay: { pattern: 'act:d:*:*', ttl: '35 days after the day ends' },
  activityLinks: { pattern: 'act:l:*:*', ttl: '35 days after the day ends' },
  silentPlan: { pattern: 'act:plan:*', ttlMs: 7 * DAY },
  // who brought whom: the channel of a gated entry, written before the invite, taken at the join
  joinChannel: { pattern: 'join-channel:*:*', ttlMs: 14 * DAY },
  // the same for the first members of a group the gate is creating (its id unknown yet): by topic, as long as a creation
  joinChannelNew: { pattern: 'join-channel-new:*:*', ttlMs: DAY },
  silentPlanFailed: { pattern: 'act:plan:*:failed', ttlMs: 7 * DAY },

  // the entry gate (src/plugins/entry, stores entry-*.ts): applications, profiles, codes, invitations
  entryApp: { pattern: 'entry-app:*', ttlMs: 30 * DAY },
  entryProfile: { pattern: 'entry-profile:*', ttlMs: 180 * DAY },
  entryCode: { pattern: 'entry-code:*', ttl: 'entry.codes.ttlDays, set when the code is made; a spent code stays until then, so it is refused as spent' },
  // per day: requests left for a human, applications opened / joined / timed out; 8 days for #报告's 7
  entryStats: { pattern: 'entry-stats:*', ttlMs: 8 * DAY },
  // per room and local day: offences per rule (acted on, and exempt members' counted only); 8 days for #报告's 7
  offenceCounts: { pattern: 'offences:*:*', ttlMs: 8 * DAY },
  entryWarned: { pattern: 'entry-warned:*', ttlMs: DAY },
  /** read only since issue 17 (entrySeats replaced it): the invitations older versions left, released as they lapse */
  entryInvited: { pattern: 'entry-invited:*', ttlMs: 30 * DAY },
  /** per room: contact → until when their seat counts (an open invitation, or a join's grace); past that the seat script drops it */
  entrySeats: { pattern: 'entry-seats:*', ttlMs: 30 * DAY },
  /** the applicants waiting for a seat (the groups were full), oldest first; each leaves it when placed or gone */
  entryLine: { pattern: 'entry-line', ttlMs: 30 * DAY },
  /** NX: HQ heard that a target's groups are full; cleared when its line is empty */
  entryFull: { pattern: 'entry-full:*', ttlMs: DAY },
  /** the gate's lines for HQ not sent yet (entry-digest.ts); every write refreshes it, each digest sent drops its fields */
  entryDigest: { pattern: 'entry-digest', ttlMs: DAY },
  entryDigestOpen: { pattern: 'entry-digest:open', ttl: 'twice entry.digestMs + 1 min; the digest job deletes it' },
  /** a contact's code tries in the window (entry.codes.maxTries per entry.codes.triesWindowMs) */
  entryCodeTries: { pattern: 'entry-code-tries:*', ttl: 'entry.codes.triesWindowMs, from the first try (again from the refusal)' },
  entryCreating: { pattern: 'entry-creating:*', ttlMs: DAY },
  entryCreateLock: { pattern: 'entry-create-lock:*', ttlMs: DAY },
  entryWaiting: { pattern: 'entry-waiting:*', ttlMs: DAY },
  // the web console (src/http): a #控制台 sign-in link (single use) and a session
  consoleLink: { pattern: 'console-link:*', ttl: 'console.linkTtlMinutes; deleted when used' },
  consoleSession: { pattern: 'console-session:*', ttl: 'console.sessionHours' },
  // the answer to a console action, shown once on the next page of that session
  consoleFlash: { pattern: 'console-flash:*', ttlMs: 5 * MINUTE },

  // Redis health (redis-health.ts, wired in app.ts): the probe write during an outage
  healthProbe: { pattern: 'health-probe', ttlMs: MINUTE },

  // BullMQ's queues: <prefix>:<queue>:…
  controlQueue: { pattern: 'ctl:**', owner: 'bullmq', bound: 'removeOnComplete 1 day, removeOnFail 7 days (control-queue.ts, job-schedulers.ts)' },
  outboundQueue: { pattern: 'out-*:**', owner: 'bullmq', bound: 'removeOnComplete 7 days, removeOnFail 30 days (outbound-queue.ts)' },
} as const satisfies Record<string, KeyLifetime>

export type KeyName = keyof typeof KEY_LIFETIMES

/** The fixed TTL of a key, in ms (throws for a key without one: a mistake in this file). */
export function ttlMsOf(name: KeyName): number {
  const entry: KeyLifetime = KEY_LIFETIMES[name]
  if (!('ttlMs' in entry)) throw new Error(`key ${name} has no fixed TTL`)
  return entry.ttlMs
}

/** The registry entry a key (with its prefix) belongs to; the most specific one wins. */
export function lifetimeOf(prefix: string, key: string): [KeyName, KeyLifetime] | undefined {
  if (!key.startsWith(`${prefix}:`)) return undefined
  const parts = key.slice(prefix.length + 1).split(':')
  const segment = (want: string, part: string) =>
    new RegExp(`^${want.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^:]*')}$`).test(part)
  const matches = (pattern: string) => {
    const want = pattern.split(':')
    for (let i = 0; i < want.length; i++) {
      if (want[i] === '**') return parts.length > i
      if (i >= parts.length || !segment(want[i]!, parts[i]!)) return false
    }
    return want.length === parts.length
  }
  for (const [name, entry] of Object.entries(KEY_LIFETIMES) as [KeyName, KeyLifetime][]) {
    if (matches(entry.pattern)) return [name, entry]
  }
  return undefined
}

/**
 * True when every key under `prefix:` lands in one Redis Cluster hash slot: the prefix holds
 * a hash tag (a non-empty `{…}`, the first one in the key is what Redis hashes).
 */
export function hasHashTag(prefix: string): boolean {
  const open = prefix.indexOf('{')
  if (open < 0) return false
  const close = prefix.indexOf('}', open + 1)
  return close > open + 1
}

/**
 * The deployment's prefix as used on a Redis Cluster: wrapped as `{prefix}` unless it already
 * holds a hash tag. Every key of a deployment (ours and BullMQ's) then sits in one slot, so
 * every MULTI, Lua script and pipeline may touch any of them (docs/architecture.md, "Redis
 * Cluster"). On one Redis the prefix stays as given: the keys of a running deployment keep
 * their names.
 */
export function deploymentPrefix(prefix: string, cluster: boolean): string {
  return cluster && !hasHashTag(prefix) ? `{${prefix}}` : prefix
}

export function createKeys(prefix: string) {
  const k = (...parts: string[]) => [prefix, ...parts].join(':')
  return {
    prefix,
    seq: (kind: string) => k('seq', kind),
    /** hash: roomId → JSON GroupRecord */
    groups: () => k('groups'),
    /** hash: roomId → JSON tag list changed from HQ (overrides config tags) */
    groupTags: () => k('group-tags'),
    ledger: (deliveryId: string) => k('ledger', deliveryId),
    pacingNextAt: (account: string) => k('out', account, 'next-at'),
    failures: (account: string) => k('out', account, 'failures'),
    /** string: when the account's breaker opened (bot clock, ms), kept until a send succeeds: the breaker's open state */
    breakerOpenSince: (account: string) => k('out', account, 'open-since'),
    dailyCount: (account: string, day: string) => k('out', account, 'day', day),
    /** hash: roomId → the account that serves it (written by the claim script, accounts/serving.ts) */
    serving: () => k('acct', 'serving'),
    /** hash: account → rooms it serves */
    servingLoad: () => k('acct', 'load'),
    /** hash: account → online since (ms) */
    accountsOnline: () => k('acct', 'online'),
    /** sorted set: account → when its lease expires (ms, bot clock); refreshed by the account's own process */
    accountLeases: () => k('acct', 'lease'),
    /** set: the rooms the account is in */
    accountRooms: (account: string) => k('acct', 'rooms', account),
    /** hash: account → its WeChat contact id (a sibling account's message is never a member's) */
    accountSelves: () => k('acct', 'selves'),
    /** hash: firstSeen, offlineSince, lastError, lastErrorAt, wechatId (recorded at its first login, issue 17) */
    accountInfo: (account: string) => k('acct', 'info', account),
    /** string, set NX by the account that handles a room message (the serving account may change while others still hold it) */
    messageClaimed: (messageId: string) => k('acct', 'seen', messageId),
    /** string, set NX for a minute by the process that settles a dead process's job in hand (outbound settleInHand) */
    jobAdopted: (jobId: string) => k('acct', 'adopted', jobId),
    /** hash: the process that holds the account (host, pid, pidns, token, since, beats), issue 17; expires unless refreshed */
    accountHolder: (account: string) => k('acct', 'holder', account),
    /** set: the rooms of a broadcast whose outcome was counted (each room once, whichever account) */
    broadcastCounted: (id: string) => k('bc', id, 'counted'),
    broadcast: (id: string) => k('bc', id),
    /** set: the rooms this broadcast was delivered to */
    broadcastSent: (id: string) => k('bc', id, 'sent'),
    broadcastRooms: (id: string, outcome: 'failed' | 'uncertain') => k('bc', id, outcome),
    broadcastsBy: (contactId: string) => k('bc-by', contactId),
    broadcastsActive: () => k('bc-active'),
    hqLast: (contactId: string) => k('hq-last', contactId),
    sopAnchor: (timeline: string) => k('sop-anchor', timeline),
    sopState: (timeline: string, roomId: string) => k('sop-state', timeline, roomId),
    sopPaused: (timeline: string) => k('sop-paused', timeline),
    sopJoined: (roomId: string, day: string) => k('sop-joined', roomId, day),
    sopCapHeld: (day: string) => k('sop-cap-held', day),
    question: (id: string) => k('q', id),
    questionsPending: () => k('q-pending'),
    /** hash: FAQ entry id → JSON FaqEntry */
    faqEntries: () => k('faq'),
    /** number, INCR at every change of `faq`: processes rebuild their index when it moves */
    faqVersion: () => k('faq', 'version'),
    /** hash: FAQ entry id → automatic answers given */
    faqHits: () => k('faq', 'hits'),
    /** hash: FAQ entry id → #误答 received */
    faqWrong: () => k('faq', 'wrong'),
    /** string, JSON AutoAnswer: the automatic answer a question got (for #误答) */
    faqAuto: (questionId: string) => k('faq-auto', questionId),
    /** string, NX: a member got this entry's answer in this room lately */
    faqAsked: (roomId: string, memberId: string, entryId: string) => k('faq-asked', roomId, memberId, entryId),
    /** string, NX: a keyword reply was sent in this room lately */
    faqKeyword: (roomId: string, keywordHash: string) => k('faq-kw', roomId, keywordHash),

    memberRecord: (roomId: string, memberId: string) => k('member', roomId, memberId),
    joined: (roomId: string) => k('joined', roomId),
    nickPending: (roomId: string) => k('nick-pending', roomId),
    recent: (roomId: string, memberId: string) => k('recent', roomId, memberId),
    cross: (memberId: string, hash: string) => k('cross', memberId, hash),
    seen: (roomId: string, memberId: string) => k('seen', roomId, memberId),
    /** sorted set: member → since when the bot knows them in the room (0: before it managed it), rules.newcomer */
    roster: (roomId: string) => k('roster', roomId),
    /** hash: rule (acted on) or `exempt:<rule>` (only counted) → offences in the room that UTC day */
    offenceCounts: (roomId: string, day: string) => k('offences', roomId, day),
    introEarly: (roomId: string, memberId: string) => k('intro-early', roomId, memberId),
    spamStrikes: (memberId: string, dry: boolean) => k(dry ? 'strikes-dry' : 'strikes', 'spam', memberId),
    nickStrikes: (roomId: string, memberId: string, dry: boolean) => k(dry ? 'strikes-dry' : 'strikes', 'nick', roomId, memberId),
    ruleStrikes: (rule: string, roomId: string, memberId: string, dry: boolean) => k(dry ? 'strikes-dry' : 'strikes', 'rule', rule, roomId, memberId),
    blacklist: () => k('blacklist'),
    audit: () => k('audit'),
    removal: (jobId: string) => k('rules-rm', jobId),
    welcomeList: (roomId: string) => k('welcome', roomId),
    welcomeOpen: (roomId: string) => k('welcome-open', roomId),
    imageReview: () => k('img-review'),
    imageReviewOpen: () => k('img-review-open'),

    schedules: () => k('sched'),
    schedTick: (scheduleRef: string, at: number) => k('sched-tick', scheduleRef, String(at)),

    activityMeta: (roomId: string) => k('act', 'g', roomId),
    activityMembers: (roomId: string, bucket: number) => k('act', 'm', roomId, String(bucket)),
    activityDay: (roomId: string, day: string) => k('act', 'd', roomId, day),
    activityLinks: (roomId: string, day: string) => k('act', 'l', roomId, day),
    silentPlan: (id: string) => k('act', 'plan', id),
    /** string: the entry channel (`keyword:<kw>`, `code`) of a contact the bot is about to invite; 14-day TTL */
    joinChannel: (roomId: string, contactId: string) => k('join-channel', roomId, contactId),
    /** string: the same, for a first member of a group the gate is creating, by its topic's hash; 1-day TTL */
    joinChannelNew: (topicHash: string, contactId: string) => k('join-channel-new', topicHash, contactId),
    silentPlanFailed: (id: string) => k('act', 'plan', id, 'failed'),
    /** string, JSON EntryApplication of a contact applying (src/plugins/entry) */
    entryApp: (contactId: string) => k('entry-app', contactId),
    /** string, JSON EntryProfile: a newcomer's answers, channel and group */
    entryProfile: (contactId: string) => k('entry-profile', contactId),
    /** hash: target, by, at; spentBy, spentAt once spent (HSETNX: a code is spent once) */
    entryCode: (code: string) => k('entry-code', code),
    /** hash of the entry gate's counts per day (YYYY-MM-DD): unmatched, started, joined, timedOut */
    entryStats: (day: string) => k('entry-stats', day),
    /** hash of a room's offences on a day (YYYY-MM-DD): `<rule>` acted on, `exempt:<rule>` counted only */
    /** string, NX: HQ was told today that a target (its hash) is nearly full */
    entryWarned: (targetHash: string) => k('entry-warned', targetHash),
    /** set of contacts invited into a room who have not joined (written before issue 17; now only read and released) */
    entryInvited: (roomId: string) => k('entry-invited', roomId),
    /** sorted set: contact → until when their seat in the room counts (bot clock ms); see store/entry-seat-script.ts */
    entrySeats: (roomId: string) => k('entry-seats', roomId),
    /** sorted set: the applicants waiting for a seat, contact → since when */
    entryLine: () => k('entry-line'),
    /** string, NX: HQ was told that a target's groups (its hash) are full */
    entryFull: (labelHash: string) => k('entry-full', labelHash),
    /** hash: the lines of the gate's digests not sent yet (fields `<digest id>|<kind>|…`, store/entry-digest.ts) */
    entryDigest: () => k('entry-digest'),
    /** string: the id of the digest taking lines now */
    entryDigestOpen: () => k('entry-digest', 'open'),
    /** counter: a contact's code tries in the window */
    entryCodeTries: (contactId: string) => k('entry-code-tries', contactId),
    /** string, JSON of a group the bot is creating, by the hash of its topic */
    entryCreating: (topicHash: string) => k('entry-creating', topicHash),
    /** string, NX: the topic being created for a route (its hash), so two newcomers make one group */
    entryCreateLock: (routeHash: string) => k('entry-create-lock', routeHash),
    /** set of contacts waiting for the group being created (by the hash of its topic) */
    entryWaiting: (topicHash: string) => k('entry-waiting', topicHash),

    /** string: the contact a one-time console sign-in link was sent to; GETDEL on use */
    consoleLink: (token: string) => k('console-link', token),
    /** string, JSON ConsoleSession: who signed in and the CSRF token of their forms */
    consoleSession: (id: string) => k('console-session', id),
    /** string: the answer to the session's last console action, taken (GETDEL) by the next page */
    consoleFlash: (sessionId: string) => k('console-flash', sessionId),
    /** string with a short TTL: the write that tells whether Redis takes writes again */
    healthProbe: () => k('health-probe'),

    /** string, JSON ModerationCase (a review item or a removal, id R12); 30-day TTL */
    moderationCase: (id: string) => k('case', id),
    /** string, the decision taken on a case (`#广告` / `#误判`), set once (NX); 30-day TTL */
    moderationDecision: (id: string) => k('case', id, 'decided'),
    /** hash: sha1 of the normalised text → JSON LabelledText; capped (LABELLED_MAX, oldest dropped) */
    labelled: () => k('labelled'),
    /** sorted set: sha1 → labelled at (ms), to drop the oldest past the cap */
    labelledOrder: () => k('labelled', 'order'),
    /** counter, bumped on every label: processes reload their index when it moves */
    labelledVersion: () => k('labelled', 'version'),
    /** sorted set: sha1 → labelled at, for the labels no person gave (dropped first past the cap) */
    labelledUnconfirmed: () => k('labelled', 'unconfirmed'),
    /** hash: version (the labelled store's version trained on), meta (JSON), weights (deflated Float32 LE) */
    learnedModel: () => k('ads-model'),
    /** string, NX with a TTL: the process training the learned model now */
    learnedModelLock: () => k('ads-model', 'training'),
    /** string, JSON: a console upload's parsed examples, kept between its preview and its import */
    labelledUpload: (id: string) => k('labelled-upload', id),
    /** list: a member's latest texts in managed groups (JSON), newest first */
    recentTexts: (memberId: string) => k('recent-texts', memberId),
    /** list: the items of one HQ digest (JSON), in arrival order */
    digestItems: (name: string) => k('digest', name),
    /** string, NX: the digest's window is open (its job is scheduled) */
    digestOpen: (name: string) => k('digest-open', name),
  }
}

export type Keys = ReturnType<typeof createKeys>
