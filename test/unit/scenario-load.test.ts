import { resolve } from 'node:path'
import { ScenarioError, loadScenarioFile, parseScenario } from '../../src/sim/load-scenario'

const fixtures = resolve(__dirname, '..', 'fixtures')
const scenarios = resolve(fixtures, 'scenarios')

/** The problem lines of the ScenarioError `fn` throws; fails when it throws nothing or something else. */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems
    throw err
  }
  throw new Error('expected a ScenarioError, but the scenario was accepted')
}

const world = {
  bot: { id: 'wxid_bot', name: '群助手' },
  rooms: [
    { id: 'hq@chatroom', topic: '运营总部', members: ['wxid_op1'] },
    { id: 'g1@chatroom', topic: '北京1群', members: ['wxid_u1'] },
  ],
}

/** A valid scenario with `steps`; other top-level keys may be replaced. */
const scenario = (steps: unknown[], extra: Record<string, unknown> = {}) => ({ name: 't', world, steps, ...extra })

describe('parseScenario: valid', () => {
  it('a minimal scenario: a name and an empty world', () => {
    const loaded = parseScenario({ name: 'minimal', world: {} }, fixtures)
    expect(loaded.steps).toEqual([])
    expect(loaded.scenario.name).toBe('minimal')
    expect(loaded.scenario.world.bot).toEqual({ id: 'wxid_bot', name: '群助手' })
    expect(loaded.scenario.world.rooms).toEqual([])
    expect(loaded.baseDir).toBe(fixtures)
    // no config: block → the built-in defaults
    expect(loaded.config.outbound.minIntervalMs).toBe(3000)
  })

  it('every step kind of the spec parses, with durations in ms and defaults filled in', () => {
    const loaded = parseScenario(
      scenario(
        [
          { say: { room: 'g1@chatroom', from: 'wxid_u1', text: '大家好', mentions: ['wxid_bot'] } },
          { say: { room: 'g1@chatroom', from: 'wxid_u1', url: { title: '领券', url: 'https://x.example/a' } } },
          { say: { room: 'g1@chatroom', from: 'wxid_u1', miniProgram: { title: '砍一刀', appid: 'wx123' } } },
          { say: { room: 'g1@chatroom', from: 'wxid_u1', card: 'wxid_other' } },
          { say: { room: 'g1@chatroom', from: 'wxid_u1', image: 'qr.png' } },
          { say: { from: 'wxid_u1', text: '私聊' } },
          { join: { room: 'g1@chatroom', contacts: ['wxid_new'], inviter: 'wxid_u1' } },
          { leave: { room: 'g1@chatroom', contacts: ['wxid_u1'] } },
          { alias: { room: 'g1@chatroom', contact: 'wxid_new', name: '北京-李四-金融' } },
          { topic: { room: 'g1@chatroom', from: 'wxid_new', topic: '新名字' } },
          { friend: { from: 'wxid_new', hello: '北京' } },
          { friend: { from: 'wxid_x' } },
          { failSends: { count: 3 } },
          { logout: {} },
          { login: null },
          { restart: { hard: true } },
          { restart: null },
          { wait: '2s' },
          { wait: 1500 },
          { wait: '1500ms' },
          { wait: '3m' },
          { settle: { timeout: '60s' } },
          { settle: null },
        ],
        { config: { hq: { rooms: ['hq@chatroom'] }, outbound: { minIntervalMs: 50, jitterMs: 0 } } },
      ),
      fixtures,
    )
    expect(loaded.steps).toHaveLength(23)
    expect(loaded.steps[11]).toEqual({ friend: { from: 'wxid_x', hello: '' } })
    expect(loaded.steps[14]).toEqual({ login: {} })
    expect(loaded.steps[15]).toEqual({ restart: { hard: true } })
    expect(loaded.steps[16]).toEqual({ restart: { hard: false } })
    expect(loaded.steps.slice(17, 21)).toEqual([{ wait: 2000 }, { wait: 1500 }, { wait: 1500 }, { wait: 180000 }])
    expect(loaded.steps[21]).toEqual({ settle: { timeout: 60000 } })
    expect(loaded.steps[22]).toEqual({ settle: { timeout: 60000 } })
    // the config block is merged over the defaults
    expect(loaded.config.outbound.minIntervalMs).toBe(50)
    expect(loaded.config.outbound.jitterMs).toBe(0)
    expect(loaded.config.outbound.dailyCap).toBe(3000)
    expect(loaded.config.hq.rooms).toEqual(['hq@chatroom'])
  })

  it('together: a list of event steps, each parsed as its own step would be', () => {
    const loaded = parseScenario(
      scenario([
        {
          together: [
            { say: { room: 'g1@chatroom', from: 'wxid_u1', text: '一' } },
            { say: { room: 'g1@chatroom', from: 'wxid_u1', text: ['二', { repeat: '!', times: 3 }] } },
            { join: { room: 'g1@chatroom', contacts: ['wxid_new'] } },
            { leave: { room: 'g1@chatroom', contacts: ['wxid_u1'] } },
            { friend: { from: 'wxid_x' } },
            { logout: null },
          ],
        },
      ]),
      fixtures,
    )
    expect(loaded.steps).toEqual([
      {
        together: [
          { say: { room: 'g1@chatroom', from: 'wxid_u1', text: '一' } },
          { say: { room: 'g1@chatroom', from: 'wxid_u1', text: '二!!!' } },
          { join: { room: 'g1@chatroom', contacts: ['wxid_new'] } },
          { leave: { room: 'g1@chatroom', contacts: ['wxid_u1'] } },
          { friend: { from: 'wxid_x', hello: '' } },
          { logout: {} },
        ],
      },
    ])
  })

  it('generated rooms count as existing rooms', () => {
    const loaded = parseScenario(
      {
        name: 'many',
        world: { generate: [{ count: 3, id: 'city{i}@chatroom', topic: '城市群{i}', members: 2 }] },
        steps: [
          { say: { room: 'city3@chatroom', from: 'wxid_city3_m1', text: 'hi' } },
          { join: { room: 'city1@chatroom', contacts: ['wxid_new'] } },
        ],
      },
      fixtures,
    )
    expect(loaded.steps).toHaveLength(2)
    // but only up to count
    expect(
      problemsOf(() =>
        parseScenario(
          {
            name: 'many',
            world: { generate: [{ count: 3, id: 'city{i}@chatroom', topic: '城市群{i}' }] },
            steps: [{ say: { room: 'city4@chatroom', from: 'wxid_a', text: 'hi' } }],
          },
          fixtures,
        ),
      ),
    ).toEqual([expect.stringMatching(/^steps\[0\]\.say\.room: no such room/)])
  })

  it('an image path is resolved against the scenario folder', () => {
    const step = { say: { room: 'g1@chatroom', from: 'wxid_u1', image: '../qr.png' } }
    expect(parseScenario(scenario([step]), scenarios).steps).toHaveLength(1)
    // the same relative path from another folder does not exist
    expect(problemsOf(() => parseScenario(scenario([step]), fixtures))).toEqual([
      expect.stringMatching(/^steps\[0\]\.say\.image: file not found/),
    ])
  })
  it('a text given as parts is joined, with repeated parts spelt out', () => {
    const step = { say: { room: 'g1@chatroom', from: 'wxid_u1', text: ['兼职', { repeat: '?', times: 40000 }, 'a'] } }
    const [parsed] = parseScenario(scenario([step]), scenarios).steps
    const text = parsed && 'say' in parsed ? parsed.say.text : undefined
    expect(text).toHaveLength(2 + 40000 + 1)
    expect(text?.startsWith('兼职??')).toBe(true)
    expect(text?.endsWith('?a')).toBe(true)
  })

  it('a repeat without a count, or an empty parts list, is refused with its path', () => {
    const bad = (text: unknown) => problemsOf(() => parseScenario(scenario([{ say: { room: 'g1@chatroom', from: 'wxid_u1', text } }]), scenarios))
    expect(bad([{ repeat: '?' }])[0]).toMatch(/^steps\[0\]\.say\.text/)
    expect(bad([])[0]).toMatch(/^steps\[0\]\.say\.text/)
  })
})

describe('parseScenario: each problem names its field', () => {
  const say = (extra: Record<string, unknown>) => ({ say: { room: 'g1@chatroom', from: 'wxid_u1', ...extra } })
  const filler = { wait: 10 }

  // [what, steps, path the (only) problem starts with, a fragment of its message]
  it.each<[string, unknown[], string, RegExp]>([
    ['say in a room that does not exist', [filler, filler, filler, { say: { room: 'nope@chatroom', from: 'wxid_u1', text: 'x' } }], 'steps[3].say.room', /^no such room "nope@chatroom"/],
    ['join to a room that does not exist', [{ join: { room: 'g9@chatroom', contacts: ['wxid_a'] } }], 'steps[0].join.room', /no such room/],
    ['leave from a room that does not exist', [{ leave: { room: 'g9@chatroom', contacts: ['wxid_a'] } }], 'steps[0].leave.room', /no such room/],
    ['alias in a room that does not exist', [{ alias: { room: 'g9@chatroom', contact: 'wxid_a', name: 'x' } }], 'steps[0].alias.room', /no such room/],
    ['topic of a room that does not exist', [{ topic: { room: 'g9@chatroom', from: 'wxid_a', topic: 'x' } }], 'steps[0].topic.room', /no such room/],
    ['room id without @', [filler, { say: { room: 'g1', from: 'wxid_u1', text: 'x' } }], 'steps[1].say.room', /contains "@"/],
    ['unknown step kind', [filler, { dance: { room: 'g1@chatroom' } }], 'steps[1]', /exactly one of .*\(got dance\)/],
    ['two step kinds in one step', [{ wait: 10, settle: {} }], 'steps[0]', /exactly one of .*\(got wait, settle\)/],
    ['an empty step', [{}], 'steps[0]', /\(got nothing\)/],
    ['two content fields in one say', [say({ text: 'x', card: 'wxid_other' })], 'steps[0].say', /exactly one of .*\(got text, card\)/],
    ['no content field in a say', [say({})], 'steps[0].say', /\(got none\)/],
    ['say without from', [{ say: { room: 'g1@chatroom', text: 'x' } }], 'steps[0].say.from', /./],
    ['unknown field in a say', [say({ text: 'x', txt: 'y' })], 'steps[0].say', /unknown key\(s\): txt/],
    ['mentions without a room', [{ say: { from: 'wxid_u1', text: 'x', mentions: ['wxid_bot'] } }], 'steps[0].say.mentions', /need a room/],
    ['missing image file', [say({ image: 'no-such-picture.png' })], 'steps[0].say.image', /file not found: no-such-picture\.png/],
    ['missing file', [say({ file: 'no-such.pdf' })], 'steps[0].say.file', /file not found/],
    ['bad duration in wait', [filler, { wait: '2 parsecs' }], 'steps[1].wait', /invalid duration "2 parsecs"/],
    ['unit-less word as duration', [{ wait: 'soon' }], 'steps[0].wait', /invalid duration/],
    ['negative duration', [{ wait: -5 }], 'steps[0].wait', /./],
    ['bad settle timeout', [{ settle: { timeout: '1 minute' } }], 'steps[0].settle.timeout', /invalid duration/],
    ['failSends of zero', [{ failSends: { count: 0 } }], 'steps[0].failSends.count', /./],
    ['join with nobody', [{ join: { room: 'g1@chatroom', contacts: [] } }], 'steps[0].join.contacts', /./],
    ['restart with a string', [{ restart: { hard: 'yes' } }], 'steps[0].restart.hard', /expected boolean/],
    ['an empty together', [{ together: [] }], 'steps[0].together', /./],
    ['together that is not a list', [{ together: { say: {} } }], 'steps[0].together', /./],
    ['a wait inside together (it emits nothing)', [filler, { together: [{ say: { room: 'g1@chatroom', from: 'wxid_u1', text: 'x' } }, { wait: 10 }] }], 'steps[1].together[1]', /exactly one of say, join, .*\(got wait\)/],
    ['together inside together', [{ together: [{ together: [] }] }], 'steps[0].together[0]', /\(got together\)/],
    ['a bad room inside together', [{ together: [{ join: { room: 'g1@chatroom', contacts: ['wxid_a'] } }, { say: { room: 'g9@chatroom', from: 'wxid_u1', text: 'x' } }] }], 'steps[0].together[1].say.room', /no such room "g9@chatroom"/],
    ['a bad field inside together', [{ together: [{ say: { room: 'g1@chatroom', from: 'wxid_u1', text: 'x', card: 'wxid_c' } }] }], 'steps[0].together[0].say', /exactly one of .*\(got text, card\)/],
  ])('%s', (_what, steps, path, message) => {
    const problems = problemsOf(() => parseScenario(scenario(steps), fixtures))
    expect(problems).toHaveLength(1)
    const [problem] = problems
    expect(problem?.startsWith(`${path}: `)).toBe(true)
    expect(problem?.slice(path.length + 2)).toMatch(message)
  })

  it('an invalid config block is reported under config.', () => {
    const problems = problemsOf(() =>
      parseScenario(scenario([], { config: { outbound: { minIntervalMs: 'fast' }, rules: { nickname: { pattern: '(' } } } }), fixtures),
    )
    expect(problems.sort()).toEqual([
      expect.stringMatching(/^config\.outbound\.minIntervalMs: /),
      expect.stringMatching(/^config\.rules\.nickname\.pattern: invalid regular expression/),
    ])
  })

  it('a cross-key config problem is reported under config. too', () => {
    const config = { hq: { rooms: ['hq@chatroom'] }, groups: { list: [{ room: 'hq@chatroom' }] } }
    expect(problemsOf(() => parseScenario(scenario([], { config }), fixtures))).toEqual([
      expect.stringMatching(/^config\.groups\.list\[0\]\.room: .*HQ room/),
    ])
  })

  it('config problems and step problems are reported together', () => {
    const problems = problemsOf(() =>
      parseScenario(
        scenario([{ wait: 'soon' }, { say: { room: 'x@chatroom', from: 'a', text: 'b' } }], { config: { timezone: 'Nowhere/Else' } }),
        fixtures,
      ),
    )
    expect(problems.map((p) => p.slice(0, p.indexOf(': '))).sort()).toEqual(['config.timezone', 'steps[0].wait', 'steps[1].say.room'])
  })

  it('a room defined twice is reported', () => {
    const twice = { rooms: [world.rooms[1], world.rooms[1]] }
    expect(problemsOf(() => parseScenario({ name: 't', world: twice }, fixtures))).toEqual([
      expect.stringMatching(/^world\.rooms\[1\]\.id: "g1@chatroom" is defined twice/),
    ])
  })

  it.each<[string, unknown, string]>([
    ['no name', { world: {} }, 'name'],
    ['no world', { name: 't' }, 'world'],
    ['unknown top-level key', { name: 't', world: {}, stepz: [] }, '(root)'],
    ['generated id without {i}', { name: 't', world: { generate: [{ count: 2, id: 'city@chatroom', topic: '城市{i}' }] } }, 'world.generate[0].id'],
    ['room without topic', { name: 't', world: { rooms: [{ id: 'g1@chatroom' }] } }, 'world.rooms[0].topic'],
    ['steps not a list', { name: 't', world: {}, steps: { wait: 1 } }, 'steps'],
    ['a step that is a string', { name: 't', world: {}, steps: ['logout'] }, 'steps[0]'],
  ])('top level: %s → %s', (_what, raw, path) => {
    const problems = problemsOf(() => parseScenario(raw, fixtures))
    expect(problems.some((p) => p.startsWith(`${path}: `))).toBe(true)
  })
})

describe('loadScenarioFile', () => {
  it('reads a fixture file; files named by steps are relative to it', () => {
    const loaded = loadScenarioFile(resolve(scenarios, 'tiny.yaml'))
    expect(loaded.baseDir).toBe(scenarios)
    expect(loaded.scenario.name).toBe('tiny')
    expect(loaded.steps.map((s) => Object.keys(s)[0])).toEqual(['say', 'settle'])
  })

  it('an invalid fixture names the field', () => {
    expect(problemsOf(() => loadScenarioFile(resolve(scenarios, 'invalid-room.yaml')))).toEqual([
      expect.stringMatching(/^steps\[0\]\.say\.room: no such room/),
    ])
  })

  it('a missing file is one problem naming the file', () => {
    const path = resolve(scenarios, 'does-not-exist.yaml')
    expect(problemsOf(() => loadScenarioFile(path))).toEqual([`${path}: file not found`])
  })

  it('a YAML syntax error names the file', () => {
    const path = resolve(scenarios, 'yaml-error.yaml')
    expect(problemsOf(() => loadScenarioFile(path))).toEqual([expect.stringMatching(/yaml-error\.yaml: YAML error: /)])
  })
})
