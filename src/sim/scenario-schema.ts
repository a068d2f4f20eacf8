import { z } from 'zod'

/** `1500`, `"1500ms"`, `"2s"`, `"3m"`, `"1h"`, `"3d"` → milliseconds. */
export const duration = z.union([z.number().int().min(0), z.string()]).transform((v, ctx) => {
  if (typeof v === 'number') return v
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(v)
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `invalid duration "${v}" (use 1500, "1500ms", "2s", "3m", "1h", "3d")` })
    return z.NEVER
  }
  const n = Number(m[1])
  const unit = m[2] ?? 'ms'
  return Math.round(n * { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'])
})

const id = z.string().min(1)
const roomId = z.string().regex(/@/, 'a room id contains "@" (e.g. g1@chatroom)')

const contact = z.object({ id, name: z.string().min(1).optional() }).strict()

const room = z
  .object({
    id: roomId,
    topic: z.string().min(1),
    owner: id.optional(),
    admins: z.array(id).default([]),
    members: z.array(id).default([]),
    aliases: z.record(z.string(), z.string()).default({}),
    /** the bot accounts in the room (issue 11); default every one */
    bots: z.array(id).min(1).optional(),
  })
  .strict()

const generate = z
  .object({
    count: z.number().int().min(1).max(5000),
    id: z.string().includes('{i}', { message: 'must contain {i}' }).regex(/@/, 'a room id contains "@"'),
    topic: z.string().includes('{i}', { message: 'must contain {i}' }),
    members: z.number().int().min(0).max(500).default(0),
    owner: id.optional(),
    /** members get aliases built from this pattern ({i} room, {j} member), e.g. "北京-成员{j}-教育" */
    alias: z.string().optional(),
  })
  .strict()

/**
 * A text, or parts joined into one: `["兼职", { repeat: "?", times: 40000 }, "a"]`, so a
 * scenario can play the long hostile texts a member can send without a 40 KB YAML line.
 */
const textParts = z
  .array(z.union([z.string(), z.object({ repeat: z.string().min(1), times: z.number().int().min(1).max(1_000_000) }).strict()]))
  .min(1)
  .transform((parts) => parts.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(p.times))).join(''))
  .refine((t) => t.length <= 2_000_000, { message: 'a text of at most 2,000,000 characters' })

const content = {
  text: z.union([z.string(), textParts]).optional(),
  mentions: z.array(id).optional(),
  /** @所有人: the text goes out as WeChat writes it, 「@所有人」 + U+2005 in front */
  mentionAll: z.literal(true).optional(),
  url: z.object({ title: z.string(), url: z.string(), description: z.string().optional() }).strict().optional(),
  miniProgram: z.object({ title: z.string(), appid: z.string().optional() }).strict().optional(),
  card: id.optional(),
  image: z.string().optional(),
  file: z.string().optional(),
  /** a voice message of this length (WeChat allows up to 60 s; a forwarded or other client's may be longer) */
  voice: z.object({ seconds: z.number().min(0).max(3600) }).strict().optional(),
}

/** a quote-reply: the quoted sender and words; WeChat delivers it as text (see docs/simulation.md) */
const quote = z.object({ from: id, text: z.string().min(1) }).strict()

const say = z
  .object({ room: roomId.optional(), from: id, ...content, quote: quote.optional() })
  .strict()
  .superRefine((s, ctx) => {
    if (s.quote && s.text === undefined) ctx.addIssue({ code: 'custom', path: ['quote'], message: 'a quote needs a text reply' })
    if (s.mentionAll && s.text === undefined) ctx.addIssue({ code: 'custom', path: ['mentionAll'], message: 'mentionAll needs a text' })
    const kinds = (['text', 'url', 'miniProgram', 'card', 'image', 'file', 'voice'] as const).filter((k) => s[k] !== undefined)
    if (kinds.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `exactly one of text, url, miniProgram, card, image, file, voice (got ${kinds.join(', ') || 'none'})` })
    }
  })

/** One schema per step kind; a step is an object with exactly one of these keys. */
export const stepSchemas = {
  say,
  join: z.object({ room: roomId, contacts: z.array(id).min(1), inviter: id.optional() }).strict(),
  leave: z.object({ room: roomId, contacts: z.array(id).min(1) }).strict(),
  alias: z.object({ room: roomId, contact: id, name: z.string().min(1) }).strict(),
  topic: z.object({ room: roomId, from: id, topic: z.string().min(1) }).strict(),
  friend: z.object({ from: id, hello: z.string().default('') }).strict(),
  /** the contact accepts the bot's pending invitation into a room above 40 members */
  acceptInvite: z.object({ contact: id, room: roomId }).strict(),
  failSends: z.object({ count: z.number().int().min(1), error: z.string().min(1).optional() }).strict(),
  /** the next `count` sends (to `to` only, when given) hang unanswered until `releaseSends` (issue 17: a crash with a send in hand) */
  holdSends: z.object({ count: z.number().int().min(1), to: id.optional() }).strict(),
  releaseSends: z.object({}).strict().nullable().transform(() => ({})),
  /** `bot:` names the account (default the primary) */
  logout: z.object({ bot: id.optional() }).strict().nullable().transform((v) => v ?? {}),
  login: z.object({ bot: id.optional() }).strict().nullable().transform((v) => v ?? {}),
  /** WeChat bans the account: its sends fail with `refusal` and it is logged out */
  ban: z.object({ bot: id, refusal: z.enum(['账号异常', '操作过于频繁']).default('账号异常') }).strict(),
  restart: z.object({ hard: z.boolean().default(false) }).strict().nullable().transform((v) => v ?? { hard: false }),
  wait: duration,
  /**
   * The virtual clock (docs/simulation.md): the world's and the bot's clock move this far
   * ahead, and everything due meanwhile happens in order, at its time on that clock.
   */
  advance: duration,
  /**
   * Until the work is done. Delayed jobs count when due within `ahead` (by default the
   * timeout): `ahead` apart from `timeout` lets a script look a few seconds ahead yet give a
   * slow machine minutes to finish the work in hand.
   */
  settle: z
    .object({ timeout: duration.default(60000), ahead: duration.optional() })
    .strict()
    .nullable()
    .transform((v) => v ?? { timeout: 60000 }),
  /**
   * Several events emitted at once, none waiting for another (a busy morning delivers 20
   * messages within a few ms): a list of steps of the kinds in `TOGETHER_KINDS`, each checked
   * as its own step would be (see load-scenario, errors name `steps[i].together[j].<kind>`).
   */
  together: z.array(z.record(z.string(), z.unknown())).min(1).max(5000),
} as const

/** the step kinds that emit a WeChat event (or change the world at once) and may go `together` */
export const TOGETHER_KINDS = ['say', 'join', 'leave', 'alias', 'topic', 'friend', 'acceptInvite', 'logout', 'login', 'ban'] as const
export type TogetherKind = (typeof TOGETHER_KINDS)[number]

export type StepName = keyof typeof stepSchemas
type PlainStepName = Exclude<StepName, 'together'>
type StepOf<K extends PlainStepName> = { [P in K]: z.infer<(typeof stepSchemas)[K]> }
/** a step inside `together` */
export type EventStep = { [K in TogetherKind]: StepOf<K> }[TogetherKind]
export type Step = { [K in PlainStepName]: StepOf<K> }[PlainStepName] | { together: EventStep[] }

export const scenarioSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    /** checked later against the config schema, so its errors carry the `config.` path */
    config: z.unknown().optional(),
    world: z
      .object({
        bot: z.object({ id, name: z.string().min(1) }).strict().default({ id: 'wxid_bot', name: '群助手' }),
        /** several bot accounts (issue 11), primary first; with it, `bot` is not used */
        bots: z.array(z.object({ id: z.string().regex(/^[^:\s]+$/, 'an account id without ":" or spaces'), name: z.string().min(1) }).strict()).min(1).optional(),
        contacts: z.array(contact).default([]),
        rooms: z.array(room).default([]),
        generate: z.array(generate).default([]),
        /**
         * The bot's clock at the start (ISO 8601 with an offset): the run is on the virtual
         * clock, as with an `advance` step, and transcript lines carry `at`.
         */
        startAt: z
          .string()
          .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/, 'an ISO 8601 time with an offset, e.g. "2026-12-01T08:00:00+08:00"')
          .transform((v) => Date.parse(v))
          .optional(),
      })
      .strict(),
    /** each step is checked on its own (see load-scenario), so errors name `steps[i].<kind>.<field>` */
    steps: z.array(z.record(z.string(), z.unknown())).default([]),
  })
  .strict()

export type Scenario = z.infer<typeof scenarioSchema>
export type SayStep = z.infer<typeof say>
