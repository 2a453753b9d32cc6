// Reads the JSON reports the test runners write and counts passed and failed tests.
// CI reads only a closing line `N passed, N failed`, not Vitest's or Playwright's own output.
import { existsSync, readFileSync } from 'node:fs';

export const REPORTS = {
  api: 'reports/api.json',
  admin: 'reports/admin.json',
  e2e: 'reports/e2e.json',
  elasticsearch: 'reports/elasticsearch.json',
};

/** Counts of one suite; a missing or unreadable report counts as one failure. */
export function countReport(suite) {
  const path = REPORTS[suite];
  if (!existsSync(path)) return { passed: 0, failed: 1, note: `${path} was not written` };
  try {
    const report = JSON.parse(readFileSync(path, 'utf8'));
    if (report.stats && 'expected' in report.stats) {
      // Playwright: `flaky` passed on a retry; errors outside tests also fail the run.
      const outsideErrors = (report.errors ?? []).length;
      return {
        passed: report.stats.expected + report.stats.flaky,
        failed: report.stats.unexpected + outsideErrors,
      };
    }
    // Vitest (Jest-compatible): suites that fail to load have no tests but count as failures.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && (file.assertionResults ?? []).length === 0,
    ).length;
    return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
  } catch (error) {
    return { passed: 0, failed: 1, note: `${path} is unreadable: ${error.message}` };
  }
}

export function summaryLine(suites) {
  let passed = 0;
  let failed = 0;
  for (const suite of suites) {
    const counts = countReport(suite);
    if (counts.note) console.error(`[${suite}] ${counts.note}`);
    passed += counts.passed;
    failed += counts.failed;
  }
  return { passed, failed, line: `${passed} passed, ${failed} failed` };
}
