import { z } from 'zod'
import { regex } from '../schema-parts'
import { ENTRY_ANSWER_MAX_CHARS } from '../text-caps'

/**
 * `entry:` — the entry gate plugin's section (src/plugins/entry/, docs/entry.md): keywords, the
 * application forms, routing by capacity, auto-created groups, redemption codes.
 */

/** One question of an application form (src/plugins/entry/form.ts). */
const entryQuestion = z
  .object({
    /** the answer's name in templates: `{城市}` in `nickname` and `autoCreate.topic` */
    id: z.string().regex(/^[^\s{}]{1,20}$/, 'a question id has no spaces or braces (1-20 characters)'),
    ask: z.string().min(1),
    /** the answer must match (flag u), checked on at most ENTRY_ANSWER_MAX_CHARS characters */
    pattern: regex(ENTRY_ANSWER_MAX_CHARS).optional(),
    /** why a wrong answer was refused, said before the question is asked again */
    hint: z.string().min(1).optional(),
    /** the answer must be one of these */
    choices: z.array(z.string().min(1)).min(1).optional(),
    /** the answer picks the group: a group whose tags hold it, or whose topic contains it */
    route: z.boolean().default(false),
  })
  .strict()

/** The application form of one target: the questions, and the group nickname they suggest. */
const entryForm = z
  .object({
    target: z.string().min(1),
    questions: z.array(entryQuestion).min(1).max(8),
    /** the suggested group nickname, filled from the answers, e.g. `{城市}-{称呼}-{行业}`; '' for none */
    nickname: z.string().default(''),
  })
  .strict()
  .refine((f) => f.questions.filter((q) => q.route).length <= 1, { message: 'at most one question routes', path: ['questions'] })

export const entrySchema = z
  .object({
    friendKeywords: z
      .array(z.object({ keyword: z.string().min(1), target: z.string().min(1) }).strict())
      .default([]),
    /** a group with this many members (counting invitations still open) takes nobody more */
    roomCapacity: z.number().int().min(1).max(500).default(480),
    /** HQ is told once a day when a target's free seats fall to this many */
    warnAt: z.number().int().min(0).default(20),
    forms: z.array(entryForm).default([]),
    /** an unanswered question ends the application after this long (from when it was asked) */
    answerTimeoutMs: z.number().int().min(1).default(1800000),
    /** an invitation not accepted in this long is reminded once; after as long again, reported to HQ */
    inviteTimeoutMs: z.number().int().min(1).default(86400000),
    /** the gate's lines for HQ are gathered into one digest this often (counts, a repeating stranger once); 0: each line at once */
    digestMs: z.number().int().min(0).max(86400000).default(60000),
    /** those waiting for a seat (all groups full) are tried again this often, besides when a seat frees or a group is added */
    heldRetryMs: z.number().int().min(1000).default(600000),
    autoCreate: z
      .object({
        enabled: z.boolean().default(false),
        /** the new group's topic: `{n}` its number, `{标签}` the target's first tag, `{<question id>}` an answer */
        topic: z.string().min(1).default('{标签}{n}群'),
        /** contacts added with the newcomer: WeChat creates a group with at least two people besides its creator */
        members: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .default({ enabled: false, topic: '{标签}{n}群', members: [] })
      .refine((a) => !a.enabled || a.members.length >= 1, { message: 'autoCreate needs at least one contact in members (WeChat creates a group with two people or more besides the bot)', path: ['members'] }),
    codes: z
      .object({
        /** an unspent code expires after this many days */
        ttlDays: z.number().int().min(1).max(365).default(90),
        /** codes made by one #入群码 生成 */
        maxBatch: z.number().int().min(1).max(500).default(200),
        /** code tries per contact in `triesWindowMs`; the next is refused politely once, then ignored until the window ends */
        maxTries: z.number().int().min(1).max(100).default(5),
        triesWindowMs: z.number().int().min(1000).default(600000),
      })
      .strict()
      .default({ ttlDays: 90, maxBatch: 200, maxTries: 5, triesWindowMs: 600000 }),
  })
  .strict()

export const entrySection = entrySchema.default(entrySchema.parse({}))

export type EntryConfig = z.infer<typeof entrySchema>
export type EntryForm = EntryConfig['forms'][number]
export type EntryQuestion = EntryForm['questions'][number]
