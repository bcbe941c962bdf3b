// Prints one line `N passed, N failed` from every runner's result file in a folder: jest's --json
// output and pytest's JUnit XML. Exits 1 when anything failed or no result file exists (a run that
// crashed before its runner wrote results counts as one failure, never as a pass).
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2] ?? '.run/test-results';
let passed = 0;
let failed = 0;
let files = 0;

for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const file = path.join(dir, name);
  if (name.endsWith('.json')) {
    const result = JSON.parse(fs.readFileSync(file, 'utf8'));
    passed += result.numPassedTests ?? 0;
    // Suites that failed to run (syntax errors, setup failures) have no failed tests: count them.
    failed += (result.numFailedTests ?? 0) + (result.numRuntimeErrorTestSuites ?? 0);
    files += 1;
  } else if (name.endsWith('.xml')) {
    const xml = fs.readFileSync(file, 'utf8');
    for (const match of xml.matchAll(/<testsuite\b[^>]*>/g)) {
      const attr = (key) => Number(new RegExp(`\\b${key}="(\\d+)"`).exec(match[0])?.[1] ?? 0);
      const total = attr('tests');
      const bad = attr('failures') + attr('errors');
      passed += total - bad - attr('skipped');
      failed += bad;
    }
    files += 1;
  }
}
if (files === 0) failed += 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
