import { z } from 'zod'
import { regex } from '../schema-parts'
import { QUESTION_MAX_CHARS } from '../text-caps'

/** `questions:` — owned by the questions plugin (src/plugins/questions/index.ts): members' questions relayed to HQ. */
export const questionsSection = z
  .object({
    enabled: z.boolean().default(true),
    /** relays to HQ are gathered for this long and sent as one message */
    batchMs: z.number().int().min(0).default(60000),
    /** text that counts as a question even without an @ of the bot */
    patterns: z.array(regex(QUESTION_MAX_CHARS)).default(['[?？]$', '^(请问|问一下|有没有人知道)']),
  })
  .strict()
  .default({ enabled: true, batchMs: 60000, patterns: ['[?？]$', '^(请问|问一下|有没有人知道)'] })

export type QuestionsConfig = z.infer<typeof questionsSection>
