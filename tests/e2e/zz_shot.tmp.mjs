// throwaway: README screenshot (not committed)
import { startEnv, VALUES_YAML } from './harness.mjs';
const env = await startEnv();
const page = await env.newPage({ viewport: { width: 1280, height: 1000 } });
await page.goto(env.url + '#' + (process.argv[2] ?? ''));
await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.includes('networkPolicy:'), VALUES_YAML);
await page.waitForTimeout(500);
await page.screenshot({ path: process.argv[3] ?? '/tmp/shot.png' });
await page.closeAll?.();
await env.close();
