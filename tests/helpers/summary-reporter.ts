/**
 * Prints every skipped test with why (its name says, as the suites write them: "… (skipped: ../shared
 * … is not beside this clone)", or the note given to ctx.skip), then one plain closing line,
 * "N passed, N failed, N skipped", that any CI can read.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const why: string[] = [];
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const result = t.result();
        if (result.state === 'passed') passed++;
        else if (result.state === 'failed') failed++;
        else {
          skipped++;
          const note = result.state === 'skipped' && result.note ? ` — ${result.note}` : '';
          why.push(`  ↷ ${m.moduleId.replace(/^.*?\/tests\//, 'tests/')} › ${t.fullName}${note}`);
        }
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++; // a file that failed to load
    }
    if (why.length) process.stdout.write(`\nSkipped, and why:\n${why.join('\n')}\n`);
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
