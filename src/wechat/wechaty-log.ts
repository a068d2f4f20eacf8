import { log } from 'wechaty'
import { log as puppetLog } from 'wechaty-puppet'

/** Wechaty and its puppets log through brolog to stderr; QunHQ logs through pino. Keep theirs quiet. */
export function setWechatyLogLevel(level: 'silent' | 'error' | 'warn' | 'info' | 'verbose'): void {
  log.level(level)
  puppetLog.level(level)
}
