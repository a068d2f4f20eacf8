import { z } from 'zod'

/**
 * `entry:` — parsed and checked, but no plugin reads it yet: the entry gate (friend
 * keywords, room capacity) is a later issue's plugin, which will take this as its `Config`.
 */
export const entrySection = z
  .object({
    friendKeywords: z
      .array(z.object({ keyword: z.string().min(1), target: z.string().min(1) }).strict())
      .default([]),
    roomCapacity: z.number().int().min(1).max(500).default(480),
  })
  .strict()
  .default({ friendKeywords: [], roomCapacity: 480 })

export type EntryConfig = z.infer<typeof entrySection>
