import { z } from 'zod'
import { regexProblem } from './check-regex'

/** Pieces several config sections share (core's and the plugins'). */

/**
 * A regular expression the bot runs on member text, at most `maxInput` characters of it
 * (the cap of the check that runs it). Refused when it does not compile, or when it can
 * backtrack catastrophically on such text (`check-regex.ts`). Every config key that holds
 * a user regex is one of these, so the check lives in one place.
 */
export const regex = (maxInput: number) =>
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

export const contactIds = z.array(z.string().min(1)).default([])

