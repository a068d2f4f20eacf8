import type { Redis } from 'ioredis'

/** The longest a claim waits for a replica to have it before the send goes ahead anyway. */
export const REPLICA_WAIT_MS = 1000

export interface ClaimResult {
  /** false: the key was already set (NX) */
  claimed: boolean
  /** replicas the master has; 0 on a Redis without replicas (nothing waited for) */
  replicas: number
  /** replicas that acknowledged the claim (WAIT's answer); equals `replicas` when none */
  acked: number
}

/**
 * `SET key value PX ttl NX`, made to survive the loss of the master that took it. Replication
 * is asynchronous: a master that crashes right after answering OK can take the claim with it,
 * and its replica, promoted, would let a re-run send again. So when the master has replicas
 * the claim waits (`WAIT 1`, at most REPLICA_WAIT_MS) until one has it.
 *
 * Each step is a pipeline starting with a command on `key`: on a Redis Cluster that routes
 * INFO and WAIT to the master of the key's slot, the one that took the write.
 */
export async function claimDurably(redis: Redis, key: string, value: string, ttlMs: number): Promise<ClaimResult> {
  const first = await redis.pipeline().set(key, value, 'PX', ttlMs, 'NX').info('replication').exec()
  const [setErr, setReply] = first?.[0] ?? []
  if (setErr) throw setErr
  const [infoErr, info] = first?.[1] ?? []
  if (infoErr) throw infoErr
  const claimed = setReply === 'OK'
  const replicas = Number(/connected_slaves:(\d+)/.exec(String(info))?.[1] ?? 0)
  if (!claimed || replicas === 0) return { claimed, replicas, acked: replicas }
  const second = await redis.pipeline().pttl(key).wait(1, REPLICA_WAIT_MS).exec()
  const [waitErr, acked] = second?.[1] ?? []
  if (waitErr) throw waitErr
  return { claimed, replicas, acked: Number(acked) }
}
