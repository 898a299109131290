import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // PGlite takes a few seconds to boot and a demo load a few more; a real server adds network.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
