/**
 * The group rule engine: pure functions from plain data (a message, a member, the group's
 * policy, `now`) to verdicts. No Wechaty, no Redis, no clock; the caller gathers history
 * and strikes, carries verdicts out through the outbound queue, and handles `dryRun`.
 */
export * from './checks'
export * from './compile-rules'
export * from './effective-policy'
export * from './escalate'
export * from './evaluate-message'
export * from './exemption'
export * from './intro'
export * from './nickname'
export * from './shown-name'
export * from './verdict'
export * from './welcome-text'
export * from './exempt-offences'
