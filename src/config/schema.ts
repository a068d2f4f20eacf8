import { z } from 'zod'
import { NICKNAME_MAX_CHARS, QUESTION_MAX_CHARS } from './text-caps'
import { regexProblem } from './check-regex'

/**
 * The one schema for `config/*.yaml` and for the `config:` block of a scenario.
 * Every key has a default, so `{}` parses to a complete, working config; unknown
 * keys are rejected (`.strict()`), because they are almost always typos.
 */

/**
 * A regular expression the bot runs on member text, at most `maxInput` characters of it
 * (the cap of the check that runs it). Refused when it does not compile, or when it can
 * backtrack catastrophically on such text (`check-regex.ts`). Every config key that holds
 * a user regex is one of these, so the check lives in one place.
 */
const regex = (maxInput: number) =>
  z.string().superRefine((src, ctx) => {
    try {
      new RegExp(src, 'u')
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` })
      return
    }
    const problem = regexProblem(src, maxInput)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

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

const contactIds = z.array(z.string().min(1)).default([])

export const welcomeSchema = z
  .object({
    enabled: z.boolean().default(true),
    text: z
      .string()
      .default('欢迎 {成员} 加入 {群名}！请把群昵称改为「{昵称示例}」，并在24小时内做个自我介绍。'),
    batchMs: z.number().int().min(0).default(20000),
    /** @-mentions per welcome message; a bigger batch goes out as several welcomes */
    maxMentions: z.number().int().min(1).max(100).default(20),
  })
  .strict()

export const nicknameSchema = z
  .object({
    enabled: z.boolean().default(true),
    pattern: regex(NICKNAME_MAX_CHARS).default('^\\p{Script=Han}{2,}-.+-.+$'),
    example: z.string().default('北京-张三-教育'),
    graceMs: z.number().int().min(0).default(1800000),
    action: z.enum(['remind', 'warn', 'remove']).default('remind'),
  })
  .strict()

export const introSchema = z
  .object({
    enabled: z.boolean().default(true),
    deadlineMs: z.number().int().min(0).default(86400000),
    minLength: z.number().int().min(0).default(15),
    action: z.enum(['remind', 'report', 'remove']).default('remind'),
  })
  .strict()

/** default thresholds of the combined ad score (docs/ads.md says how they were chosen) */
const AD_AT = 0.9
const REVIEW_AT = 0.5

export const adsSchema = z
  .object({
    enabled: z.boolean().default(true),
    links: z.boolean().default(true),
    miniPrograms: z.boolean().default(true),
    cards: z.boolean().default(true),
    qrImages: z.boolean().default(true),
    keywords: z.array(z.string().min(1)).default(['加微信', '兼职', '刷单', '返利', '代理招募']),
    allowDomains: z.array(z.string().min(1)).default([]),
    contacts: z.boolean().default(true),
    crossGroup: z
      .object({ groups: z.number().int().min(2).default(3), windowMs: z.number().int().min(0).default(600000) })
      .strict()
      .default({ groups: 3, windowMs: 600000 }),
    warnings: z.number().int().min(0).default(1),
    blacklist: z.boolean().default(true),
    /** score texts with the learned text model (src/core/ads/text-model.ts) */
    model: z.boolean().default(true),
    /** combined score at or above which a message is an ad (acted on) */
    adAt: z.number().min(0).max(1).default(AD_AT),
    /** combined score at or above which a message goes to HQ for review; at or above adAt: no review zone */
    reviewAt: z.number().min(0).max(1).default(REVIEW_AT),
    /** how similar (Jaccard of character bigrams, 0.3..1) a text must be to a labelled one to count as its copy */
    nearDuplicate: z.number().min(0.3).max(1).default(0.5),
  })
  .strict()

export const floodSchema = z
  .object({ messages: z.number().int().min(1).default(10), windowMs: z.number().int().min(0).default(10000) })
  .strict()

/** Everything under `rules`: the defaults for every group, and (partially) a group's overrides. */
export const rulesSchema = z
  .object({
    dryRun: z.boolean().default(false),
    exempt: contactIds,
    welcome: welcomeSchema.default(welcomeSchema.parse({})),
    nickname: nicknameSchema.default(nicknameSchema.parse({})),
    intro: introSchema.default(introSchema.parse({})),
    ads: adsSchema.default(adsSchema.parse({})),
    flood: floodSchema.default(floodSchema.parse({})),
    watchWords: z.array(z.string().min(1)).default([]),
  })
  .strict()

/** The same object without its defaults, every key optional: what a group override may set. */
type Undefaulted<T extends z.ZodRawShape> = { [K in keyof T]: T[K] extends z.ZodDefault<infer I> ? I : T[K] }
function overrideOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>) {
  const shape: Record<string, z.ZodType> = {}
  for (const [key, field] of Object.entries(schema.shape)) {
    shape[key] = (field instanceof z.ZodDefault ? field.unwrap() : field) as z.ZodType
  }
  return z.object(shape as unknown as Undefaulted<T>).partial().strict()
}

/** A group's `rules:` override: any subset of the rule keys, checked but not defaulted, so it merges over `rules`. */
export const rulesOverrideSchema = z
  .object({
    dryRun: z.boolean(),
    exempt: z.array(z.string().min(1)),
    welcome: overrideOf(welcomeSchema),
    nickname: overrideOf(nicknameSchema),
    intro: overrideOf(introSchema),
    ads: overrideOf(adsSchema),
    flood: overrideOf(floodSchema),
    watchWords: z.array(z.string().min(1)),
  })
  .partial()
  .strict()

const groupEntry = z
  .object({
    room: z.string().min(1),
    key: z.string().regex(/^[^\s,:：]+$/, 'a key has no spaces, commas or colons').optional(),
    tags: z.array(z.string().min(1)).default([]),
    leaders: contactIds,
    rules: rulesOverrideSchema.default({}),
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

const scheduleEntry = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
    when: z.string().min(1),
    target: z.string().min(1),
    text: z.string().min(1),
  })
  .strict()

/** Reading QR codes from images: a pixel budget and worker threads with limits (src/images/qr-reader.ts). */
export const imagesSchema = z
  .object({
    /** an image whose header declares more pixels is refused without decoding */
    maxMegapixels: z.number().positive().max(100).default(16),
    /** a decode that takes longer is stopped (its worker is replaced) */
    timeLimitMs: z.number().int().min(1).default(5000),
    workers: z.number().int().min(1).max(4).default(1),
    /** images waiting beyond the running ones; more are dropped with a log line */
    maxQueue: z.number().int().min(0).default(20),
    /** a worker's JavaScript heap (V8 old generation) */
    workerMemoryMb: z.number().int().min(32).default(256),
  })
  .strict()

export const configSchema = z
  .object({
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
    rules: rulesSchema.default(rulesSchema.parse({})),
    outbound: outboundSchema.default(outboundSchema.parse({})),
    redis: redisSchema.default(redisSchema.parse({})),
    questions: z
      .object({
        enabled: z.boolean().default(true),
        /** relays to HQ are gathered for this long and sent as one message */
        batchMs: z.number().int().min(0).default(60000),
        /** text that counts as a question even without an @ of the bot */
        patterns: z.array(regex(QUESTION_MAX_CHARS)).default(['[?？]$', '^(请问|问一下|有没有人知道)']),
      })
      .strict()
      .default({ enabled: true, batchMs: 60000, patterns: ['[?？]$', '^(请问|问一下|有没有人知道)'] }),
    schedules: z.array(scheduleEntry).default([]),
    images: imagesSchema.default(imagesSchema.parse({})),
    entry: z
      .object({
        friendKeywords: z
          .array(z.object({ keyword: z.string().min(1), target: z.string().min(1) }).strict())
          .default([]),
        roomCapacity: z.number().int().min(1).max(500).default(480),
      })
      .strict()
      .default({ friendKeywords: [], roomCapacity: 480 }),
    analytics: z
      .object({
        silentDays: z.number().int().min(1).default(14),
        report: z.string().default('每天21:00'),
        points: z
          .object({
            message: z.number().min(0).default(1),
            messageDailyCap: z.number().int().min(0).default(20),
            intro: z.number().min(0).default(5),
            invite: z.number().min(0).default(10),
            mentioned: z.number().min(0).default(2),
          })
          .strict()
          .default({ message: 1, messageDailyCap: 20, intro: 5, invite: 10, mentioned: 2 }),
      })
      .strict()
      .default({
        silentDays: 14,
        report: '每天21:00',
        points: { message: 1, messageDailyCap: 20, intro: 5, invite: 10, mentioned: 2 },
      }),
  })
  .strict()

export type Config = z.infer<typeof configSchema>
export type RulesPolicy = z.infer<typeof rulesSchema>
export type RulesOverride = z.infer<typeof rulesOverrideSchema>
export type OutboundConfig = Config['outbound']
export type RedisConfig = Config['redis']
export type GroupEntry = Config['groups']['list'][number]
export type ScheduleEntry = Config['schedules'][number]
export type ImagesConfig = Config['images']
