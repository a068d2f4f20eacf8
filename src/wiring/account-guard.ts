import type { Redis } from 'ioredis'
import type { Logger } from 'pino'
import type { ProcessIdentity } from '../accounts/process-identity'
import { bindWechatId } from '../accounts/wechat-id'
import type { Config } from '../config/schema'
import { accountProcessMessages } from '../texts/accounts'
import type { Keys } from '../store/keys'
import { createAccountHold } from './account-hold'
import type { Outbound } from '../outbound/outbound-queue'
import type { ControlQueue } from '../queue/control-queue'

/**
 * One account, one process, one WeChat (issue 17), as the app uses it: the account's lease
 * taken before anything starts (a predecessor's job in hand settled at once), its WeChat id
 * checked at each login, and one way to stop serving (the lease lost, another WeChat).
 */
export function createAccountGuard(deps: {
  client: Redis
  keys: Keys
  account: string
  config: () => Config
  logger: Logger
  standby?: boolean
  signal?: AbortSignal
  identity?: ProcessIdentity
  rebindWechat?: boolean
  /** the account's paced queue (a predecessor's job in hand is settled there) and the control queue: both stop at a refusal */
  queues: { outbound: Pick<Outbound, 'settleOrphans' | 'abandon'>; control: Pick<ControlQueue, 'abandon'> }
  onRefused?: (line: string) => void
}) {
  const log = deps.logger.child({ part: 'account-guard', account: deps.account })
  let refused: string | undefined
  const refuse = (line: string) => {
    if (refused !== undefined) return
    refused = line
    log.error(line)
    // no send from here, at once: the job in hand is not waited for
    Promise.all([deps.queues.outbound.abandon(), deps.queues.control.abandon()]).catch((err: Error) => log.warn({ err }, 'stopping the workers failed'))
    deps.onRefused?.(line)
  }
  const hold = createAccountHold({
    client: deps.client,
    keys: deps.keys,
    account: deps.account,
    leaseMs: () => deps.config().accounts.leaseMs,
    logger: deps.logger,
    standby: deps.standby === true,
    ...(deps.identity ? { me: deps.identity } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
    onLost: refuse,
  })
  return {
    /**
     * Takes the account before anything starts (throws `AccountRefusedError` when a live
     * process holds it and this is no standby); false when a standby's wait was ended.
     */
    acquire: async (): Promise<boolean> => (await hold.acquire()).taken,
    /**
     * Then (once the plugins listen to outcomes) the predecessor's job in hand is settled
     * through the ledger: no worker of this account runs yet, so any job its queue shows in
     * hand is a dead process's.
     */
    async settlePredecessor(): Promise<void> {
      const r = await deps.queues.outbound.settleOrphans()
      if (r.settled || r.requeued) log.warn({ ...r }, 'settled the jobs a previous process of this account had in hand')
    },
    /** at login: a refusal line when WeChat logged in as another account than this account's recorded one */
    async admit(selfId: string): Promise<string | undefined> {
      const r = await bindWechatId(deps.client, deps.keys, deps.account, selfId, deps.rebindWechat === true)
      return r.ok ? undefined : accountProcessMessages.wrongWechat(deps.account, r.known, selfId)
    },
    refuse,
    refused: () => refused,
    release: () => hold.release(),
    abandon: () => hold.abandon(),
  }
}

export type AccountGuard = ReturnType<typeof createAccountGuard>
