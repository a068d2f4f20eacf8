import type { InboundMessage } from '../../src/core/types'

/**
 * A plain group text message from one ordinary member, as the WeChat adapter hands it to
 * the rules; a test overrides only the fields it is about.
 */
export function inboundMessage(over: Partial<InboundMessage> = {}): InboundMessage {
  return {
    id: 'm1',
    roomId: 'g1@chatroom',
    fromId: 'wxid_u1',
    fromName: '张三',
    fromAlias: undefined,
    kind: 'text',
    text: '',
    mentionIds: [],
    mentionsSelf: false,
    timestamp: 0,
    ...over,
  }
}

export const textMessage = (text: string): InboundMessage => inboundMessage({ text })
