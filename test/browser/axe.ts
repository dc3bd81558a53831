// axe-core in a page driven by playwright-core: the serious and critical accessibility violations on it.
//
// The studio's and the preview's CSP forbid inline scripts, so page.addScriptTag({content}) would be refused. The
// source is evaluated through the DevTools protocol instead (page.evaluate with a string: Runtime.evaluate, which
// the page's CSP does not govern), rather than turning CSP off for the browser context (bypassCSP): the journeys run
// under the real policy, so they still fail when the page itself needs something its CSP blocks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'serious' | 'critical';
  help: string;
  /** CSS selectors of the offending elements, each with axe's summary of what fails there. */
  nodes: { target: string; summary: string }[];
}

/** Runs axe-core on the page as it is now; returns the violations of impact serious or critical. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: unknown[]; failureSummary?: string }[];
    };
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Result[] }> } }
    ).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact as 'serious' | 'critical',
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary ?? '' })),
      }));
  });
}

/** One line per violation and element, for assertion messages and reports. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((n) => `${v.impact} ${v.id} (${v.help}) at ${n.target}: ${n.summary.replace(/\s+/g, ' ')}`),
    )
    .join('\n');
}
