import pino from 'pino'
import { createConfigReloader } from '../../src/config/config-reloader'
import { loadConfig } from '../../src/config/load-config'

describe('config reload (SIGHUP, #规则 重载)', () => {
  it('refuses a file with a catastrophic regex, naming the key, and keeps the running config', () => {
    const files: Record<string, string> = { 'c.yaml': 'rules:\n  nickname:\n    pattern: "^.+-.+$"\n' }
    const env = { QUNHQ_CONFIG: 'c.yaml' }
    const readFile = (p: string) => files[p]
    const configs = createConfigReloader({ initial: loadConfig(env, readFile).config, env, readFile, logger: pino({ level: 'silent' }), file: 'c.yaml' })
    const before = configs.config()

    files['c.yaml'] = 'groups:\n  list:\n    - room: g1@chatroom\n      rules:\n        nickname:\n          pattern: "^(a+)+$"\nquestions:\n  patterns: ["^(a|a)*$"]\n'
    const problems = configs.reload()
    expect(problems).toEqual([
      expect.stringMatching(/^groups\.list\[0\]\.rules\.nickname\.pattern: pattern can take exponential time/),
      expect.stringMatching(/^questions\.patterns\[0\]: pattern can take exponential time/),
    ])
    expect(configs.config()).toBe(before)
    expect(configs.config().rules.nickname.pattern).toBe('^.+-.+$')

    // a good file is then taken
    files['c.yaml'] = 'rules:\n  nickname:\n    pattern: "^.+-.+-.+$"\n'
    expect(configs.reload()).toBeUndefined()
    expect(configs.config().rules.nickname.pattern).toBe('^.+-.+-.+$')
  })
})
