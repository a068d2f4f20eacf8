/**
 * The one clean-up of a name, topic or answer the bot repeats to someone (issue 17): a
 * member's or stranger's text put into the bot's own line must not steer how that line
 * reads. Removed: control characters (C0, DEL, C1; line breaks become a space, so a name
 * cannot start a line of its own), the bidi controls that reorder what follows — embeddings
 * and overrides U+202A–U+202E (U+202E, right-to-left override, turns 「小新 已退群」 into
 * something else), isolates U+2066–U+2069, marks U+200E/U+200F and U+061C — the invisible
 * characters used to disguise a word (zero-width space and non-joiner, word joiner and the
 * invisible operators U+2060–U+2064, U+FEFF, U+180E, soft hyphen, Hangul fillers), a zero-width
 * joiner except inside an emoji sequence (👩‍💻 stays), and markup tags (`<a href=…>`, `<!-- -->`).
 * Runs of spaces become one; the ends are trimmed.
 *
 * Messages call it on every name and answer they put into a text; the console's HTML escape
 * comes after it. It is for showing only: rules that judge a nickname see it as written.
 */

// eslint-disable-next-line no-control-regex -- control characters are what this removes
const LINE_BREAKS = /[\n\r\u000b\u000c\u0085\u2028\u2029]+/g
// eslint-disable-next-line no-control-regex -- control characters are what this removes
const CONTROLS = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\t]/g
const BIDI = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g
const INVISIBLE = /[\u200b\u200c\u2060-\u2064\ufeff\u180e\u00ad\u115f\u1160\u3164\uffa0]/g
/** a zero-width joiner not between two pictographs (an emoji's skin tone or variation selector may come between) */
const LONE_JOINER = /(?<!\p{Extended_Pictographic}(?:[\u{1f3fb}-\u{1f3ff}]|\ufe0f)?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu
/** a tag: `<`, a letter (or `/` and a letter), anything but angle brackets, `>` — linear: a scan stops at the next `<` */
const TAG = /<\/?[A-Za-z][^<>]*>/g
const SPACES = /[ \u00a0\u3000]{2,}|[\u00a0]/g

/**
 * `<!-- … -->` comments, found with indexOf: a regex would scan to the end of the text again
 * from every unclosed `<!--` (quadratic on 「<!--<!--<!--…」).
 */
function withoutComments(text: string): string {
  let at = text.indexOf('<!--')
  if (at < 0) return text
  let out = ''
  let from = 0
  while (at >= 0) {
    const end = text.indexOf('-->', at + 4)
    if (end < 0) break
    out += text.slice(from, at)
    from = end + 3
    at = text.indexOf('<!--', from)
  }
  return out + text.slice(from)
}

export function cleanShown(text: string): string {
  return withoutComments(text)
    .replace(LINE_BREAKS, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .replace(INVISIBLE, '')
    .replace(LONE_JOINER, '')
    .replace(TAG, '')
    .replace(SPACES, ' ')
    .trim()
}

/** `name(id)`, both cleaned: how HQ reads a contact */
export function shownWho(name: string, id: string): string {
  return `${cleanShown(name)}(${cleanShown(id)})`
}
