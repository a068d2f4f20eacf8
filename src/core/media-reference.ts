import { mediaWords } from '../texts/media'

const REFERENCE = new RegExp(`^\\[(?:${mediaWords.join('|')})[:：]\\s*([^\\]\\s]+)\\s*\\]$`, 'i')

/**
 * The media item a text names when the whole text is `[素材:课程海报]` (what `#广播`, `#定时`
 * and config schedules send as that item); undefined for any other text.
 */
export function mediaReference(text: string): string | undefined {
  return REFERENCE.exec(text.trim())?.[1]
}
