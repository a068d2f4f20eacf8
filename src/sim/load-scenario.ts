import { existsSync, readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { checkMediaFiles, ConfigError, issuesToProblems, parseConfigObject } from '../config/load-config'
import type { Config } from '../config/schema'
import { scenarioSchema, stepSchemas, TOGETHER_KINDS, type Scenario, type Step, type StepName } from './scenario-schema'

/** An unusable scenario; every problem line starts with the path of the bad field. */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError'
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
  }
}

export interface LoadedScenario {
  scenario: Omit<Scenario, 'steps'>
  steps: Step[]
  config: Config
  /** files named by steps are relative to this folder */
  baseDir: string
}

export function loadScenarioFile(path: string): LoadedScenario {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    throw new ScenarioError([`${path}: file not found`])
  }
  let raw: unknown
  try {
    raw = parseYaml(text)
  } catch (err) {
    throw new ScenarioError([`${path}: YAML error: ${(err as Error).message.split('\n')[0]}`])
  }
  return parseScenario(raw, dirname(resolve(path)))
}

export function parseScenario(raw: unknown, baseDir: string): LoadedScenario {
  const top = scenarioSchema.safeParse(raw)
  if (!top.success) throw new ScenarioError(issuesToProblems(top.error.issues))
  const scenario = top.data
  const problems: string[] = []

  let config: Config | undefined
  try {
    const parsed = parseConfigObject(scenario.config ?? {}, 'config')
    // the media library's folder is the scenario's, as the files its steps name are
    config = { ...parsed, mediaDir: resolve(baseDir, parsed.mediaDir) }
    checkMediaFiles(config, existsSync, 'config')
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems)
    else throw err
  }

  const rooms = new Set(scenario.world.rooms.map((r) => r.id))
  for (const g of scenario.world.generate) for (let i = 1; i <= g.count; i++) rooms.add(g.id.replaceAll('{i}', String(i)))
  const seenRooms = new Set<string>()
  scenario.world.rooms.forEach((r, i) => {
    if (seenRooms.has(r.id)) problems.push(`world.rooms[${i}].id: "${r.id}" is defined twice`)
    seenRooms.add(r.id)
  })

  /** one step, checked on its own; undefined (and its problems noted) when it does not parse */
  const parseStep = (rawStep: Record<string, unknown>, at: string, kinds: readonly string[]): Step | undefined => {
    const keys = Object.keys(rawStep)
    const name = keys[0]
    if (keys.length !== 1 || !name || !kinds.includes(name)) {
      problems.push(`${at}: a step has exactly one of ${kinds.join(', ')} (got ${keys.join(', ') || 'nothing'})`)
      return undefined
    }
    const schema = stepSchemas[name as StepName]
    const parsed = schema.safeParse(rawStep[name])
    if (!parsed.success) {
      problems.push(...issuesToProblems(parsed.error.issues, `${at}.${name}`))
      return undefined
    }
    if (name === 'together') {
      const inner = (parsed.data as Record<string, unknown>[]).map((s, j) => parseStep(s, `${at}.together[${j}]`, TOGETHER_KINDS))
      return inner.every((s) => s !== undefined) ? ({ together: inner } as Step) : undefined
    }
    const step = { [name]: parsed.data } as Step
    problems.push(...checkStep(step, `${at}.${name}`, rooms, baseDir))
    return step
  }
  const steps: Step[] = []
  scenario.steps.forEach((rawStep, i) => {
    const step = parseStep(rawStep, `steps[${i}]`, Object.keys(stepSchemas))
    if (step) steps.push(step)
  })

  if (problems.length || !config) throw new ScenarioError(problems)
  const { steps: _raw, ...rest } = scenario
  return { scenario: rest, steps, config, baseDir }
}

/** rooms the bot creates while the scenario plays (world.botCreateRoom): checked when the step runs */
const CREATED_ROOM = /^sim-room-\d+@chatroom$/

function checkStep(step: Step, at: string, rooms: Set<string>, baseDir: string): string[] {
  const problems: string[] = []
  const needRoom = (room: string | undefined, field = 'room') => {
    if (room !== undefined && !rooms.has(room) && !CREATED_ROOM.test(room)) problems.push(`${at}.${field}: no such room "${room}"`)
  }
  if ('say' in step) {
    needRoom(step.say.room)
    for (const field of ['image', 'file'] as const) {
      const file = step.say[field]
      if (file !== undefined && !existsSync(resolve(baseDir, file))) problems.push(`${at}.${field}: file not found: ${file}`)
    }
    if (step.say.room === undefined && step.say.mentions?.length) problems.push(`${at}.mentions: mentions need a room`)
    if (step.say.room === undefined && step.say.mentionAll) problems.push(`${at}.mentionAll: @所有人 needs a room`)
  } else if ('join' in step) needRoom(step.join.room)
  else if ('leave' in step) needRoom(step.leave.room)
  else if ('alias' in step) needRoom(step.alias.room)
  else if ('topic' in step) needRoom(step.topic.room)
  else if ('acceptInvite' in step) needRoom(step.acceptInvite.room)
  return problems
}
