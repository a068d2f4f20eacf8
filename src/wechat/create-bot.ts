import { WechatyBuilder } from 'wechaty'
import type { WechatyInterface } from 'wechaty/impls'
import type { PuppetInterface } from 'wechaty-puppet/impls'
import { PuppetService } from 'wechaty-puppet-service'
import type { Env } from '../config/env'
import { ConfigError } from '../config/load-config'

/**
 * Builds Wechaty with the puppet the environment names. A real account connects through
 * `wechaty-puppet-service` with a provider's token; `puppet` (the simulated WeChat) is
 * passed in by the demo and the tests.
 */
/** The puppet settings' problems, before anything starts (a missing token stops the start). */
export function puppetEnvProblems(env: Env): string[] {
  if (env.WECHATY_PUPPET === 'wechaty-puppet-service' && !env.WECHATY_PUPPET_SERVICE_TOKEN) {
    return ['env.WECHATY_PUPPET_SERVICE_TOKEN: required with WECHATY_PUPPET=wechaty-puppet-service (get one from your puppet provider)']
  }
  return []
}

export function createBot(
  env: Env,
  /** `endpoint`: the puppet service's host:port found by reachPuppetService (overrides the env's) */
  opts: { puppet?: PuppetInterface; name?: string; endpoint?: string } = {},
): WechatyInterface {
  if (opts.puppet) return WechatyBuilder.build({ puppet: opts.puppet, ...(opts.name ? { name: opts.name } : {}) })
  if (env.WECHATY_PUPPET === 'wechaty-puppet-service') {
    const token = env.WECHATY_PUPPET_SERVICE_TOKEN
    if (!token) throw new ConfigError(puppetEnvProblems(env))
    const endpoint = opts.endpoint ?? env.WECHATY_PUPPET_SERVICE_ENDPOINT
    const puppet = new PuppetService({
      token,
      ...(endpoint ? { endpoint } : {}),
      ...(env.WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT === 'true' ? { tls: { disable: true } } : {}),
    })
    return WechatyBuilder.build({ puppet, ...(opts.name ? { name: opts.name } : {}) })
  }
  if (env.WECHATY_PUPPET) {
    // any other puppet package the operator installed, e.g. wechaty-puppet-wechat4u
    return WechatyBuilder.build({ puppet: env.WECHATY_PUPPET as never, ...(opts.name ? { name: opts.name } : {}) })
  }
  throw new ConfigError(['env.WECHATY_PUPPET: not set (leave it unset to run the simulated demo with `npm start`)'])
}
