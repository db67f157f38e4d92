// A browser smoke test of the web client against a running Tandem (`./tandem up`), in real headless Chromium.
// It is not part of the Maven build: it needs the whole system. The end-to-end suite can grow from it.
//
//   node e2e/smoke.mjs                       serves the built app itself (scripts/serve.mjs on :8089) in front of
//                                            the gateway on :8080, which also lets it cut the network
//   node e2e/smoke.mjs --base http://host:port   against a gateway that serves the app (no network cut)
//   CHROMIUM=/path/to/chromium               (default /usr/bin/chromium)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const givenBase = args.includes('--base') ? args[args.indexOf('--base') + 1] : null;
const base = givenBase ?? 'http://127.0.0.1:8089';
let proxy = null;
const startProxy = async () => {
  proxy = spawn(process.execPath, [resolve(here, '../scripts/serve.mjs'), '--port', '8089'], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 400));
};
if (givenBase === null) await startProxy();

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const steps = [];
let failed = 0;
async function step(name, run) {
  try {
    await run();
    steps.push(`ok   ${name}`);
  } catch (e) {
    failed++;
    steps.push(`FAIL ${name}: ${e.message}`);
  }
}

/** A person in their own browser profile. */
async function person(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 }, acceptDownloads: true });
  await context.addInitScript((n) => localStorage.setItem('tandem.name', n), name);
  const page = await context.newPage();
  page.on('pageerror', (e) => steps.push(`page error in ${name}'s tab: ${e.message}`));
  page.on('dialog', (d) => {
    steps.push(`FAIL a dialog opened in ${name}'s tab: ${d.message()}`);
    failed++;
    void d.dismiss();
  });
  return page;
}

const online = (page) => page.locator('[data-testid="connection-status"][data-state="online"]').waitFor({ timeout: 20_000 });
const saved = (page) => page.locator('[data-testid="save-state"][data-unsaved="0"]').waitFor({ timeout: 20_000 });
/** The whole text, as the Download button gives it (the DOM holds only the visible lines). */
async function text(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  return readFileSync(await file.path(), 'utf8');
}
async function eventually(check, timeout = 10_000) {
  const end = Date.now() + timeout;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const ada = await person('Ada');
const grace = await person('Grace <b>Hopper</b>');
let url;

await step('a new document opens at its own URL and is remembered', async () => {
  await ada.goto(`${base}/`);
  await ada.getByTestId('new-document').click();
  await ada.waitForURL(/\/d\/[A-Za-z0-9_-]{22}$/);
  url = ada.url();
  await online(ada);
  await ada.goto(`${base}/`);
  await ada.getByTestId('recent-item').first().waitFor();
  await ada.getByTestId('recent-item').first().click();
  assert.equal(ada.url(), url);
  await online(ada);
});

await step('two people type and see each other, with names and carets', async () => {
  await grace.goto(url);
  await online(grace);
  await ada.locator('.cm-content').click();
  await ada.keyboard.type('hello 🌍 world');
  await saved(ada);
  await eventually(async () => assert.equal(await text(grace), 'hello 🌍 world'));
  await grace.locator('.cm-content').click();
  await grace.keyboard.press('Control+End');
  await grace.keyboard.type('!');
  await saved(ada);
  await saved(grace);
  await eventually(async () => assert.equal(await text(ada), await text(grace)));
  assert.equal(await text(ada), 'hello 🌍 world!');
  await eventually(async () => assert.deepEqual(await ada.getByTestId('remote-caret').allTextContents(),
    ['Grace <b>Hopper</b>']));
  assert.ok((await ada.getByTestId('person').allTextContents()).some((t) => t.includes('Grace <b>Hopper</b>')));
});

await step('a language change reaches everyone', async () => {
  await grace.getByTestId('language-select').selectOption('python');
  await eventually(async () => assert.equal(await ada.getByTestId('language-select').inputValue(), 'python'));
});

await step('undo undoes only your own edit', async () => {
  await ada.locator('.cm-content').click(); // the Download button of text() has the focus
  await ada.keyboard.press('Control+End');
  await ada.keyboard.press('Enter');
  await ada.keyboard.type('x = 1');
  await saved(ada);
  await grace.locator('.cm-content').click();
  await grace.keyboard.press('Control+Home');
  await grace.keyboard.type('# top\n');
  await saved(grace);
  await eventually(async () => assert.match(await text(ada), /^# top\n/));
  await ada.locator('.cm-content').click();
  await ada.keyboard.press('Control+z');
  await saved(ada);
  await eventually(async () => assert.equal(await text(grace), '# top\nhello 🌍 world!'));
  await ada.keyboard.press('Control+y');
  await eventually(async () => assert.equal(await text(grace), '# top\nhello 🌍 world!\nx = 1'));
});

await step('chat lines are text, never markup', async () => {
  await grace.getByTestId('chat-input').fill('<img src=x onerror=alert(1)> ship it 🚀');
  await grace.getByTestId('chat-send').click();
  await eventually(async () => assert.match((await ada.getByTestId('chat-message').allTextContents()).join(),
    /<img src=x onerror=alert\(1\)> ship it 🚀/));
  assert.equal(await ada.locator('[data-testid="chat-messages"] img').count(), 0);
});

if (proxy !== null) {
  await step('editing goes on offline; everything is sent when the connection is back', async () => {
    proxy.kill();
    await ada.locator('[data-testid="connection-status"][data-state="offline"]').waitFor({ timeout: 10_000 });
    await ada.locator('.cm-content').click();
    await ada.keyboard.press('Control+End');
    await ada.keyboard.type(' # offline 😀');
    await grace.locator('.cm-content').click();
    await grace.keyboard.press('Control+Home');
    await grace.keyboard.type('# also offline\n');
    assert.notEqual(await ada.getByTestId('save-state').getAttribute('data-unsaved'), '0');
    await startProxy();
    await online(ada);
    await online(grace);
    await saved(ada);
    await saved(grace);
    await eventually(async () => assert.equal(await text(ada), await text(grace)));
    const final = await text(ada);
    assert.ok(final.includes(' # offline 😀') && final.includes('# also offline\n'), final);
  });
}

await step('a read-only link shows the document and refuses edits', async () => {
  await ada.goto(`${base}/`);
  await ada.getByTestId('new-document').click();
  await ada.waitForURL(/\/d\//);
  await online(ada);
  await ada.locator('.cm-content').click();
  await ada.keyboard.type('watch me');
  await saved(ada);
  const readOnlyId = await ada.evaluate(() => JSON.parse(localStorage.getItem('tandem.recent'))[0].readOnlyId);
  const viewer = await person('Viewer');
  await viewer.goto(`${base}/d/${readOnlyId}`);
  await online(viewer);
  assert.ok(await viewer.getByTestId('read-only-badge').isVisible());
  await viewer.locator('.cm-content').click();
  await viewer.keyboard.type('nope');
  assert.equal(await text(viewer), 'watch me');
});

await step('history: slide back, see the old text and its author, restore it as a new edit', async () => {
  await ada.getByTestId('history-toggle').click();
  await ada.getByTestId('history-view').waitFor();
  await eventually(async () => assert.match(await ada.getByTestId('history-revision-info').textContent(), /of [1-9]/));
  await ada.getByTestId('history-first').click();
  await ada.getByTestId('history-step-forward').click();
  await eventually(async () => assert.match(await ada.getByTestId('history-revision-info').textContent(),
    /Revision 1 .* by Ada/));
  const before = await text(ada);
  await ada.getByTestId('history-restore').click();
  await saved(ada);
  const after = await text(ada);
  assert.ok(after.length < before.length && 'watch me'.startsWith(after), `${before} -> ${after}`);
});

await browser.close();
proxy?.kill();
for (const s of steps) console.log(s);
console.log(`${steps.filter((s) => s.startsWith('ok')).length} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
