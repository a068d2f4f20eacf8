import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, loadConfig, parseConfigObject } from '../../../src/config/load-config'
import { mediaReference } from '../../../src/core/media-reference'
import { createMediaLibrary } from '../../../src/media/media-library'
import { loadScenarioFile, parseScenario } from '../../../src/sim/load-scenario'
import { play, textIn } from '../../helpers/scenario'

const SCENARIO = join(__dirname, '..', '..', '..', 'scenarios', 'media.yaml')

/** the config problems of a YAML text, with `exists` saying which media files are there */
function problemsOf(yaml: string, exists: (path: string) => boolean): string[] {
  try {
    loadConfig({ QUNHQ_CONFIG: 'c.yaml' }, (p) => (p === 'c.yaml' ? yaml : undefined), exists)
    return []
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
}

describe('media library: config', () => {
  const yaml = `
media:
  - { id: 新人礼包, file: welcome.pdf }
  - { id: 课程海报, image: poster.png }
  - { id: 讲义, file: notes/day1.pdf }
  - { id: 报名, url: { title: 报名, url: "https://example.com/a" } }
`
  it('names each missing file by its key, under mediaDir', () => {
    const there = new Set(['config/media/welcome.pdf'])
    expect(problemsOf(yaml, (p) => there.has(p))).toEqual([
      'media[1].image: file not found: config/media/poster.png',
      'media[2].file: file not found: config/media/notes/day1.pdf',
    ])
    expect(problemsOf(yaml, () => true)).toEqual([])
  })

  it.each([
    [[{ id: 'a', file: 'x.pdf', image: 'y.png' }], 'media[0]: exactly one of file, image, url, miniProgram (got file, image)'],
    [[{ id: 'a' }], 'media[0]: exactly one of file, image, url, miniProgram (got none)'],
    [[{ id: 'a', image: 'poster.pdf' }], 'media[0].image: an image is a .png'],
    [[{ id: 'a', file: '../secret.txt' }], 'media[0].file: a file under mediaDir'],
    [[{ id: 'a b', file: 'x.pdf' }], 'media[0].id: a media id has no spaces'],
    [[{ id: 'a', url: { title: 't', url: 'ftp://x' } }], 'media[0].url.url: expected http(s)'],
    [[{ id: 'a', file: 'x.pdf' }, { id: 'a', file: 'y.pdf' }], 'media[1].id: "a" is already used by media[0]'],
  ])('%j is refused naming its key', (media, problem) => {
    let problems: string[] = []
    try {
      parseConfigObject({ media })
    } catch (err) {
      problems = (err as ConfigError).problems
    }
    expect(problems.join('\n')).toContain(problem)
  })

  it('a scenario looks for the files in its own folder, and names a missing one', () => {
    const loaded = loadScenarioFile(SCENARIO)
    expect(loaded.config.mediaDir).toBe(join(__dirname, '..', '..', '..', 'scenarios', 'media'))
    expect(loaded.config.media.map((m) => m.id)).toEqual(['新人礼包', '课程海报', '报名', '小程序'])
    const raw = { name: 'x', config: { mediaDir: 'media', media: [{ id: 'a', file: 'welcome.pdf' }, { id: 'b', image: 'gone.png' }] }, world: {}, steps: [] }
    expect(() => parseScenario(raw, join(__dirname, '..', '..', '..', 'scenarios'))).toThrow(/config\.media\[1\]\.image: file not found: .*scenarios\/media\/gone\.png/)
  })
})

describe('media library: items and actions', () => {
  const config = parseConfigObject({
    mediaDir: '/srv/media/',
    media: [
      { id: '新人礼包', file: 'packs/welcome.pdf' },
      { id: '课程海报', image: 'poster.png' },
      { id: '报名', url: { title: '报名', url: 'https://example.com/a', thumb: 'https://example.com/t.png' } },
      { id: '小程序', miniProgram: { title: '打卡', appid: 'wx1', pagePath: 'pages/a' } },
    ],
  })
  const media = createMediaLibrary(() => config)

  it('lists the items with what #素材 shows', () => {
    expect(media.list().map((m) => [m.id, m.kind, m.label])).toEqual([
      ['新人礼包', 'file', 'welcome.pdf'],
      ['课程海报', 'image', 'poster.png'],
      ['报名', 'url', '报名'],
      ['小程序', 'miniProgram', '打卡'],
    ])
    expect(media.get('课程海报')?.path).toBe('/srv/media/poster.png')
    expect(media.get('nope')).toBeUndefined()
  })

  it('builds the outbound action of each kind (files by path, never their bytes)', () => {
    expect(media.action('新人礼包', 'r1')).toEqual({ type: 'file', to: 'r1', name: 'welcome.pdf', path: '/srv/media/packs/welcome.pdf' })
    expect(media.action('课程海报', 'r1')).toEqual({ type: 'image', to: 'r1', name: 'poster.png', path: '/srv/media/poster.png' })
    expect(media.action('报名', 'r1')).toEqual({ type: 'url', to: 'r1', title: '报名', url: 'https://example.com/a', thumbnailUrl: 'https://example.com/t.png' })
    expect(media.action('小程序', 'r1')).toEqual({ type: 'miniProgram', to: 'r1', title: '打卡', appid: 'wx1', pagePath: 'pages/a' })
    expect(() => media.action('nope', 'r1')).toThrow('没有素材「nope」')
  })

  it.each([
    ['[素材:课程海报]', '课程海报'],
    [' [素材：课程海报] ', '课程海报'],
    ['[media:poster]', 'poster'],
    ['[素材:课程海报] 今晚见', undefined],
    ['看 [素材:课程海报]', undefined],
    ['[素材:]', undefined],
  ])('mediaReference(%j) = %j', (text, id) => {
    expect(mediaReference(text)).toBe(id)
  })
})

describe('media library in the simulated world (scenarios/media.yaml)', () => {
  it('lists the items and sends each as an image, file, url or mini program; an unknown id sends nothing', async () => {
    const { transcript: t } = await play(readFileSync(SCENARIO, 'utf8'))
    const sends = t.filter((l) => l.type === 'send').map((l) => [l.room, l.kind, l.name])
    expect(sends).toEqual(
      expect.arrayContaining([
        ['bj1@chatroom', 'file', 'welcome.pdf'],
        ['bj1@chatroom', 'image', 'poster.png'],
        ['bj2@chatroom', 'image', 'poster.png'],
        ['bj1@chatroom', 'url', '12月训练营报名'],
        ['bj1@chatroom', 'miniProgram', '打卡小程序'],
      ]),
    )
    // each delivery once, nothing said in the groups
    expect(sends).toHaveLength(5)
    expect(t.filter((l) => l.type === 'say' && l.room !== 'hq@chatroom')).toHaveLength(0)
    const hq = textIn(t, 'hq@chatroom')
    expect(hq[0]).toContain('🗂 素材库 (4)')
    expect(hq[0]).toContain('课程海报 · 图片 · poster.png')
    expect(hq[0]).toContain('报名 · 链接 · 12月训练营报名')
    expect(hq.filter((line) => /B\d 完成：送达/.test(line))).toHaveLength(4)
    expect(hq.at(-1)).toBe('没有素材「没有这个」。#素材 查看素材库。')
  })
})
