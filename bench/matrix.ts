import { chromium } from 'playwright-core';
import { findChromium } from '../test/support/chromium';
import { createBenchRequirements, percentile, withBenchSite } from './helpers';

/**
 * The priority matrix with 5,000 requirements in headless Chromium: how long the pages take to
 * arrive, how long from the last page to the first frame with every point painted, and the frame
 * intervals while a point is dragged across the chart (60 fps is 16.7 ms).
 */
export async function benchMatrix(): Promise<void> {
  const count = Number(process.env.BENCH_MATRIX_POINTS ?? 5_000);
  await withBenchSite('matrix', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    const browser = await chromium.launch({ executablePath: findChromium(), args: ['--no-sandbox', '--disable-gpu'] });
    try {
      await createBenchRequirements(sandbox, count - 4, 5);

      for (const run of [1, 2]) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        await page.request.post(`${url}/__sandbox/session`, { data: { accountId: '5b10a2844c20165700ede21g' } });
        const opened = Date.now();
        await page.goto(`${url}/#/project/REQ`);
        const frameLocator = page.frameLocator('iframe[data-module="rt-priority-matrix"]');
        await frameLocator.locator('g[data-key]').first().waitFor({ timeout: 120_000 });
        const frame = page.frames().find((candidate) => candidate.url().includes('/app/matrix/'))!;
        await frame.waitForFunction(() => performance.getEntriesByName('rt-matrix-painted').length > 0, undefined, {
          timeout: 60_000,
        });
        const loadedMs = Date.now() - opened;
        const marks = await frame.evaluate(() => {
          const data = performance.getEntriesByName('rt-matrix-data')[0]!;
          const painted = performance.getEntriesByName('rt-matrix-painted')[0]!;
          return { paintMs: painted.startTime - data.startTime, points: document.querySelectorAll('g[data-key]').length };
        });

        // Drag one point from one corner of the plot to the other, recording every frame.
        const point = frameLocator.locator('g[data-key="REQ-1"]');
        const box = (await point.boundingBox())!;
        const chart = (await frameLocator.locator('svg[role="group"]').boundingBox())!;
        // A string, not a function: tsx would wrap named functions in a helper the page does not have.
        await frame.evaluate(`(() => {
          const intervals = [];
          window.rtFrames = intervals;
          let last = performance.now();
          const tick = (now) => {
            intervals.push(now - last);
            last = now;
            if (window.rtFrames === intervals) requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        })()`);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.down();
        const steps = 120;
        for (let step = 1; step <= steps; step += 1) {
          await page.mouse.move(
            chart.x + 60 + ((chart.width - 80) * step) / steps,
            chart.y + 20 + ((chart.height - 80) * step) / steps,
          );
        }
        const frames = await frame.evaluate(() => {
          const intervals = (window as unknown as { rtFrames: number[] }).rtFrames;
          (window as unknown as { rtFrames?: number[] }).rtFrames = undefined;
          return intervals.slice(1);
        });
        // Put the point back where it was: release over its own cell is no move.
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
        await page.mouse.up();
        const sorted = [...frames].sort((a, b) => a - b);
        console.log(
          `matrix run=${run} points=${marks.points} open_to_painted_ms=${loadedMs} last_page_to_paint_ms=${marks.paintMs.toFixed(0)} drag_frames=${frames.length} frame_median_ms=${percentile(sorted, 50).toFixed(1)} frame_p95_ms=${percentile(sorted, 95).toFixed(1)} frames_over_50ms=${frames.filter((interval) => interval > 50).length}`,
        );
        await context.close();
      }
    } finally {
      await browser.close();
    }
  });
}
