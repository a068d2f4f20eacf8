/**
 * Windowed checks over history the caller keeps (in Redis, in memory): the same text from
 * one sender in many groups, and too many messages in a short time. Pure: `now` is passed in.
 *
 * A window is inclusive at both ends: an event at `now - windowMs` still counts. Events
 * later than `now` (clock skew between processes) are ignored.
 */

/** Texts shorter than this after normalising (好的, 收到, 谢谢老师) are said everywhere by everyone. */
export const MIN_REPEAT_CHARS = 6

/**
 * The repeat key is made from the first 1,000 characters: the same first thousand
 * characters in many groups is the same message, and the key is kept in Redis per sender,
 * so a 1 MB message must not become a 1 MB key.
 */
export const REPEAT_KEY_MAX_CHARS = 1000

/**
 * The text with everything but letters and digits removed, full-width folded (NFKC),
 * lower case: 「加我！领券👉」 and 「加我 领券」 give the same key. Reads the first
 * `REPEAT_KEY_MAX_CHARS` characters.
 */
export function normalizeForRepeat(text: string): string {
  return text.slice(0, REPEAT_KEY_MAX_CHARS).normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

/** The key to keep repeat history under, or undefined when the text is too short to count. */
export function repeatKey(text: string): string | undefined {
  const key = normalizeForRepeat(text)
  return [...key].length >= MIN_REPEAT_CHARS ? key : undefined
}

function inWindow(at: number, now: number, windowMs: number): boolean {
  return at <= now && now - at <= windowMs
}

/**
 * True when the history of one sender's one normalised text (the current message
 * included) spans at least `policy.groups` distinct rooms within `policy.windowMs`.
 * Pass `text` to have short texts ruled out here too.
 */
export function isCrossGroupSpam(
  history: ReadonlyArray<{ roomId: string; at: number }>,
  now: number,
  policy: { groups: number; windowMs: number },
  text?: string,
): boolean {
  if (text !== undefined && repeatKey(text) === undefined) return false
  const rooms = new Set<string>()
  for (const entry of history) {
    if (inWindow(entry.at, now, policy.windowMs)) rooms.add(entry.roomId)
  }
  return rooms.size >= policy.groups
}

/** True when more than `flood.messages` of the timestamps fall within `flood.windowMs` of `now`. */
export function isFlood(
  timestamps: ReadonlyArray<number>,
  now: number,
  flood: { messages: number; windowMs: number },
): boolean {
  let count = 0
  for (const at of timestamps) if (inWindow(at, now, flood.windowMs)) count++
  return count > flood.messages
}
