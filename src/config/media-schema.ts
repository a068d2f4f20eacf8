import { z } from 'zod'

/**
 * The media library (issue 21, item 2): items an operator names once and SOP steps,
 * broadcasts (`#广播 全部 [素材:课程海报]`) and schedules send by id. Files live under
 * `mediaDir` (default `config/media`, relative to where the bot runs, like
 * `config/default.yaml`; in a scenario, relative to the scenario's folder). `media:` is the
 * list, as the issue writes it, so a bad item is named `media[2].file: …`.
 */

/** an id an operator types inside `[素材:…]`: no spaces, brackets or colons */
export const mediaId = z.string().regex(/^[^\s[\]:：,，]+$/, 'a media id has no spaces, brackets, commas or colons').max(40)

/** a file name under `mediaDir`: no way out of it */
const fileName = z
  .string()
  .min(1)
  .refine((f) => !f.split(/[\\/]/).includes('..') && !/^([\\/]|[A-Za-z]:)/.test(f), { message: 'a file under mediaDir (no "..", not absolute)' })

const urlLink = z
  .object({
    title: z.string().min(1),
    url: z.string().regex(/^https?:\/\/\S+$/, 'expected http(s)://…'),
    description: z.string().optional(),
    /** the card's picture, an http(s) address */
    thumb: z.string().regex(/^https?:\/\/\S+$/, 'expected http(s)://…').optional(),
  })
  .strict()

const miniProgram = z
  .object({
    title: z.string().min(1),
    appid: z.string().optional(),
    /** the mini program's original id (gh_…) */
    username: z.string().optional(),
    pagePath: z.string().optional(),
    description: z.string().optional(),
    thumbUrl: z.string().optional(),
    iconUrl: z.string().optional(),
  })
  .strict()

const KINDS = ['file', 'image', 'url', 'miniProgram'] as const

export const mediaItemSchema = z
  .object({
    id: mediaId,
    file: fileName.optional(),
    /** a picture: WeChat (and the puppets) send it as an image by its name */
    image: fileName.refine((f) => /\.(png|jpe?g|gif|webp|bmp)$/i.test(f), { message: 'an image is a .png, .jpg, .jpeg, .gif, .webp or .bmp file' }).optional(),
    url: urlLink.optional(),
    miniProgram: miniProgram.optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    const kinds = KINDS.filter((k) => item[k] !== undefined)
    if (kinds.length !== 1) ctx.addIssue({ code: 'custom', message: `exactly one of file, image, url, miniProgram (got ${kinds.join(', ') || 'none'})` })
  })

export const mediaSchema = z.array(mediaItemSchema)
export const mediaDirSchema = z.string().min(1)

export type MediaItemConfig = z.output<typeof mediaItemSchema>
/** the two keys together, as the library reads them */
export interface MediaConfig {
  dir: string
  items: readonly MediaItemConfig[]
}
export type MediaKind = (typeof KINDS)[number]

/** which kind an item is (the schema lets exactly one through) */
export function mediaKind(item: MediaItemConfig): MediaKind {
  return KINDS.find((k) => item[k] !== undefined) ?? 'file'
}

/** Two items with one id, each named by its key. */
export function mediaIdProblems(media: MediaConfig, prefix = 'media'): string[] {
  const seen = new Map<string, number>()
  const problems: string[] = []
  media.items.forEach((item, i) => {
    const first = seen.get(item.id)
    if (first !== undefined) problems.push(`${prefix}[${i}].id: "${item.id}" is already used by ${prefix}[${first}]`)
    else seen.set(item.id, i)
  })
  return problems
}

/**
 * Files named by items that are not there, each named by its key (`media[2].file: file
 * not found: config/media/welcome.pdf`). `exists` is passed in: loading stays pure.
 */
export function mediaFileProblems(media: MediaConfig, exists: (path: string) => boolean, prefix = 'media'): string[] {
  const problems: string[] = []
  media.items.forEach((item, i) => {
    for (const field of ['file', 'image'] as const) {
      const name = item[field]
      if (name === undefined) continue
      const path = mediaPath(media.dir, name)
      if (!exists(path)) problems.push(`${prefix}[${i}].${field}: file not found: ${path}`)
    }
  })
  return problems
}

/** an item's file: `dir/name` (a plain join; the reader resolves it against its own folder) */
export function mediaPath(dir: string, name: string): string {
  return `${dir.replace(/[\\/]+$/, '')}/${name}`
}
