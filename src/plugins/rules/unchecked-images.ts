import type { InboundMessage } from '../../core/types'
import type { AppContext } from '../../feature'
import { imageReviewMessages, uncheckedImageReasons, type UncheckedImagesView } from '../../texts/rules'
import { jobIdPart, scopeOf, type GroupScope } from './group-scope'
import type { RuleActions } from './rule-actions'

export const IMAGE_REVIEW = 'image-review'

/**
 * Images the QR reader could not check (src/images/qr-reader.ts: over the pixel budget, a
 * full backlog, too long a wait, a failed decode) never pass in silence: each is written to
 * the audit log (group, member, why) and counted in Redis, and HQ gets ONE line per
 * `images.reviewBatchMs` for all of them, a count per group. The first image of a window
 * opens it and creates the control job `image-review-<t>` delayed by the window; the job
 * takes the counts in one transaction (store/image-review.ts), across processes.
 */
export function createUncheckedImages(ctx: AppContext, actions: RuleActions) {
  const review = ctx.stores.imageReview

  ctx.control.on(IMAGE_REVIEW, async (_data, job) => {
    const counts = await review.take()
    if (counts.length === 0) return
    const groups = await ctx.groups()
    const byRoom = new Map<string, UncheckedImagesView>()
    for (const c of counts) {
      let view = byRoom.get(c.roomId)
      if (!view) {
        const scope = await scopeOf(ctx, c.roomId, groups)
        byRoom.set(c.roomId, (view = { groupLabel: scope?.label ?? c.roomId, count: 0, reasons: {} }))
      }
      view.count += c.count
      view.reasons[c.reason] = (view.reasons[c.reason] ?? 0) + c.count
    }
    const views = [...byRoom.values()].sort((a, b) => b.count - a.count)
    await ctx.hq.say(imageReviewMessages.unchecked(views), jobIdPart(`image-review-hq-${job.id ?? ctx.now()}`))
  })

  return {
    /** an image message the reader answered "unchecked": counted for HQ's next review line */
    async add(scope: GroupScope, m: InboundMessage): Promise<void> {
      const reason = m.qrUnchecked
      if (!reason) return
      const batchMs = ctx.config().images.reviewBatchMs
      const now = ctx.now()
      await actions.audit({
        action: 'image-unchecked',
        roomId: scope.roomId,
        memberId: m.fromId,
        by: 'rules',
        why: uncheckedImageReasons[reason] ?? reason,
        evidence: m.id,
        ...(scope.dryRun ? { dryRun: true } : {}),
      })
      if (await review.add(scope.roomId, reason, batchMs, now)) {
        await ctx.control.add(IMAGE_REVIEW, {}, { jobId: jobIdPart(`image-review-${now}`), delayMs: batchMs })
      }
    },
  }
}
