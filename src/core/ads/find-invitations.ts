/**
 * Invitations to make contact without a contact in them: 「私我」, 「滴滴我」, 「戳我」,
 * 「有意私聊」. An advertiser who fears filters leaves the number out and waits for the
 * private message; a member can also write 「有问题私我」 innocently, so these are evidence
 * that pushes a message towards review, never proof on their own.
 *
 * Input is cut to MAX_INVITATION_TEXT code units; one alternation with bounded parts, so a
 * scan is linear in the text.
 */

export const MAX_INVITATION_TEXT = 2000

const INVITATION = new RegExp(
  [
    '私我', '私聊我', '私信我', '私戳', '滴滴我', '(?<![a-z])dd我', '戳我', '敲我',
    '有意(?:者|向的?)?私(?:聊|信|我)?', '感兴趣的?(?:朋友|宝宝|宝妈|小伙伴)?(?:可以)?私(?:聊|信|我)?',
    '需要的?(?:朋友|宝宝|宝妈|小伙伴)?(?:可以)?私(?:聊|信|我)?',
    '详情私', '私聊详谈', '私聊了解', '加我好友', '看我主页', '主页联系', '(?<![a-z])pm我',
  ].join('|'),
  'g',
)

/** The invitations found in `text` (cleaned: lower case, half-width), each once. */
export function findInvitations(cleanedText: string): string[] {
  const text = cleanedText.length > MAX_INVITATION_TEXT ? cleanedText.slice(0, MAX_INVITATION_TEXT) : cleanedText
  // every invitation holds one of these
  if (!/[私我页]/.test(text)) return []
  return [...new Set([...text.matchAll(INVITATION)].map((m) => m[0]))]
}
