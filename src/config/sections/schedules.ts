import { z } from 'zod'

/** `schedules:` — owned by the schedules plugin (src/plugins/schedules/index.ts): timed notices. */
const scheduleEntry = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only'),
    when: z.string().min(1),
    target: z.string().min(1),
    text: z.string().min(1),
  })
  .strict()

export const schedulesSection = z.array(scheduleEntry).default([])

export type ScheduleEntry = z.infer<typeof scheduleEntry>
