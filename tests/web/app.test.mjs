// The web app in a real browser: Debian's chromium driven by playwright-core
// against `sitrep serve` on a loopback port, over a database of the seeds
// (when ../shared/data is there) and the repository's samples.
//
//   SITREP_BINARY=build/sitrep node --test tests/web/app.test.mjs
//
// Screenshots go to $SITREP_ARTIFACTS (default build/test-artifacts).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const binary = process.env.SITREP_BINARY || join(root, 'build', 'sitrep');
const dataDir = process.env.SITREP_DATA_DIR || join(root, '..', 'shared', 'data');
const seeds = join(dataDir, 'seeds');
const haveSeeds = existsSync(seeds);
const artifacts = process.env.SITREP_ARTIFACTS || join(root, 'build', 'test-artifacts');
const chromiumPath = process.env.SITREP_CHROMIUM || '/usr/bin/chromium';
const token = 'browser-test-token';

let chromium = null;
try {
  ({ chromium } = await import('playwright-core'));
} catch {
  // reported by the skip below
}
const skip = !chromium ? 'playwright-core is not installed (run `make npm`)'
  : !existsSync(chromiumPath) ? `${chromiumPath} is missing (apt-get install chromium)`
    : !existsSync(binary) ? `${binary} is not built` : false;
if (skip) console.log(`# skipping the browser tests: ${skip}`);
if (!haveSeeds) console.log(`# ${seeds} is absent: the seed checks are skipped, the samples are used`);

let dir;
let server;
let base;
let browser;

before(async () => {
  if (skip) return;
  mkdirSync(artifacts, { recursive: true });
  dir = mkdtempSync(join(tmpdir(), 'sitrep-web-'));
  const db = join(dir, 'app.db');
  const inputs = [...(haveSeeds ? [seeds] : []), join(root, 'samples')];
  const ingest = spawnSync(binary, ['ingest', '--db', db, ...inputs], { encoding: 'utf8' });
  assert.equal(ingest.status, 0, ingest.stderr);

  server = spawn(binary, ['serve', '--db', db, '--port', '0', '--token', token], { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((ok, fail) => {
    let out = '';
    server.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) ok(`http://127.0.0.1:${m[1]}`);
    });
    server.on('exit', (code) => fail(new Error(`sitrep serve exited (${code}): ${out}`)));
    setTimeout(() => fail(new Error(`sitrep serve did not start: ${out}`)), 15000);
  });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function page() {
  const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = [];
  p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  p.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  p.on('request', (r) => { if (!r.url().startsWith(base) && !r.url().startsWith('data:')) problems.push(`left the server: ${r.url()}`); });
  return { p, problems };
}

const ready = (p, prefix) => p.waitForSelector(`main[data-ready^="${prefix}"]`, { timeout: 20000 });

test('search ISIS-K, open the Moscow incident: sources with evidence, map, timeline', { skip }, async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/`);
  await ready(p, '/');
  await p.fill('#f-q', 'ISIS-K');
  await p.press('#f-q', 'Enter');
  await ready(p, '/?q=ISIS-K');
  await p.waitForSelector('.map circle.pt');
  assert.ok(await p.locator('.timeline .bars rect').count() > 0, 'a timeline');
  assert.ok(await p.locator('.map circle.pt').count() > 0, 'points on the map');
  await p.screenshot({ path: join(artifacts, 'search-isis-k.png') });

  const row = p.locator('table.incidents tbody tr', { hasText: 'Moscow' }).filter({ hasText: 'attack' }).first();
  await row.locator('a').first().click();
  await ready(p, '/incident/');
  await p.waitForSelector('.mini-map circle.pt-on');
  await p.waitForSelector('.incident-timeline rect.bar-on');
  assert.match(await p.locator('h1.incident-title').innerText(), /Moscow/);
  const sources = p.locator('article.source');
  assert.ok(await sources.count() >= 2, 'a fused incident with several sources');
  const docs = await sources.evaluateAll((els) => els.map((e) => e.dataset.doc));
  if (haveSeeds) {
    assert.ok(docs.some((d) => d.startsWith('002_')), `seed 002 is a source: ${docs}`);
    assert.ok(docs.some((d) => d.startsWith('003_')), `seed 003 is a source: ${docs}`);
  }
  for (const doc of docs) {
    const marks = p.locator(`article.source[data-doc="${doc}"] mark.evidence`);
    assert.ok(await marks.count() > 0, `the evidence of ${doc} is highlighted`);
  }
  assert.ok(await p.locator('mark.field-perpetrator').count() > 0, 'the group is marked inside the evidence');
  await p.screenshot({ path: join(artifacts, 'moscow-incident.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await p.close();
});

test('group page: aliases, branches and activity', { skip }, async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/#/group/ISIS`);
  await ready(p, '/group/');
  assert.equal(await p.locator('h1').innerText(), 'Islamic State');
  assert.match(await p.locator('dl.fields').innerText(), /ISIS-K/);
  await p.waitForSelector('table.incidents tbody tr');
  await p.screenshot({ path: join(artifacts, 'group-islamic-state.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await p.close();
});

test('a posted article arrives in the live feed, and its <script> is shown as text', { skip }, async () => {
  const { p, problems } = await page();
  await p.goto(`${base}/`);
  await ready(p, '/');
  await p.waitForSelector('#feed-items li');
  const text = 'A car bomb exploded outside a police station in Quetta on Tuesday, killing 9 people, officials said. ' +
    'The claim posted online read <script>window.__sitrepInjected = 1</script> and ' +
    '<img src=x onerror="window.__sitrepInjected = 2"> in full.';
  const doc = { id: 'quetta-script-test', title: 'Car bomb <b>in</b> Quetta', published: '2024-06-04', text };
  const posted = await fetch(`${base}/api/documents`, {
    method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: `${JSON.stringify(doc)}\n`,
  });
  const answer = await posted.text();
  assert.equal(posted.status, 200, answer);
  assert.equal(JSON.parse(answer).added, 1, answer);

  const item = p.locator('#feed-items li.fresh', { hasText: 'Quetta' });
  try {
    await item.waitFor({ timeout: 15000 });
  } catch (e) {
    const feed = await (await fetch(`${base}/api/feed?limit=3`)).text();
    const list = await p.locator('#feed').innerText();
    throw new Error(`${e.message}\nposted: ${answer}\nfeed: ${feed.slice(0, 1500)}\nshown: ${list.slice(0, 600)}`);
  }
  await p.screenshot({ path: join(artifacts, 'live-feed.png') });

  await p.goto(`${base}/#/doc/quetta-script-test`);
  await ready(p, '/doc/');
  const body = await p.locator('.article-body').innerText();
  assert.ok(body.includes('<script>window.__sitrepInjected = 1</script>'), 'the tag is text');
  assert.ok(body.includes('<img src=x'), 'the tag is text');
  assert.equal(await p.evaluate(() => window.__sitrepInjected), undefined, 'nothing ran');
  assert.equal(await p.locator('.article-body script, .article-body img').count(), 0);
  assert.equal(await p.locator('h1').innerText(), 'Car bomb <b>in</b> Quetta');
  await p.screenshot({ path: join(artifacts, 'script-as-text.png') });
  assert.deepEqual(problems, []);
  await p.close();
});
