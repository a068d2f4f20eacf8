import { rulesSchema } from '../../src/config/schema'
import { welcomeText } from '../../src/core/rules'

const welcome = rulesSchema.parse({}).welcome
const vars = { groupName: '北京读书会1群', nicknameExample: '北京-张三-教育' }

describe('welcomeText', () => {
  it.each<[string, string[], string]>([
    ['one member', ['张三'], '欢迎 @张三 加入 北京读书会1群！请把群昵称改为「北京-张三-教育」，并在24小时内做个自我介绍。'],
    ['three members, one welcome', ['张三', '李四', 'Tom'], '欢迎 @张三、@李四、@Tom 加入 北京读书会1群！请把群昵称改为「北京-张三-教育」，并在24小时内做个自我介绍。'],
  ])('%s', (_name, memberNames, expected) => {
    expect(welcomeText(welcome, { ...vars, memberNames })).toBe(expected)
  })

  it.each<[string, string, string]>([
    ['a custom text', '{群名}欢迎{成员}～昵称格式：{昵称示例}', '北京读书会1群欢迎@张三～昵称格式：北京-张三-教育'],
    ['an unknown placeholder stays visible', '欢迎{成员}，{负责人}会联系你', '欢迎@张三，{负责人}会联系你'],
    ['a placeholder used twice', '{成员} {成员}', '@张三 @张三'],
  ])('%s', (_name, text, expected) => {
    expect(welcomeText({ ...welcome, text }, { ...vars, memberNames: ['张三'] })).toBe(expected)
  })

  it.each<[string, boolean, string[]]>([
    ['welcomes off', false, ['张三']],
    ['nobody joined', true, []],
  ])('%s: nothing', (_name, enabled, memberNames) => {
    expect(welcomeText({ ...welcome, enabled }, { ...vars, memberNames })).toBeUndefined()
  })
})
