import type { OutboundConfig } from '../config/schema'
import { paginate } from '../texts/text-limits'
import { pageWords } from '../texts'

/**
 * Every text for HQ goes out through here: a reply longer than `outbound.maxTextLength`
 * becomes numbered pages, at most `outbound.maxReplyPages`, the rest summarised as a count.
 */
export function replyPages(text: string, outbound: Pick<OutboundConfig, 'maxTextLength' | 'maxReplyPages'>): string[] {
  return paginate(text, { maxLength: outbound.maxTextLength, maxPages: outbound.maxReplyPages }, pageWords)
}

/** Page 1 keeps the reply's own job id (idempotence as before); later pages add `-p2`, `-p3`… */
export function pageJobId(jobId: string, index: number): string {
  return index === 0 ? jobId : `${jobId}-p${index + 1}`
}
