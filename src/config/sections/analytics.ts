import { z } from 'zod'

/** `analytics:` — owned by the analytics plugin (src/plugins/analytics/index.ts): reports and points. */
export const analyticsSection = z
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
        /** an invite earns its points once the invitee has stayed this many days (0: at once) */
        inviteHoldDays: z.number().min(0).default(3),
      })
      .strict()
      .default({ message: 1, messageDailyCap: 20, intro: 5, invite: 10, mentioned: 2, inviteHoldDays: 3 }),
  })
  .strict()
  .default({
    silentDays: 14,
    report: '每天21:00',
    points: { message: 1, messageDailyCap: 20, intro: 5, invite: 10, mentioned: 2, inviteHoldDays: 3 },
  })

export type AnalyticsConfig = z.infer<typeof analyticsSection>
