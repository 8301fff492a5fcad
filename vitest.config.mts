import { defineConfig } from 'vitest/config';

// Tests run against the built packages (`npm test` builds first), so they
// exercise exactly what ships: the CLI binary, the plugin and the server.
export default defineConfig({
  test: {
    globals: true,
    include: ['packages/*/src/**/*.test.ts', 'rules/*/**/*.test.ts', 'test/**/*.test.ts', 'server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'extension/test/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/fixtures/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
