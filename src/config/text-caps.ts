// The caps that both the config (a pattern's cost is judged at this length) and the rules
// (which cut the text there) use: config sits below core, so they live here.

/**
 * The pattern reads at most the first 64 characters of a name. WeChat keeps names and group
 * nicknames far shorter (a few dozen characters at most), so no real name is cut; the cap
 * bounds what the operator's pattern can cost (the config accepts patterns whose worst
 * case is polynomial of low degree, see `src/config/check-regex.ts`).
 */
export const NICKNAME_MAX_CHARS = 64

/**
 * A question is a sentence or two. A longer text is a post, not a question to relay, and
 * the cap bounds what a user pattern can cost: the config accepts patterns whose worst
 * case is at most quadratic, and 1,000² steps take well under a millisecond or two.
 */
export const QUESTION_MAX_CHARS = 1000

/**
 * An answer to an application question is a word or a short sentence (a city, a name, an
 * industry). Longer input is refused before the operator's pattern sees it, which bounds
 * what the pattern can cost, as for names.
 */
export const ENTRY_ANSWER_MAX_CHARS = 200
