import { safeRendering } from '../util/terminal-text.js';
import type { CaseOutcome } from './case-outcome.js';

function xml(text: string): string {
  // XML 1.0 forbids most control characters even escaped, and file names can hold them:
  // they are shown as visible escapes (`\x1b`, `<U+202E>`), so the name stays recognisable.
  return safeRendering(text)
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}

/**
 * JUnit XML for CI dashboards: a test suite per case, a test case per checklist
 * item. A needed item missing or partly there fails; a recommended one passes
 * with a note; an item that does not apply is skipped; error findings from the
 * files fail one extra "file problems" test case.
 */
export function renderJunit(outcomes: readonly CaseOutcome[]): string {
  const suites: string[] = [];
  let tests = 0, failures = 0, errors = 0, skipped = 0;
  for (const outcome of outcomes) {
    const cases: string[] = [];
    let suiteFailures = 0, suiteErrors = 0, suiteSkipped = 0;
    if ('error' in outcome) {
      cases.push(`    <testcase classname="casepack.check" name="check case"><error message="${xml(outcome.error)}" type="exit-${outcome.exitCode}"/></testcase>`);
      suiteErrors++;
    } else {
      const check = outcome.check;
      const classname = `casepack.checklist.${xml(check.checklist.id)}`;
      for (const item of check.items) {
        const name = `${xml(item.id)}: ${xml(item.title)}`;
        const text = [item.detail, item.request ? `Ask ${item.request.department}: ${item.request.wording}` : undefined].filter(Boolean).join('\n');
        if (item.status === 'not-applicable') {
          cases.push(`    <testcase classname="${classname}" name="${name}"><skipped message="${xml(item.detail ?? 'not applicable')}"/></testcase>`);
          suiteSkipped++;
        } else if (item.status === 'met') {
          cases.push(`    <testcase classname="${classname}" name="${name}"/>`);
        } else if (item.severity === 'required') {
          const message = item.status === 'missing' ? 'required item missing' : `required item partly there: ${item.detail ?? ''}`;
          cases.push(`    <testcase classname="${classname}" name="${name}"><failure message="${xml(message)}" type="${item.status}">${xml(text)}</failure></testcase>`);
          suiteFailures++;
        } else {
          cases.push(`    <testcase classname="${classname}" name="${name}"><system-out>${xml(`recommended item ${item.status}${text ? `\n${text}` : ''}`)}</system-out></testcase>`);
        }
      }
      const errorFindings = check.findings.filter((f) => f.severity === 'error' && !f.code.startsWith('ITEM_') && f.code !== 'IMAGING_NOT_DICOM');
      if (errorFindings.length) {
        const body = errorFindings.map((f) => `${f.code}: ${f.message} ${f.paths.slice(0, 5).join(', ')}${f.paths.length > 5 ? ` … and ${f.paths.length - 5} more` : ''}`).join('\n');
        cases.push(`    <testcase classname="casepack.findings" name="file problems"><failure message="${errorFindings.length} file problem(s) of severity error" type="findings">${xml(body)}</failure></testcase>`);
        suiteFailures++;
      } else {
        cases.push('    <testcase classname="casepack.findings" name="file problems"/>');
      }
    }
    tests += cases.length; failures += suiteFailures; errors += suiteErrors; skipped += suiteSkipped;
    suites.push(`  <testsuite name="${xml(outcome.case)}" tests="${cases.length}" failures="${suiteFailures}" errors="${suiteErrors}" skipped="${suiteSkipped}" time="${outcome.seconds.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="casepack check" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
