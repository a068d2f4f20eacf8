import { compileKeywords } from './keyword-matcher'

/**
 * Watch-words (public-opinion risk: 退款, 投诉, 骗子 …) only alert HQ; they never act on
 * the sender. So unlike ad keywords there are no exceptions here: an operator would rather
 * read one alert too many.
 */
export type CompiledWatchWords = (text: string) => string[]

export function compileWatchWords(words: string[]): CompiledWatchWords {
  return compileKeywords(words)
}

/** The distinct watch-words in `text`, in the order they first end in it. */
export function matchWatchWords(text: string, compiled: CompiledWatchWords): string[] {
  return compiled(text)
}
