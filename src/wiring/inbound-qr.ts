import { effectivePolicy } from '../core/rules'
import type { AppContext } from '../feature'
import type { QrReader } from '../images/qr-reader'
import { redisOutageKind } from '../store/redis-errors'
import type { InboundQr } from '../wechat/to-inbound'

/**
 * Images are read only where a QR code would matter: managed groups whose ad rules look for
 * one. Which groups those are is read from Redis (cached a few seconds); while Redis cannot
 * answer, the image is read anyway: the reader needs no Redis, and the message may be held
 * and replayed with what was read now (an image not read then would pass unchecked).
 */
export function inboundQr(ctx: AppContext, qr: QrReader | undefined): InboundQr | undefined {
  return (
    qr && {
      async shouldRead(roomId) {
        let groups
        try {
          groups = await ctx.groups()
        } catch (err) {
          if (redisOutageKind(err)) return true
          throw err
        }
        const group = groups.find((g) => g.roomId === roomId)
        if (!group) return false
        const { ads } = effectivePolicy(ctx.config().rules, group.entry?.rules)
        return ads.enabled && ads.qrImages
      },
      read: qr.read,
    }
  )
}
