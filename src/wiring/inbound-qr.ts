import { effectivePolicy } from '../core/rules'
import type { AppContext } from '../feature'
import type { QrReader } from '../images/qr-reader'
import type { InboundQr } from '../wechat/to-inbound'

/** images are read only where a QR code would matter: managed groups whose ad rules look for one */
export function inboundQr(ctx: AppContext, qr: QrReader | undefined): InboundQr | undefined {
  return (
    qr && {
      async shouldRead(roomId) {
        const group = (await ctx.groups()).find((g) => g.roomId === roomId)
        if (!group) return false
        const { ads } = effectivePolicy(ctx.config().rules, group.entry?.rules)
        return ads.enabled && ads.qrImages
      },
      read: qr.read,
    }
  )
}
