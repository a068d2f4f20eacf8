/**
 * Middleware in the grammY / Koa shape: each one gets the context and `next`, the rest of
 * the chain. One that does not call `next` stops the event there; code after `await next()`
 * runs once the later middleware are done.
 */
export type Next = () => Promise<void>
export type Middleware<C> = (ctx: C, next: Next) => Promise<void>

/** one middleware that runs the given ones in order */
export function compose<C>(middleware: readonly Middleware<C>[]): Middleware<C> {
  return (ctx, last) => {
    let called = -1
    const run = async (i: number): Promise<void> => {
      // a middleware calling next() twice would run the rest of the chain twice
      if (i <= called) throw new Error('next() called more than once')
      called = i
      const mw = middleware[i]
      if (!mw) return last()
      await mw(ctx, () => run(i + 1))
    }
    return run(0)
  }
}
