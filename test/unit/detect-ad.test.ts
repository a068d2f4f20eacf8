import { adsSchema } from '../../src/config/schema'
import { compileAds, detectAd, type AdFinding, type AdsPolicy } from '../../src/core/ads/detect-ad'
import type { InboundMessage } from '../../src/core/types'
import { inboundMessage as msg, textMessage as text } from '../helpers/inbound-message'

const basePolicy: AdsPolicy = adsSchema.parse({
  allowDomains: ['ke.qq.com', 'mp.weixin.qq.com', 'https://xiaoe-tech.com/'],
})

function detect(m: InboundMessage, over: Partial<AdsPolicy> = {}): AdFinding[] {
  const policy = { ...basePolicy, ...over }
  return detectAd(m, policy, compileAds(policy))
}

describe('detectAd flags each kind', () => {
  it.each<[string, InboundMessage, AdFinding]>([
    ['link card', msg({ kind: 'url', text: '限时领券', url: { title: '限时领券', url: 'https://coupon.example/x' } }), { kind: 'link', evidence: 'https://coupon.example/x' }],
    ['https URL in text', text('领券 https://abc.com/x?id=1。'), { kind: 'link', evidence: 'https://abc.com/x?id=1' }],
    ['http URL glued to Chinese', text('点击http://vv99.xyz/v看'), { kind: 'link', evidence: 'http://vv99.xyz/v' }],
    ['www domain', text('官网www.xx88.vip'), { kind: 'link', evidence: 'www.xx88.vip' }],
    ['bare domain with path', text('打开 abc.com/x'), { kind: 'link', evidence: 'abc.com/x' }],
    ['bare domain', text('注册 xpj2233.com 送彩金'), { kind: 'link', evidence: 'xpj2233.com' }],
    ['short link', text('t.cn/A6xYz 领红包'), { kind: 'link', evidence: 't.cn/A6xYz' }],
    ['path-only TLD with a path', text('see socket-fun.io/invite'), { kind: 'link', evidence: 'socket-fun.io/invite' }],
    ['domain spelt with 点', text('输入 bet365点com'), { kind: 'link', evidence: 'bet365.com' }],
    ['full-width URL', text('ｈｔｔｐｓ：／／ｘｘ．ｔｏｐ／ａ'), { kind: 'link', evidence: 'https://xx.top/a' }],
    ['public IP with port', text('进 103.45.67.89:8888/index'), { kind: 'link', evidence: '103.45.67.89:8888/index' }],
    ['URL in a link card description', msg({ kind: 'url', text: '福利', url: { title: '福利', url: 'https://ke.qq.com/c/1', description: '更多见 www.fuli.top' } }), { kind: 'link', evidence: 'www.fuli.top' }],
    ['mini-program', msg({ kind: 'miniProgram', text: '砍一刀', miniProgram: { title: '砍一刀', appid: 'wx123' } }), { kind: 'miniProgram', evidence: '砍一刀 (wx123)' }],
    ['mini-program without appid', msg({ kind: 'miniProgram', text: '', miniProgram: { title: '领红包' } }), { kind: 'miniProgram', evidence: '领红包' }],
    ['contact card', msg({ kind: 'card', text: '[名片]', cardId: 'wxid_other' }), { kind: 'card', evidence: 'wxid_other' }],
    ['QR image', msg({ kind: 'image', hasQrCode: true, qrText: 'https://u.wechat.com/g/x' }), { kind: 'qrImage', evidence: '二维码: https://u.wechat.com/g/x' }],
    ['QR image without text', msg({ kind: 'image', hasQrCode: true }), { kind: 'qrImage', evidence: '二维码图片' }],
    ['keyword', text('想赚钱的加微信详聊'), { kind: 'keyword', evidence: '加微信' }],
    ['keyword with filler', text('兼 职 打 字'), { kind: 'keyword', evidence: '兼职' }],
    ['keyword with zero-width space', text('返\u200b利活动'), { kind: 'keyword', evidence: '返利' }],
    ['keyword variant V信', text('有意者加V信'), { kind: 'keyword', evidence: '加微信' }],
    ['keyword variant +vx', text('感兴趣的+vx了解一下'), { kind: 'keyword', evidence: '加微信' }],
    ['keyword variant 加薇', text('加薇领红包'), { kind: 'keyword', evidence: '加微信' }],
    ['question-shaped ad with an offer', text('宝妈们想在家兼职吗？'), { kind: 'keyword', evidence: '兼职' }],
    ['self-intro-shaped ad with an offer', text('大家好，我是小美，招兼职客服，日结200'), { kind: 'keyword', evidence: '兼职' }],
    ['mobile', text('电话13812345678'), { kind: 'contact', evidence: '13812345678' }],
    ['mobile with spaces', text('138 1234 5678'), { kind: 'contact', evidence: '13812345678' }],
    ['mobile with dashes', text('138-1234-5678'), { kind: 'contact', evidence: '13812345678' }],
    ['mobile spaced digit by digit', text('预约1 3 5 7 9 2 4 6 8 0 1'), { kind: 'contact', evidence: '13579246801' }],
    ['mobile in full-width digits', text('１３８１２３４５６７８'), { kind: 'contact', evidence: '13812345678' }],
    ['mobile in Chinese numerals', text('联系我一三八零零一三八零零零'), { kind: 'contact', evidence: '13800138000' }],
    ['mobile in circled digits', text('①⑧⑨①②③④⑤⑥⑦⑧'), { kind: 'contact', evidence: '18912345678' }],
    ['mobile in keycaps', text('1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣'), { kind: 'contact', evidence: '13812345678' }],
    ['mobile with +86', text('+86 13912345678'), { kind: 'contact', evidence: '13912345678' }],
    ['mobile after a time', text('今晚20:00 直播，咨询 13700137000'), { kind: 'contact', evidence: '13700137000' }],
    ['微信: id', text('微信: abc123'), { kind: 'contact', evidence: '微信 abc123' }],
    ['微信号 letters only', text('微信号：zhangsan'), { kind: 'contact', evidence: '微信 zhangsan' }],
    ['V信 id', text('V信 meimei888'), { kind: 'contact', evidence: '微信 meimei888' }],
    ['vx id', text('加vx：xiaomei520'), { kind: 'contact', evidence: '微信 xiaomei520' }],
    ['wx: id', text('wx: job2026sh'), { kind: 'contact', evidence: '微信 job2026sh' }],
    ['薇❤ id', text('薇❤：lucky_2026'), { kind: 'contact', evidence: '微信 lucky_2026' }],
    ['威: id', text('威：dream_job66'), { kind: 'contact', evidence: '微信 dream_job66' }],
    ['V: id', text('找我 V: mua_studio8'), { kind: 'contact', evidence: '微信 mua_studio8' }],
    ['加微 id', text('加微 heyjude_77'), { kind: 'contact', evidence: '微信 heyjude_77' }],
    ['卫星 id', text('卫星 ab66888'), { kind: 'contact', evidence: '微信 ab66888' }],
    ['full-width VX', text('ＶＸ：ｓｈｏｐ８８８８'), { kind: 'contact', evidence: '微信 shop8888' }],
    ['QQ number', text('QQ：123456789'), { kind: 'contact', evidence: 'QQ 123456789' }],
    ['扣扣 number', text('加扣扣 987654321'), { kind: 'contact', evidence: 'QQ 987654321' }],
    ['Q群 number', text('Q群：712345678'), { kind: 'contact', evidence: 'QQ 712345678' }],
  ])('%s', (_name, m, expected) => {
    expect(detect(m)).toContainEqual(expected)
  })
})

describe('detectAd leaves near misses alone', () => {
  it.each([
    ['http inside a word', 'httpclient 怎么用'],
    ['https inside a word', 'https协议默认443端口'],
    ['HTTP/2', 'HTTP/2 和 HTTP/3 的区别'],
    ['file name', '课件.pdf 在群文件里'],
    ['markdown file', '看 README.md'],
    ['python file', 'main.py 跑不起来'],
    ['price', '3.5元一斤，¥39.9包邮'],
    ['discount', '全场3.5折'],
    ['version', 'v1.2.3 发布了，Python 3.12 也行'],
    ['tech names', 'Vue.js 和 Node.js，ASP.NET，socket.io'],
    ['title and surname', 'Mr.Wang 好'],
    ['company suffix', 'ABC Technology Co.Ltd'],
    ['e-mail', '作业发 zhang.san@163.com'],
    ['QQ e-mail', '简历发 876543210@qq.com'],
    ['private IP', '服务器 192.168.1.100:8080 登不上'],
    ['localhost', '打开 localhost:3000 或 http://localhost:3000/api'],
    ['private IP URL', '路由器后台 http://192.168.1.1/admin'],
    ['date', '2026-11-23 和 11月23日'],
    ['date and time', '2026-11-23 13:45:06'],
    ['time range', '19:30-21:00 答疑'],
    ['order number', '订单号 2026112312345678'],
    ['phone-shaped number with a label', '会员卡号 13800138000'],
    ['phone-shaped course code', '课程码 1380 2026 001'],
    ['phone-shaped amount', '奖金 13800000000 元'],
    ['bank card', '卡号 6222 1381 2345 6789'],
    ['bank card without a label', '6222 0213 8123 4567 890'],
    ['masked phone', '138****5678 的顾客'],
    ['landline', '教务处 010-6278 5001'],
    ['meeting id', '会议号：862 153 907'],
    ['postcode and room', '邮编100020，房间1302'],
    ['Chinese numeral date', '二〇二六年十一月二十三日'],
    ['微信 without an id', '微信支付还是支付宝'],
    ['微信 and a word', '刚在微信读书上看完《活着》'],
    ['developer talk', '微信 access_token 两小时过期'],
    ['vx meaning WeChat pay', '用vx支付可以吗'],
    ['QQ without a number', 'QQ音乐和QQ邮箱'],
    ['Q3 quarter', '2026年Q3营收增长18%'],
    ['Q&A', 'Q：课程可以退款吗？'],
    ['扣1', '聚会能来的扣1'],
    ['参加微信', '我在参加微信读书打卡'],
    ['增加微信', '增加微信群公告的频率'],
    ['印刷单价', '谁有印刷单价表'],
    ['已加微信', '已加微信，谢谢'],
    ['anti-fraud warning', '刷单返利都是诈骗，大家警惕'],
    ['complaint', '刚才发兼职广告的已经被踢了'],
    ['self-introduction', '大家好，我是成都的小周，晚上兼职做插画'],
    ['self-introduction with 打招呼', '大家好，我是小周，先跟大家打个招呼，平时兼职做翻译'],
    ['question', '大学生寒假兼职有什么推荐吗？'],
    ['customer question', '上次说的返利什么时候到账？'],
    ['emoji', '👍👍👍🎉'],
    ['short reply', '收到'],
  ])('%s: %j', (_name, t) => {
    expect(detect(text(t))).toEqual([])
  })

  it.each([
    ['a normal photo', msg({ kind: 'image', text: '[图片]', hasQrCode: false })],
    ['an image not checked', msg({ kind: 'image', text: '[图片]' })],
    ['a file named like a domain', msg({ kind: 'file', text: 'abc.com', fileName: 'abc.com' })],
    ['an image whose file name has a phone', msg({ kind: 'image', text: '13812345678.jpg', hasQrCode: false })],
  ])('%s', (_name, m) => {
    expect(detect(m)).toEqual([])
  })
})

describe('allowDomains', () => {
  it.each<[string, InboundMessage]>([
    ['allowed link card', msg({ kind: 'url', text: '回放', url: { title: '回放', url: 'https://ke.qq.com/course/1' } })],
    ['allowed subdomain', msg({ kind: 'url', text: '课程', url: { title: '课程', url: 'https://app1.h5.xiaoe-tech.com/p/1' } })],
    ['allowed domain with www', text('https://www.ke.qq.com/course/123')],
    ['allowed URL in text', text('回放 https://mp.weixin.qq.com/s/abc')],
    ['allowed bare domain', text('在 xiaoe-tech.com 课程页')],
    ['QR to an allowed domain', msg({ kind: 'image', hasQrCode: true, qrText: 'https://ke.qq.com/course/9' })],
  ])('%s is not an ad', (_name, m) => {
    expect(detect(m)).toEqual([])
  })

  it.each<[string, InboundMessage, string]>([
    ['lookalike suffix', text('https://ke.qq.com.evil.cn/x'), 'https://ke.qq.com.evil.cn/x'],
    ['lookalike prefix', text('https://fake-xiaoe-tech.com/x'), 'https://fake-xiaoe-tech.com/x'],
    ['parent of an allowed domain', msg({ kind: 'url', text: 'x', url: { title: 'x', url: 'https://qq.com/x' } }), 'https://qq.com/x'],
    ['one allowed, one not', text('https://ke.qq.com/a 和 https://spam.top/b'), 'https://spam.top/b'],
  ])('%s is still a link', (_name, m, evidence) => {
    expect(detect(m)).toEqual([{ kind: 'link', evidence }])
  })

  it('a QR that is not a URL is never allowed', () => {
    expect(detect(msg({ kind: 'image', hasQrCode: true, qrText: 'ke.qq.com' }))).toEqual([
      { kind: 'qrImage', evidence: '二维码: ke.qq.com' },
    ])
  })
})

describe('policy flags', () => {
  const cases: Array<[keyof AdsPolicy, InboundMessage, AdFinding['kind']]> = [
    ['links', text('https://spam.top/x'), 'link'],
    ['links', msg({ kind: 'url', text: 't', url: { title: 't', url: 'https://spam.top/x' } }), 'link'],
    ['miniPrograms', msg({ kind: 'miniProgram', text: '砍一刀', miniProgram: { title: '砍一刀' } }), 'miniProgram'],
    ['cards', msg({ kind: 'card', text: '[名片]', cardId: 'wxid_x' }), 'card'],
    ['qrImages', msg({ kind: 'image', hasQrCode: true }), 'qrImage'],
    ['contacts', text('电话13812345678'), 'contact'],
  ]

  it.each(cases)('%s: false turns off %s findings', (flag, m, kind) => {
    expect(detect(m).map((f) => f.kind)).toContain(kind)
    expect(detect(m, { [flag]: false }).map((f) => f.kind)).not.toContain(kind)
  })

  it('an empty keyword list finds no keywords', () => {
    expect(detect(text('兼职刷单'), { keywords: [] })).toEqual([])
  })

  it('enabled: false finds nothing at all', () => {
    expect(detect(text('加微信 abc123 https://spam.top 13812345678'), { enabled: false })).toEqual([])
  })

  it('reports every reason once', () => {
    expect(detect(text('加微信 abc123，加微信 abc123，https://spam.top/x https://spam.top/x'))).toEqual([
      { kind: 'link', evidence: 'https://spam.top/x' },
      { kind: 'keyword', evidence: '加微信' },
      { kind: 'contact', evidence: '微信 abc123' },
    ])
  })

  it('uses the keywords of the compiled policy', () => {
    const policy = { ...basePolicy, keywords: ['代写论文'] }
    expect(detectAd(text('代写论文，价格优惠'), policy, compileAds(policy))).toEqual([{ kind: 'keyword', evidence: '代写论文' }])
  })
})
