import path from 'node:path';
import { surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * The issue view (panel and glance) in both languages and themes at desktop and phone width, saved
 * to docs/screenshots for people to look at; each must draw its scores without a page error.
 */

const env = useBrowserSandbox();
const DOCS = path.resolve(__dirname, '../../docs/screenshots');

const cases = (['en-US', 'zh-CN'] as const).flatMap((locale) =>
  (['light', 'dark'] as const).flatMap((theme) => ([1280, 375] as const).map((width) => ({ locale, theme, width }))),
);

test.each(cases)(
  'the issue view of REQ-1 in $locale, $theme, $width px',
  async ({ locale, theme, width }) => {
    const { context, page, errors } = await env.openAs('product-manager', 'issue/REQ-1', locale, theme, { width });
    await visible(surface(page, 'rt-triage-panel').getByText('4.3').first());
    await visible(surface(page, 'rt-grade-glance').getByText('4.3'));
    // The lazy sections settle before the picture is taken.
    await visible(surface(page, 'rt-triage-panel').getByTestId('rt-feasibility-technical'));
    await page.screenshot({
      path: path.join(DOCS, `issue-view-${locale === 'en-US' ? 'en' : 'zh'}-${theme}-${width}.png`),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await context.close();
  },
  60_000,
);
