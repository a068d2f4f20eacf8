import * as PUPPET from 'wechaty-puppet'
import { CONTENT_KIND_NAMES, CONTENT_KINDS, contentOfStep, FILE_FIELDS, puppetText, puppetType, sendName, shownContent } from '../../src/sim/content-kinds'
import { stepSchemas } from '../../src/sim/scenario-schema'

/**
 * The simulator's content kinds are one table (src/sim/content-kinds.ts): each kind's `say:`
 * field parses in a scenario step and becomes a content of that kind, which the puppet, the
 * transcript and the live view read from the same entry.
 */
const names = { contactName: (id: string) => (id === 'wxid_u1' ? '张三' : id) }
const baseDir = `${__dirname}/../fixtures`

/** one `say:` value per kind, as a scenario writes it */
const written: Record<string, unknown> = {
  text: '你好',
  url: { title: '报名链接', url: 'https://x.example/a' },
  miniProgram: { title: '打卡', appid: 'wx123' },
  card: 'wxid_u1',
  image: 'photo.png',
  file: 'qr.jpg',
  voice: { seconds: 75 },
}

describe('the simulator content kinds table', () => {
  it('has the seven kinds scenarios know, and only image and file read a file', () => {
    expect(CONTENT_KIND_NAMES).toEqual(['text', 'url', 'miniProgram', 'card', 'image', 'file', 'voice'])
    expect(FILE_FIELDS).toEqual(['image', 'file'])
  })

  it.each(CONTENT_KIND_NAMES)('a say step with %s parses and becomes content of that kind', (kind) => {
    const say = stepSchemas.say.parse({ room: 'g1@chatroom', from: 'wxid_u1', [kind]: written[kind] })
    const content = contentOfStep(say, baseDir)
    expect(content?.kind).toBe(kind)
    expect(puppetType(content!)).toBe(CONTENT_KINDS[kind].puppetType)
    expect(typeof sendName(content!)).toBe('string')
    expect(shownContent(content!, names).length).toBeGreaterThan(0)
  })

  it('refuses a say step with two kinds, naming the kinds from the table', () => {
    const r = stepSchemas.say.safeParse({ room: 'g1@chatroom', from: 'wxid_u1', text: 'a', card: 'wxid_u2' })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('exactly one of text, url, miniProgram, card, image, file, voice (got text, card)')
  })

  it('gives the puppet what a real one gives: a card as the name, a voice as WeChat XML, a file by its name', () => {
    expect(puppetText({ kind: 'card', contactId: 'wxid_u1' }, { fromId: 'wxid_u2' }, names)).toBe('张三')
    expect(puppetText({ kind: 'voice', seconds: 75 }, { fromId: 'wxid_u2' }, names)).toContain('voicelength="75000"')
    expect(puppetType({ kind: 'voice', seconds: 75 })).toBe(PUPPET.types.Message.Audio)
    expect(shownContent({ kind: 'file', name: 'a.pdf', data: Buffer.from('') }, names)).toBe('[文件] a.pdf')
  })
})
