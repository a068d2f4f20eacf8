import { z } from 'zod'
import { mediaId } from '../media-schema'

/**
 * `sop:` — owned by the sop plugin (src/plugins/sop/, docs/sop.md): content plans relative to
 * the day a group came under a timeline (`anchor: group`) or a member joined (`anchor: member`).
 */
const hhmm = /^([01]\d|2[0-3]):[0-5]\d$/

const sopStep = z
  .object({
    /** days after day 0 (the anchor day) */
    day: z.number().int().min(0).max(365),
    /** local time (config `timezone`) */
    at: z.string().regex(hhmm, 'expected "HH:MM"'),
    text: z.string().min(1).optional(),
    /** an item of the media library (config `media`), sent after the text when both are given */
    media: mediaId.optional(),
    /** @ the members the step is for (anchor: member): those who joined on the anchor day */
    mentionNew: z.boolean().default(false),
  })
  .strict()
  .refine((s) => s.text !== undefined || s.media !== undefined, { message: 'a step has text, media or both' })

const timeline = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only').max(20),
    name: z.string().default(''),
    /** `全部`, `标签:新生`, `群:bj1,bj2`: the groups under the timeline */
    groups: z.string().min(1).default('全部'),
    anchor: z.enum(['group', 'member']).default('group'),
    steps: z.array(sopStep).min(1),
  })
  .strict()

export const sopSection = z
  .object({
    /** a step whose time passed while the bot was down goes when it is back if less late than this, else it is skipped and counted */
    lateHours: z.number().min(0).max(720).default(6),
    timelines: z.array(timeline).default([]),
  })
  .strict()
  .default({ lateHours: 6, timelines: [] })

export type SopConfig = z.output<typeof sopSection>
export type SopTimeline = SopConfig['timelines'][number]
export type SopStep = SopTimeline['steps'][number]
