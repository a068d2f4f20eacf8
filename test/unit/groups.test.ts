import { parseConfigObject } from '../../src/config/load-config'
import { isManaged, managedGroups, type GroupRecord } from '../../src/core/groups'
import { resolveTarget } from '../../src/core/targets'

const rec = (roomId: string, topic: string, present = true): GroupRecord => ({
  roomId, topic, memberCount: 3, botIsOwner: true, botIsAdmin: false, present, updatedAt: 0,
})

const config = (autoManage: boolean) =>
  parseConfigObject({
    hq: { rooms: ['hq@chatroom'] },
    groups: { autoManage, list: [{ room: 'bj1@chatroom', key: 'bj1', tags: ['北京'], leaders: ['wxid_l'] }] },
  })

describe('which groups are managed', () => {
  it.each([
    [true, 'hq@chatroom', false],
    [true, 'bj1@chatroom', true],
    [true, 'other@chatroom', true],
    [false, 'bj1@chatroom', true],
    [false, 'other@chatroom', false],
    [false, 'hq@chatroom', false],
  ])('autoManage=%s: %s managed=%s', (auto, room, managed) => {
    expect(isManaged(config(auto), room)).toBe(managed)
  })

  it('joins config (key, tags, leaders) and HQ tag changes by room id, skipping absent rooms', () => {
    const groups = managedGroups(
      config(true),
      [rec('bj1@chatroom', '北京1群'), rec('x@chatroom', '运营总部'), rec('gone@chatroom', '旧群', false), rec('hq@chatroom', '运营总部')],
      { 'x@chatroom': ['北京', '新'] },
    )
    expect(groups.map((g) => [g.roomId, g.key, g.tags, g.leaders])).toEqual([
      ['bj1@chatroom', 'bj1', ['北京'], ['wxid_l']],
      ['x@chatroom', undefined, ['北京', '新'], []],
    ])
  })
})

describe('targets', () => {
  const groups = managedGroups(config(true), [rec('bj1@chatroom', '北京1群'), rec('sh@chatroom', '上海1群'), rec('dup@chatroom', '上海1群')], {
    'sh@chatroom': ['上海'],
  })
  it.each([
    [{ kind: 'all' as const }, ['bj1@chatroom', 'dup@chatroom', 'sh@chatroom'], []],
    [{ kind: 'tags' as const, tags: ['北京', '上海'] }, ['bj1@chatroom', 'sh@chatroom'], []],
    [{ kind: 'tags' as const, tags: ['广州'] }, [], ['广州']],
    [{ kind: 'groups' as const, names: ['bj1'] }, ['bj1@chatroom'], []],
    // two rooms share a topic: naming the topic reaches both, so the operator sees the count
    [{ kind: 'groups' as const, names: ['上海1群', 'nope'] }, ['dup@chatroom', 'sh@chatroom'], ['nope']],
  ])('%j', (target, rooms, unknown) => {
    const r = resolveTarget(target, groups)
    expect(r.groups.map((g) => g.roomId).sort()).toEqual(rooms)
    expect(r.unknown).toEqual(unknown)
  })
})
