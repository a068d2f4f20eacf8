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
  testTimeout: 60000,
  // e2e tests each start a whole bot; two workers keep a 2-core machine responsive
  maxWorkers: 2,
}
