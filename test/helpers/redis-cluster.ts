import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import IORedis from 'ioredis'
import { freePort } from '../../src/net/free-port'
import { startRedisServer, type RedisEndpoint } from '../../src/store/embedded-redis'

function run(file: string, args: string[], timeout: number): Promise<void> {
  return new Promise((done, fail) => {
    execFile(file, args, { timeout }, (err, _stdout, stderr) => (err ? fail(new Error(`${file} ${args.join(' ')}: ${err.message}\n${stderr}`)) : done()))
  })
}

export interface ClusterNode {
  port: number
  url: string
  /** stops this node's redis-server (a crash of one master, for a failover test) */
  stop(): Promise<void>
}

export interface RedisClusterHandle {
  /** REDIS_URL for QunHQ: the nodes as a comma-separated list (docs/config.md) */
  url: string
  nodes: ClusterNode[]
  /** the node that is master of `key`'s slot right now */
  masterOf(key: string): Promise<ClusterNode>
  /** resolves once every node still running reports `cluster_state:ok` (only reliable once the nodes saw a failure) */
  untilOk(ms?: number): Promise<void>
  /** resolves once a node other than `oldPort` is master of `key`'s slot and the cluster is ok: the failover is done */
  untilFailedOver(key: string, oldPort: number, ms?: number): Promise<ClusterNode>
  /** stops every node and removes their files; safe to call twice, and after a failed start */
  stop(): Promise<void>
}

/**
 * A Redis Cluster of the test's own on free loopback ports, files in a temporary directory:
 * `masters` masters (3, the fewest `redis-cli --cluster create` accepts) with `replicas`
 * replicas each. Resolves once every node reports `cluster_state:ok`. Needs redis-server ≥ 7
 * (`cluster-port` picks the bus port, so ports near 65535 work) and redis-cli.
 */
export async function startRedisCluster(opts: { masters?: number; replicas?: number; nodeTimeoutMs?: number } = {}): Promise<RedisClusterHandle> {
  const masters = opts.masters ?? 3
  const replicas = opts.replicas ?? 0
  const dir = mkdtempSync(join(tmpdir(), 'qunhq-cluster-'))
  const servers: Array<RedisEndpoint & { port: number }> = []
  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    for (let i = 0; i < masters * (1 + replicas); i++) {
      const port = await freePort()
      const busPort = await freePort()
      servers.push(
        await startRedisServer(
          [
            '--cluster-enabled', 'yes',
            '--cluster-port', String(busPort),
            '--cluster-config-file', `nodes-${port}.conf`,
            '--cluster-node-timeout', String(opts.nodeTimeoutMs ?? 2000),
            '--dir', dir,
            '--dbfilename', `dump-${port}.rdb`,
            '--save', '',
            '--appendonly', 'no',
            '--maxmemory-policy', 'noeviction',
            // a replica's first sync starts at once (the default waits 5 s for other replicas to join it)
            '--repl-diskless-sync-delay', '0',
          ],
          port,
        ),
      )
    }
    const hosts = servers.map((s) => `127.0.0.1:${s.port}`)
    await run('redis-cli', ['--cluster', 'create', ...hosts, '--cluster-replicas', String(replicas), '--cluster-yes'], 30_000)
    await Promise.all(servers.map((s) => untilClusterOk(s.url, 30_000)))
  } catch (err) {
    await stop()
    throw err
  }
  const nodes = servers.map((s) => ({ port: s.port, url: s.url, stop: () => s.stop() }))
  const stoppedPorts = new Set<number>()
  for (const n of nodes) {
    const stopNode = n.stop
    n.stop = () => (stoppedPorts.add(n.port), stopNode())
  }
  const running = () => nodes.filter((n) => !stoppedPorts.has(n.port))
  const handle: RedisClusterHandle = {
    url: servers.map((s) => s.url).join(','),
    nodes,
    async masterOf(key) {
      const node = new IORedis(running()[0]!.url, { maxRetriesPerRequest: 1 })
      node.on('error', () => undefined)
      try {
        const slot = Number(await node.cluster('KEYSLOT', key))
        const ranges = await node.cluster('SLOTS')
        // each range: [from, to, master, ...replicas], a node being [host, port, id, …]
        const owner = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2]
        const found = nodes.find((n) => n.port === owner?.[1])
        if (!found) throw new Error(`no master serves slot ${slot}`)
        return found
      } finally {
        node.disconnect()
      }
    },
    untilOk: async (ms = 30_000) => {
      await Promise.all(running().map((n) => untilClusterOk(n.url, ms)))
    },
    async untilFailedOver(key, oldPort, ms = 60_000) {
      const end = Date.now() + ms
      for (;;) {
        const master = await handle.masterOf(key).catch(() => undefined)
        if (master && master.port !== oldPort) {
          await handle.untilOk(Math.max(1, end - Date.now()))
          return master
        }
        if (Date.now() > end) throw new Error(`no replica took over ${key}'s slot from ${oldPort} within ${ms} ms`)
        await new Promise((r) => setTimeout(r, 50))
      }
    },
    stop,
  }
  return handle
}

/** Polls one node until it reports the cluster ok and, for a replica, its master link up (the work being waited for). */
async function untilClusterOk(url: string, ms: number): Promise<void> {
  const node = new IORedis(url, { maxRetriesPerRequest: 1 })
  node.on('error', () => undefined)
  const end = Date.now() + ms
  try {
    for (;;) {
      const info = String(await node.cluster('INFO'))
      // a replica counts once its link to the master is up (the first sync is done)
      const replication = await node.info('replication')
      const synced = !replication.includes('role:slave') || replication.includes('master_link_status:up')
      if (info.includes('cluster_state:ok') && synced) return
      if (Date.now() > end) throw new Error(`${url} still reports ${/cluster_state:\w+/.exec(info)?.[0] ?? info} after ${ms} ms`)
      await new Promise((r) => setTimeout(r, 50))
    }
  } finally {
    node.disconnect()
  }
}
