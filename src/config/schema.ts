import { accountId, accountsSchema } from './accounts-schema'
import { z } from 'zod'
import { mediaDirSchema, mediaSchema } from './media-schema'
import { contactIds } from './schema-parts'
import { analyticsSection } from './sections/analytics'
import { entrySection } from './sections/entry'
import { questionsSection } from './sections/questions'
import { faqSection } from './sections/faq'
import { rulesOverrideSchema, rulesSection } from './sections/rules'
import { schedulesSection } from './sections/schedules'
import { sopSection } from './sections/sop'

export { adsSchema, floodSchema, introSchema, nicknameSchema, rulesOverrideSchema, rulesSchema, welcomeSchema } from './sections/rules'
export type { RulesOverride, RulesPolicy } from './sections/rules'
export type { ScheduleEntry } from './sections/schedules'
export type { SopConfig, SopStep, SopTimeline } from './sections/sop'
export { entrySchema } from './sections/entry'
export type { EntryConfig, EntryForm, EntryQuestion } from './sections/entry'

/**
 * The one schema for `config/*.yaml` and for the `config:` block of a scenario: the core
 * sections below, and the sections the plugins own (`PLUGIN_SECTIONS`, each in
 * `sections/`, each a plugin's `Config`). It is one zod object, so an error names the
 * full path of the bad key (`rules.ads.adAt: …`) whichever part owns it.
 * Every key has a default, so `{}` parses to a complete, working config; unknown
 * keys are rejected (`.strict()`), because they are almost always typos.
 */

const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/
const quietHours = z
  .string()
  .refine((s) => s === '' || (s.split('-').length === 2 && s.split('-').every((p) => hhmm.test(p))), {
    message: 'expected "HH:MM-HH:MM" or "" for none',
  })

const timeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz })
      return true
    } catch {
      return false
    }
  },
  { message: 'unknown time zone' },
)

const groupEntry = z
  .object({
    room: z.string().min(1),
    key: z.string().regex(/^[^\s,:：]+$/, 'a key has no spaces, commas or colons').optional(),
    tags: z.array(z.string().min(1)).default([]),
    leaders: contactIds,
    rules: rulesOverrideSchema.default({}),
    /** the accounts preferred to serve this group, in order (issue 11); default: balanced by load */
    accounts: z.array(accountId).optional(),
  })
  .strict()

const outboundSchema = z
  .object({
    minIntervalMs: z.number().int().min(0).default(3000),
    jitterMs: z.number().int().min(0).default(2000),
    quietHours: quietHours.default('23:00-07:00'),
    dailyCap: z.number().int().min(1).default(3000),
    maxAttempts: z.number().int().min(1).default(3),
    backoffMs: z.number().int().min(0).default(5000),
    breaker: z
      .object({ failures: z.number().int().min(1).default(3), pauseMs: z.number().int().min(0).default(600000) })
      .strict()
      .default({ failures: 3, pauseMs: 600000 }),
    /** how often a broadcast reports progress to HQ (every N groups); 0 = never */
    progressEvery: z.number().int().min(0).default(50),
    /** characters in one text the bot sends (see core/text-limits.ts); longer HQ replies become pages */
    maxTextLength: z.number().int().min(200).max(20000).default(2000),
    /** pages of one long HQ reply; the rest is summarised as a count */
    maxReplyPages: z.number().int().min(1).max(50).default(5),
  })
  .strict()

const redisSchema = z
  .object({
    /** after a Redis error, the first wait before a probe write; doubles up to maxRetryMs */
    retryMs: z.number().int().min(1).default(500),
    maxRetryMs: z.number().int().min(1).default(30000),
    /** WeChat events held in memory while Redis fails, replayed in order on recovery */
    holdEvents: z.number().int().min(1).default(1000),
    /** at start, tell HQ when Redis keeps no append-only file and no snapshots */
    warnNoPersistence: z.boolean().default(true),
  })
  .strict()

/** Reading QR codes from images: a pixel budget and worker threads with limits (src/images/qr-reader.ts). */
export const imagesSchema = z
  .object({
    /** an image whose header declares more pixels is refused without decoding (and goes to HQ's review) */
    maxMegapixels: z.number().positive().max(100).default(16),
    /** an image file larger than this is refused without being fetched whole (and goes to HQ's review) */
    maxFileMb: z.number().positive().max(512).default(48),
    /** a decode that takes longer is stopped (its worker is replaced) */
    timeLimitMs: z.number().int().min(1).default(5000),
    workers: z.number().int().min(1).max(4).default(1),
    /**
     * images waiting for a worker, all groups together (the backlog: each holds a way to fetch
     * the image again, not its pixels); past it the fair share decides which image gives way,
     * and that one goes to HQ's review unchecked
     */
    maxQueue: z.number().int().min(0).default(100),
    /** images of one group waiting at once: one busy group cannot take the whole backlog */
    perGroupQueue: z.number().int().min(0).default(20),
    /** an image that waited longer than this is given up (HQ's review) */
    maxWaitMs: z.number().int().min(1).default(600_000),
    /** the images that could not be checked within this long share one line to HQ (a count per group) */
    reviewBatchMs: z.number().int().min(1).default(60_000),
    /** a worker's JavaScript heap (V8 old generation) */
    workerMemoryMb: z.number().int().min(32).default(256),
    /**
     * A member who posts many big images at once: from `images` images of at least
     * `minMegapixels` in one group within `withinMs`, the message carries the count and
     * plugins hear `imageBurst` (a hook for the flood rules; nothing acts on it yet)
     */
    burst: z
      .object({
        images: z.number().int().min(2).default(5),
        withinMs: z.number().int().min(1).default(60_000),
        minMegapixels: z.number().min(0).default(4),
      })
      .strict()
      .default({ images: 5, withinMs: 60_000, minMegapixels: 4 }),
  })
  .strict()

/** The web console (src/http, docs/console.md): sign-in links and sessions. */
export const consoleSchema = z
  .object({
    /** a #控制台 sign-in link works once, within this many minutes */
    linkTtlMinutes: z.number().int().min(1).max(60).default(10),
    /** a console session (its cookie) lasts this long without a new link */
    sessionHours: z.number().int().min(1).max(720).default(12),
    /** the address operators open (e.g. https://hq.example.com); unset: http://127.0.0.1:<HTTP_PORT> */
    publicUrl: z.string().regex(/^https?:\/\/[^\s]+$/, 'expected http(s)://host[:port]').optional(),
    /** the groups table (page and export) is computed at most once in this many seconds; 0: on every request */
    groupsTableSeconds: z.number().int().min(0).max(300).default(10),
    /**
     * per client address: this many failed sign-ins (a bad link) or bearer checks within
     * `minutes` refuse its sign-ins with 429 for `minutes` (docs/console.md, "Security")
     */
    signInLimit: z
      .object({ failures: z.number().int().min(1).max(1000).default(10), minutes: z.number().int().min(1).max(1440).default(15) })
      .strict()
      .default({ failures: 10, minutes: 15 }),
  })
  .strict()

/** The sections no plugin owns: where HQ is, who may do what, which groups, pacing, Redis, images. */
const coreSections = {
  timezone: timeZone.default('Asia/Shanghai'),
  hq: z
    .object({
      rooms: z.array(z.string().min(1)).default([]),
      confirmAbove: z.number().int().min(0).default(10),
      /** an unconfirmed fan-out is dropped after this long */
      confirmTtlMs: z.number().int().min(0).default(3600000),
    })
    .strict()
    .default({ rooms: [], confirmAbove: 10, confirmTtlMs: 3600000 }),
  roles: z
    .object({ admin: contactIds, operator: contactIds, viewer: contactIds })
    .strict()
    .default({ admin: [], operator: [], viewer: [] }),
  groups: z
    .object({ autoManage: z.boolean().default(true), list: z.array(groupEntry).default([]) })
    .strict()
    .default({ autoManage: true, list: [] }),
  outbound: outboundSchema.default(outboundSchema.parse({})),
  accounts: accountsSchema.default(accountsSchema.parse({})),
  redis: redisSchema.default(redisSchema.parse({})),
  images: imagesSchema.default(imagesSchema.parse({})),
  console: consoleSchema.default(consoleSchema.parse({})),
  /** the media library (src/media, docs/media.md): items SOP steps, broadcasts and schedules send by id */
  media: mediaSchema.default([]),
  /** the folder of the media library's files */
  mediaDir: mediaDirSchema.default('config/media'),
}

/**
 * The sections plugins own, by YAML key: each is that plugin's `Config` (src/plugins/index.ts
 * lists the plugins; test/unit/plugins.test.ts checks each plugin's `Config` is its section).
 * They live in `sections/`, below core, because core's rules read their shapes.
 */
export const PLUGIN_SECTIONS = {
  rules: rulesSection, //         the rules plugin (src/plugins/rules/)
  questions: questionsSection, // the questions plugin (src/plugins/questions/index.ts)
  schedules: schedulesSection, // the schedules plugin (src/plugins/schedules/)
  analytics: analyticsSection, // the analytics plugin (src/plugins/analytics/)
  entry: entrySection, //         the entry gate plugin (src/plugins/entry/)
  sop: sopSection, //             the sop plugin (src/plugins/sop/): timelines relative to a group's or a member's day 0
  faq: faqSection, //             the FAQ plugin (src/plugins/faq/)
}

export const configSchema = z.object({ ...coreSections, ...PLUGIN_SECTIONS }).strict()

export type Config = z.infer<typeof configSchema>
export type OutboundConfig = Config['outbound']
export type RedisConfig = Config['redis']
export type GroupEntry = Config['groups']['list'][number]
export type ImagesConfig = Config['images']
export type { MediaConfig, MediaItemConfig } from './media-schema'
