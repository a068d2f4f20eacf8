/** Tests are type-checked by `tsc` (npm run typecheck); jest transpiles with swc for speed. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
    // content-disposition 3 (under @bull-board/fastify → @fastify/static) ships ES modules only:
    // node requires it, jest's module loader needs it as CommonJS
    '/node_modules/content-disposition/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  // a safety ceiling, not a deadline: tests wait for the work (an exit, a line, a queue drained),
  // and on a loaded 2-core CI machine (load 17) a child process's start-up alone took ~10 s
  testTimeout: 300_000,
  // e2e tests each start a whole bot and mostly wait (pacing, ticks, deadlines), so a 2-core
  // machine keeps three workers busy: the eight slowest e2e suites took 28.9 s with 3, 38.7 s with 2
  maxWorkers: 3,
}
