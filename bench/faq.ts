/**
 * Issue 22: the FAQ's automatic answers, measured. Precision and recall on the labelled set
 * (test/fixtures/faq/pairs.json: paraphrases and near misses written for QunHQ) at the
 * default `faq.minScore` and a few others beside it; and the cost of one question's decision
 * against 2,000 entries (synthetic questions built from a few lists of words), per question,
 * in microseconds (p50, p99, max), with the index's build time. Decisions also run for the
 * longest question the detector relays (QUESTION_MAX_CHARS).
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { faqSection } from '../src/config/sections/faq'
import { QUESTION_MAX_CHARS } from '../src/config/text-caps'
import { evaluateFaq, type FaqPair } from '../src/core/faq/evaluate'
import { buildFaqIndex, type FaqDoc } from '../src/core/faq/match'

const SUBJECTS = [
  '课件', '回放', '发票', '报名', '作业', '证书', '会员', '积分', '优惠券', '快递', '直播', '打卡', '课表', '资料包', '小组', '账号', '密码', '群公告', '讲座', '读书会',
  '徒步活动', '线下沙龙', '训练营', '结业典礼', '助教', '班主任', '学习群', '退费', '分期', '专票', '停车', '场地', '门票', '座位', '餐食', '合影', '志愿者', '奖学金', '押金', '教材',
]
const ASKS = [
  '在哪里领', '怎么申请', '什么时候发', '要多少钱', '找谁办理', '能不能改', '多久能到', '在哪看', '怎么取消', '有什么要求',
  '可以转给别人吗', '过期了怎么办', '怎么查', '需要带什么', '几点开始', '能开发票吗', '有名额吗', '怎么联系', '要提前多久', '丢了怎么补',
  '可以退吗', '怎么续', '在哪下载', '谁负责', '有没有限制', '多少人', '怎么报', '能代领吗', '什么时候截止', '怎么确认',
  '线上能办吗', '周末能办吗', '要审核吗', '有优惠吗', '怎么修改', '多久更新', '在哪里交', '怎么领取', '能延期吗', '怎么使用',
  '有几次机会', '要排队吗', '怎么预约', '在哪个群', '谁能参加', '有截图吗', '要签字吗', '要实名吗', '能分享吗', '有录像吗',
]

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

export function measureFaq(): Record<string, unknown> {
  const pairs = (JSON.parse(readFileSync(join(__dirname, '..', 'test', 'fixtures', 'faq', 'pairs.json'), 'utf8')) as { pairs: FaqPair[] }).pairs
  const d = faqSection.parse(undefined)
  const summary = (minScore: number) => {
    const e = evaluateFaq(pairs, minScore, d.margin)
    return { minScore, answered: e.answered, correct: e.correct, wrong: e.wrong, precision: Number(e.precision.toFixed(3)), recall: Number(e.recall.toFixed(3)) }
  }
  const atDefault = { ...summary(d.minScore), pairs: pairs.length, paraphrases: pairs.filter((p) => p.same).length, nearMisses: pairs.filter((p) => !p.same).length, margin: d.margin }
  const sweep = [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7].map(summary)

  const docs: FaqDoc[] = []
  for (const s of SUBJECTS) for (const a of ASKS) docs.push({ id: `F${docs.length + 1}`, questions: [`${s}${a}？`], minScore: d.minScore })
  const t0 = performance.now()
  const index = buildFaqIndex(docs)
  const buildMs = performance.now() - t0
  const queries = [...pairs.map((p) => p.b), ...SUBJECTS.flatMap((s, i) => [`请问${s}${ASKS[(i * 7) % ASKS.length]}`, `${s}到底${ASKS[(i * 13) % ASKS.length]}呢`])]
  const times: number[] = []
  const cpuTimes: number[] = []
  let answered = 0
  for (let round = 0; round < 20; round++) {
    for (const q of queries) {
      const c = process.cpuUsage()
      const s = performance.now()
      if (index.decide(q, d.margin).kind === 'answer' && round === 0) answered++
      times.push((performance.now() - s) * 1000)
      const used = process.cpuUsage(c)
      cpuTimes.push(used.user + used.system)
    }
  }
  times.sort((a, b) => a - b)
  cpuTimes.sort((a, b) => a - b)
  const long = '课件在哪里下载'.repeat(Math.floor(QUESTION_MAX_CHARS / 7))
  const longTimes: number[] = []
  for (let i = 0; i < 20; i++) {
    const s = performance.now()
    index.decide(long, d.margin)
    longTimes.push((performance.now() - s) * 1000)
  }
  longTimes.sort((a, b) => a - b)
  return {
    labelled: atDefault,
    sweep,
    cost: {
      entries: docs.length,
      buildMs: Math.round(buildMs),
      questions: times.length,
      answeredOfDistinct: `${answered}/${queries.length}`,
      // this process's CPU time per question (what a loaded machine does not stretch; the GC's threads count too), then the wall clock
      cpuP50Micros: Math.round(percentile(cpuTimes, 0.5)),
      cpuP99Micros: Math.round(percentile(cpuTimes, 0.99)),
      p50Micros: Math.round(percentile(times, 0.5)),
      p99Micros: Math.round(percentile(times, 0.99)),
      maxMicros: Math.round(times[times.length - 1]!),
      longestQuestion: { chars: long.length, p50Micros: Math.round(percentile(longTimes, 0.5)), maxMicros: Math.round(longTimes[longTimes.length - 1]!) },
    },
  }
}
