import { z } from 'zod'
import { contactIds, regex } from '../schema-parts'
import { NICKNAME_MAX_CHARS } from '../text-caps'

/**
 * `rules:` — owned by the rules plugin (src/plugins/rules/index.ts). It sits here, below
 * core, because core's pure rules read its shape and a group's `groups.list[].rules`
 * override (a core section) is checked by `rulesOverrideSchema`.
 */

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
    /** a removal for an ad nobody answers with #误判 within this many hours counts as a confirmed ad (0: never) */
    confirmAfterHours: z.number().min(0).max(720).default(24),
    /** review items and ad warnings reach HQ as one digest per this many ms (0: each at once); the defaults' value counts */
    reviewDigestMs: z.number().int().min(0).max(86_400_000).default(60_000),
  })
  .strict()

export const floodSchema = z
  .object({ messages: z.number().int().min(1).default(10), windowMs: z.number().int().min(0).default(10000) })
  .strict()

/**
 * Voice messages longer than `maxSeconds` (0: off). `action`: `remove` warns `warnings`
 * times, then removes; `warn` only warns; `report` only tells HQ (core/rules/checks/voice.ts).
 */
export const voiceSchema = z
  .object({
    maxSeconds: z.number().min(0).max(3600).default(0),
    action: z.enum(['remove', 'warn', 'report']).default('remove'),
    warnings: z.number().int().min(0).default(1),
  })
  .strict()

/** A message that @s more than `max` members, or @所有人 from a member who is not exempt (core/rules/checks/mentions.ts). */
export const mentionsSchema = z
  .object({ enabled: z.boolean().default(true), max: z.number().int().min(1).max(500).default(10) })
  .strict()

/**
 * The same text from one member `maxRepeats` times in one group within `windowMinutes`
 * (core/rules/checks/repeat.ts). Off by default for now: on, it changes what an existing
 * test holds (the same text three times in one room is no cross-group offence).
 */
export const repeatSchema = z
  .object({
    enabled: z.boolean().default(true),
    maxRepeats: z.number().int().min(2).max(50).default(3),
    windowMinutes: z.number().min(0.1).max(24 * 60).default(10),
  })
  .strict()

/**
 * A message that is only a contact (phone, WeChat/QQ id) or only @mentions, from a member
 * with fewer than `newcomerMessages` messages seen in the group (core/rules/checks/bare.ts).
 */
export const bareSchema = z
  .object({ enabled: z.boolean().default(true), newcomerMessages: z.number().int().min(1).max(1000).default(3) })
  .strict()

/** The kinds of content a newcomer may not post (`rules.newcomer.strict`): the ad detector's findings of those kinds. */
export const NEWCOMER_KINDS = ['link', 'miniProgram', 'card', 'qr', 'contact'] as const

/**
 * A newcomer who posts a `strict` kind gets the ad policy at once: removal, no warning, no
 * review zone (core/rules/checks/newcomer.ts). A newcomer: joined less than `hours` ago as
 * the bot saw it, or — the join not seen — fewer than `messages` messages seen in the group.
 * Members who were in the group when the bot began managing it never are (docs/config.md).
 */
export const newcomerSchema = z
  .object({
    enabled: z.boolean().default(true),
    hours: z.number().min(0).max(90 * 24).default(24),
    messages: z.number().int().min(0).max(1000).default(3),
    strict: z.array(z.enum(NEWCOMER_KINDS)).default([...NEWCOMER_KINDS]),
  })
  .strict()

/** Everything under `rules`: the defaults for every group, and (partially) a group's overrides. */
export const rulesSchema = z
  .object({
    dryRun: z.boolean().default(false),
    /**
     * Warnings, exempt members' offences (counted only) and dry-run warnings reach HQ as one
     * digest per this many ms, counted per group and rule (0: each at once). Deployment-wide:
     * no group override (plugins/rules/digest.ts).
     */
    digestMs: z.number().int().min(0).max(86_400_000).default(600_000),
    exempt: contactIds,
    welcome: welcomeSchema.default(welcomeSchema.parse({})),
    nickname: nicknameSchema.default(nicknameSchema.parse({})),
    intro: introSchema.default(introSchema.parse({})),
    ads: adsSchema.default(adsSchema.parse({})),
    flood: floodSchema.default(floodSchema.parse({})),
    voice: voiceSchema.default(voiceSchema.parse({})),
    mentions: mentionsSchema.default(mentionsSchema.parse({})),
    repeat: repeatSchema.default(repeatSchema.parse({})),
    bare: bareSchema.default(bareSchema.parse({})),
    newcomer: newcomerSchema.default(newcomerSchema.parse({})),
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
    voice: overrideOf(voiceSchema),
    mentions: overrideOf(mentionsSchema),
    repeat: overrideOf(repeatSchema),
    bare: overrideOf(bareSchema),
    newcomer: overrideOf(newcomerSchema),
    watchWords: z.array(z.string().min(1)),
  })
  .partial()
  .strict()

/** the `rules:` section: absent, it is every default */
export const rulesSection = rulesSchema.default(rulesSchema.parse({}))

export type RulesPolicy = z.infer<typeof rulesSchema>
export type RulesOverride = z.infer<typeof rulesOverrideSchema>
