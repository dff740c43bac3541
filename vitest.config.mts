import { defineConfig } from 'vitest/config';

/**
 * Two suites: `npm run test:fast` for daily work (under two minutes on two cores), `npm run test:slow`
 * for the long ones — the browser, whole written workbooks, random properties at scale, batches on
 * every core, killed writes. `npm test` runs both.
 */
const SLOW = [
  'tests/browser/**/*.test.ts',
  'tests/written-workbook.test.ts',
  'tests/written.property.test.ts',
  'tests/pane-cli.test.ts',
  'tests/likeness.test.ts',
  'tests/solver-pool.test.ts',
  'tests/optimizer.property.test.ts',
  'tests/safe-files.test.ts',
  'tests/batch.test.ts',
  'tests/hostile.test.ts',
  'tests/bounds.test.ts',
  'tests/workbook.property.test.ts',
  'tests/lint.test.ts',
  'tests/totals.property.test.ts',
  'tests/shared.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['default', './tests/helpers/summary-reporter.ts'],
    // The CLI answers in the locale's language; the tests expect its default, Chinese, whatever the machine's.
    env: { LANG: 'zh_CN.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    projects: [
      { extends: true, test: { name: 'fast', include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'], exclude: SLOW } },
      { extends: true, test: { name: 'slow', include: SLOW } },
    ],
  },
});
