import type { Page } from 'playwright-core';

/**
 * Keeps every Content-Security-Policy violation a page causes (as strings, run in the page: the
 * test code is compiled without the DOM library).
 */
export async function recordCspViolations(page: Page): Promise<void> {
  await page.addInitScript({
    content: `window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));`,
  });
}

export function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate('window.cspViolations') as Promise<string[]>;
}

/** Appends an inline script, as an injection would; says whether it ran. */
export function injectInlineScript(page: Page): Promise<boolean> {
  return page.evaluate(`(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.appendChild(script);
    await new Promise((r) => setTimeout(r, 100));
    return window.injected === true;
  })()`) as Promise<boolean>;
}
