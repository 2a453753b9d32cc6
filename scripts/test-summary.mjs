// Prints the closing line CI reads, summed over the named suites' reports.
// `--failed-steps N` counts N more failures: build or lint steps that failed outside any suite.
import { summaryLine } from './test-reports.mjs';

const args = process.argv.slice(2);
const flag = args.indexOf('--failed-steps');
const failedSteps = flag === -1 ? 0 : Number(args.splice(flag, 2)[1] ?? 0);

const { passed, failed } = summaryLine(args);
console.log(`${passed} passed, ${failed + failedSteps} failed`);
process.exit(failed + failedSteps > 0 ? 1 : 0);
