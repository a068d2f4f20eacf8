import type { Logger } from 'pino'
import { capText } from '../../texts/text-limits'
import { truncatedMarker } from '../../texts/limits'
import type { OutboundAction } from '../actions'
import { SendFailed, type Step } from './step'

/**
 * The last resort: no text longer than `outbound.maxTextLength` reaches WeChat. The layers
 * before (pages for HQ, refusals at command and config time, welcome batches) keep this
 * from ever cutting; when it does, the cut is visible and logged, to be fixed upstream.
 */
export function withinLimit(action: OutboundAction, max: number, log: Logger): OutboundAction {
  if ((action.type !== 'say' && action.type !== 'announce') || action.text.length <= max) return action
  log.warn({ length: action.text.length, max }, 'text longer than outbound.maxTextLength: cut at the outbound edge')
  return { ...action, text: capText(action.text, max, truncatedMarker) }
}

/** Innermost: the WeChat call. Its failure is a `SendFailed`, so the steps around it can tell it from a Redis error. */
export const perform: Step = async (ctx) => {
  let result
  try {
    result = await ctx.perform(withinLimit(ctx.data.action, ctx.cfg.maxTextLength, ctx.log))
  } catch (err) {
    throw new SendFailed(err)
  }
  return { status: 'sent', ...(result?.roomId ? { roomId: result.roomId } : {}) }
}
