import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import * as PUPPET from 'wechaty-puppet'
import { z } from 'zod'

/**
 * The kinds of content a message carries in the simulated WeChat, as one table (issue 18):
 * for each kind, the `say:` field a scenario writes, the content it becomes, how the puppet
 * hands it to the bot (message type, text, file name), how the transcript names it in a
 * `send` line and how the live view shows it. A new kind is one union member below and one
 * entry in `CONTENT_KINDS`; the scenario schema, the world, the puppet, the scenario runner
 * and the live view read it from here.
 */
export type SimContent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; name: string; data: Buffer }
  | { kind: 'file'; name: string; data: Buffer }
  | { kind: 'url'; title: string; url: string; description?: string }
  | { kind: 'miniProgram'; title: string; appid?: string }
  | { kind: 'card'; contactId: string }
  /** a voice message of `seconds` (the puppet hands it as WeChat's XML, as puppet-padlocal does) */
  | { kind: 'voice'; seconds: number }

export type ContentKind = SimContent['kind']
type Of<K extends ContentKind> = Extract<SimContent, { kind: K }>

/** what a kind may ask of the world: names as WeChat shows them */
export interface ContentNames {
  contactName(contactId: string): string
}

interface KindSpec<K extends ContentKind, S extends z.ZodTypeAny> {
  /** the `say:` field of a scenario step (exactly one kind's field is set) */
  field: S
  /** the field's value → the content; files are read relative to the scenario's folder */
  fromStep(value: z.output<S>, baseDir: string): Of<K>
  /** the field names a file the scenario loader checks for */
  readsFile?: true
  /** the message type the puppet reports */
  puppetType: PUPPET.types.Message
  /** the message text the puppet hands the bot (a text's mentions are added by the puppet) */
  puppetText(c: Of<K>, m: { fromId: string }, names: ContentNames): string
  /** the file name the puppet reports, for kinds that carry a file */
  fileName?(c: Of<K>): string
  /** the `name` of the transcript's `send` line when the bot sends it (a text is a `say` line) */
  sendName(c: Of<K>): string
  /** the live view's words for it */
  shown(c: Of<K>, names: ContentNames): string
}

const kind = <K extends ContentKind, S extends z.ZodTypeAny>(_kind: K, spec: KindSpec<K, S>) => spec

/**
 * A text, or parts joined into one: `["兼职", { repeat: "?", times: 40000 }, "a"]`, so a
 * scenario can play the long hostile texts a member can send without a 40 KB YAML line.
 */
const textParts = z
  .array(z.union([z.string(), z.object({ repeat: z.string().min(1), times: z.number().int().min(1).max(1_000_000) }).strict()]))
  .min(1)
  .transform((parts) => parts.map((p) => (typeof p === 'string' ? p : p.repeat.repeat(p.times))).join(''))
  .refine((t) => t.length <= 2_000_000, { message: 'a text of at most 2,000,000 characters' })

/** what the two file kinds share: a file read from the scenario's folder, named by its file name */
const fileParts = (label: string) => ({
  field: z.string(),
  readsFile: true as const,
  puppetText: (c: { name: string }) => c.name,
  fileName: (c: { name: string }) => c.name,
  sendName: (c: { name: string }) => c.name,
  shown: (c: { name: string }) => `[${label}] ${c.name}`,
})
const readFile = (file: string, baseDir: string) => ({ name: basename(file), data: readFileSync(resolve(baseDir, file)) })

export const CONTENT_KINDS = {
  text: kind('text', {
    field: z.union([z.string(), textParts]),
    fromStep: (text) => ({ kind: 'text', text }),
    puppetType: PUPPET.types.Message.Text,
    puppetText: (c) => c.text,
    sendName: (c) => c.text,
    shown: (c) => c.text,
  }),
  url: kind('url', {
    field: z.object({ title: z.string(), url: z.string(), description: z.string().optional() }).strict(),
    fromStep: (v) => ({ kind: 'url', ...v }),
    puppetType: PUPPET.types.Message.Url,
    puppetText: (c) => c.title,
    sendName: (c) => c.title,
    shown: (c) => `[链接] ${c.title} ${c.url}`,
  }),
  miniProgram: kind('miniProgram', {
    field: z.object({ title: z.string(), appid: z.string().optional() }).strict(),
    fromStep: (v) => ({ kind: 'miniProgram', ...v }),
    puppetType: PUPPET.types.Message.MiniProgram,
    puppetText: (c) => c.title,
    sendName: (c) => c.title,
    shown: (c) => `[小程序] ${c.title}`,
  }),
  card: kind('card', {
    field: z.string().min(1),
    fromStep: (contactId) => ({ kind: 'card', contactId }),
    puppetType: PUPPET.types.Message.Contact,
    puppetText: (c, _m, names) => names.contactName(c.contactId),
    sendName: (c) => c.contactId,
    shown: (c, names) => `[名片] ${names.contactName(c.contactId)}`,
  }),
  image: kind('image', {
    ...fileParts('图片'),
    fromStep: (file, baseDir) => ({ kind: 'image', ...readFile(file, baseDir) }),
    puppetType: PUPPET.types.Message.Image,
  }),
  file: kind('file', {
    ...fileParts('文件'),
    fromStep: (file, baseDir) => ({ kind: 'file', ...readFile(file, baseDir) }),
    puppetType: PUPPET.types.Message.Attachment,
  }),
  voice: kind('voice', {
    /** a voice message of this length (WeChat allows up to 60 s; a forwarded or other client's may be longer) */
    field: z.object({ seconds: z.number().min(0).max(3600) }).strict(),
    fromStep: (v) => ({ kind: 'voice', seconds: v.seconds }),
    puppetType: PUPPET.types.Message.Audio,
    // WeChat's own XML for a voice, as puppet-padlocal hands it over (voicelength in ms)
    puppetText: (c, m) =>
      `<msg><voicemsg endflag="1" cancelflag="0" forwardflag="0" voiceformat="4" voicelength="${Math.round(c.seconds * 1000)}" length="${Math.round(c.seconds * 1600)}" fromusername="${m.fromId}" /></msg>`,
    sendName: (c) => `${c.seconds}s`,
    shown: (c) => `[语音] ${c.seconds}秒`,
  }),
} satisfies { [K in ContentKind]: KindSpec<K, z.ZodTypeAny> }

/** the kinds in the table's order (the order of the scenario's "exactly one of" message) */
export const CONTENT_KIND_NAMES = Object.keys(CONTENT_KINDS) as ContentKind[]

/** the `say:` fields, each optional: a step sets exactly one (scenario-schema.ts checks) */
export const sayContentFields = Object.fromEntries(CONTENT_KIND_NAMES.map((k) => [k, CONTENT_KINDS[k].field.optional()])) as {
  [K in ContentKind]: z.ZodOptional<(typeof CONTENT_KINDS)[K]['field']>
}

/** the one kind's spec, typed for its content (the table is indexed by the content's own kind) */
const specOf = <K extends ContentKind>(c: Of<K>) => CONTENT_KINDS[c.kind] as unknown as KindSpec<K, z.ZodTypeAny>

/** the kind set in a `say:` step and the content it becomes (undefined: none set) */
export function contentOfStep(say: { [K in ContentKind]?: z.output<(typeof CONTENT_KINDS)[K]['field']> }, baseDir: string): SimContent | undefined {
  for (const k of CONTENT_KIND_NAMES) {
    const value = say[k]
    if (value !== undefined) return (CONTENT_KINDS[k] as unknown as KindSpec<typeof k, z.ZodTypeAny>).fromStep(value, baseDir)
  }
  return undefined
}

export const puppetType = (c: SimContent): PUPPET.types.Message => specOf(c).puppetType
export const puppetText = (c: SimContent, m: { fromId: string }, names: ContentNames): string => specOf(c).puppetText(c, m, names)
export const fileNameOf = (c: SimContent): string | undefined => specOf(c).fileName?.(c)
export const sendName = (c: SimContent): string => specOf(c).sendName(c)
export const shownContent = (c: SimContent, names: ContentNames): string => specOf(c).shown(c, names)
/** the `say:` fields that name a file the scenario loader checks exists */
export const FILE_FIELDS = CONTENT_KIND_NAMES.filter((k) => (CONTENT_KINDS[k] as { readsFile?: true }).readsFile) as FileKind[]
type FileKind = { [K in ContentKind]: (typeof CONTENT_KINDS)[K] extends { readsFile: true } ? K : never }[ContentKind]
