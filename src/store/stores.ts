import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import { createActivityStore } from './activity-store'
import { createAuditLog } from './audit-log'
import { createBlacklist } from './blacklist'
import { createEntryApplications } from './entry-applications'
import { createEntryChannels } from './entry-channels'
import { createEntryCodes } from './entry-codes'
import { createEntryDigest } from './entry-digest'
import { createEntrySeats } from './entry-seats'
import { createEntryStats } from './entry-stats'
import { createHqLast } from './hq-last'
import { createImageReview } from './image-review'
import type { Keys } from './keys'
import { createLabelledTexts } from './labelled-texts'
import { createLabelledUploads } from './labelled-uploads'
import { createLearnedModels } from './learned-models'
import { createDigestLists } from './digest-lists'
import { createFaqStore } from './faq'
import { createRecentTexts } from './recent-texts'
import { createMemberRecords } from './member-records'
import { createModerationCases } from './moderation-cases'
import { createNewcomerRoster } from './newcomer-roster'
import { createOffenceCounts } from './offence-counts'
import { createQuestions } from './questions'
import { createRemovalRecords } from './removal-records'
import { createScheduleStore } from './schedule-store'
import { createSilentPlans } from './silent-plans'
import { createSopStore } from './sop-store'
import { logRefused } from './stored-json'
import { createStrikes } from './strikes'
import { createWelcomeBatches } from './welcome-batches'

/**
 * Every repository a feature may use (`ctx.stores`), on one client. Features see these and
 * never the client: what is stored, under which key and for how long is decided here and
 * in keys.ts, and a stored value that is not what we write is refused here (logged, read
 * as missing), not handed on.
 */
export function createStores(deps: { redis: Redis; keys: Keys; logger: Logger; timeZone: () => string; now: () => number }) {
  const { redis, keys } = deps
  const onBad = logRefused(deps.logger)
  return {
    hqLast: createHqLast(redis, keys, onBad),
    questions: createQuestions(redis, keys, onBad),
    /** the FAQ learned from #回复 and kept by HQ (src/plugins/faq, issue 22) */
    faq: createFaqStore(redis, keys, onBad),
    removals: createRemovalRecords(redis, keys, onBad),
    welcome: createWelcomeBatches(redis, keys),
    /** images not checked for a QR code, counted for HQ's one review line (src/plugins/rules/unchecked-images.ts) */
    imageReview: createImageReview(redis, keys),
    silentPlans: createSilentPlans(redis, keys, onBad),
    schedules: createScheduleStore(redis, keys, onBad),
    /** SOP timelines: day 0 of each group, each step's state, paused groups, join days */
    sop: createSopStore(redis, keys),
    activity: createActivityStore({ redis, prefix: keys.prefix, timeZone: deps.timeZone, now: deps.now }),
    /** who brought whom: the entry gate marks a contact's channel before its invite; analytics takes it at the join */
    entryChannels: createEntryChannels(redis, keys, onBad),
    strikes: createStrikes(redis, keys.prefix),
    blacklist: createBlacklist(redis, keys.prefix, onBad),
    audit: createAuditLog(redis, keys.prefix, onBad),
    memberRecords: createMemberRecords(redis, keys.prefix, onBad),
    /** who is new in a group, as the bot saw them join (rules.newcomer), with the `seen` counter */
    newcomers: createNewcomerRoster(redis, keys),
    cases: createModerationCases(redis, keys, onBad),
    labelled: createLabelledTexts(redis, keys, onBad),
    /** the deployment's learned ad model, trained from `labelled` (issue 19) */
    learnedModels: createLearnedModels(redis, keys, onBad),
    /** each member's texts of the last hour, offered to HQ when they are blacklisted */
    recentTexts: createRecentTexts(redis, keys, onBad),
    /** a console upload of labelled texts between its preview and its import */
    labelledUploads: createLabelledUploads(redis, keys, onBad),
    /** items waiting for a batched HQ line (queue/hq-digest.ts) */
    digests: createDigestLists(redis, keys),
    // the entry gate (src/plugins/entry): applications and profiles, seats and groups being made, codes
    entryApps: createEntryApplications(redis, keys, onBad),
    entrySeats: createEntrySeats(redis, keys, onBad),
    entryCodes: createEntryCodes(redis, keys),
    /** the gate's counts per day (requests left for a human, applications opened / joined / timed out), read by #报告 */
    entryStats: createEntryStats(redis, keys),
    /** offences per room, day and rule (the rules plugin counts; #报告 and the console's groups table read) */
    offences: createOffenceCounts(redis, keys),
    /** the gate's lines for HQ, gathered into one digest per entry.digestMs */
    entryDigest: createEntryDigest(redis, keys),
  }
}

export type Stores = ReturnType<typeof createStores>
