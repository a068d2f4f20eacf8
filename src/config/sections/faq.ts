import { z } from 'zod'
import { regexProblem } from '../check-regex'
import { QUESTION_MAX_CHARS } from '../text-caps'

/**
 * A keyword reply's `match`: a word the question contains, or `/regex/`, which is checked
 * like every pattern the operator writes (it must compile, and must not backtrack
 * catastrophically on a question of QUESTION_MAX_CHARS characters).
 */
const keywordMatch = z
  .string()
  .min(1)
  .superRefine((src, ctx) => {
    const re = /^\/(.+)\/$/su.exec(src)
    if (!re) return
    try {
      new RegExp(re[1]!, 'u')
    } catch (err) {
      ctx.addIssue({ code: 'custom', message: `invalid regular expression: ${(err as Error).message}` })
      return
    }
    const problem = regexProblem(re[1]!, QUESTION_MAX_CHARS)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const keyword = z
  .object({
    /** a word (case-insensitive), or `/regex/` */
    match: keywordMatch,
    /** the text sent in the group, @-mentioning the asker; `[素材:id]` sends that item of the media library (config `media`) after a line that @s the asker */
    reply: z.string().min(1),
    /** the groups it answers in, as a command's target (`全部`, `标签:北京`, `北京1群,上海1群`); all managed groups when absent */
    groups: z.string().min(1).optional(),
    /** once per group within this many minutes */
    cooldownMinutes: z.number().int().min(0).default(10),
  })
  .strict()

const defaults = {
  enabled: false,
  minScore: 0.55,
  margin: 0.05,
  wrongPenalty: 0.1,
  cooldownMinutes: 60,
  scopes: [] as string[],
  keywords: [] as z.output<typeof keyword>[],
}

/** `faq:` — owned by the FAQ plugin (src/plugins/faq, issue 22): answers learned from #回复, and keyword replies. */
export const faqSection = z
  .object({
    /** learn from #回复 and answer repeated questions; off: neither (the keyword replies follow `keywords` alone) */
    enabled: z.boolean().default(defaults.enabled),
    /** the similarity (0–1) a question needs to an entry to be answered; 0.55 keeps precision 1.0 on test/fixtures/faq */
    minScore: z.number().min(0).max(1).default(defaults.minScore),
    /** a second entry scoring within this of the best: unsure, relayed to HQ */
    margin: z.number().min(0).max(1).default(defaults.margin),
    /** what each #误答 adds to the score its entry needs */
    wrongPenalty: z.number().min(0).max(1).default(defaults.wrongPenalty),
    /** one member is not given the same entry twice in a group within this many minutes (asked again: HQ answers) */
    cooldownMinutes: z.number().int().min(0).default(defaults.cooldownMinutes),
    /** group tags that keep an entry to the groups holding them: an entry learned in a 北京 group answers only there */
    scopes: z.array(z.string().min(1)).default(defaults.scopes),
    keywords: z.array(keyword).default(defaults.keywords),
  })
  .strict()
  .default(defaults)

export type FaqConfig = z.infer<typeof faqSection>
export type FaqKeyword = FaqConfig['keywords'][number]
