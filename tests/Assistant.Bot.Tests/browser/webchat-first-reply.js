// Asks the citizens' Web Chat page one question on a phone-sized screen, in Debian's headless Chromium driven by
// puppeteer-core, screenshots the first reply, opens "Xem căn cứ" and reports, as one JSON line on stdout, what the
// reply showed before and after (run by WebChatFirstReplyTests; the C# test decides pass or fail).
//
//   node webchat-first-reply.js --base http://127.0.0.1:PORT/ --question TEXT --expect TEXT --screenshot FILE
//                               [--expanded-screenshot FILE] [--timeout-ms 60000] [--chromium-arg ARG]...
// (--chromium-arg: e.g. the reverse-proxy test's --ignore-certificate-errors-spki-list=HASH for its self-signed certificate)
// Every wait is bounded; the browser gets a fresh profile and is closed in all cases; the bot listens on 127.0.0.1.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

function parseArgs(argv) {
  const o = { timeoutMs: 60000, chromium: process.env.CHROMIUM || 'chromium', chromiumArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(a + ' needs a value'); return argv[++i]; };
    if (a === '--base') o.base = next();
    else if (a === '--question') o.question = next();
    else if (a === '--expect') o.expect = next();
    else if (a === '--screenshot') o.screenshot = next();
    else if (a === '--expanded-screenshot') o.expandedScreenshot = next();
    else if (a === '--timeout-ms') o.timeoutMs = parseInt(next(), 10);
    else if (a === '--chromium-arg') o.chromiumArgs.push(next());
    else throw new Error('unknown argument ' + a);
  }
  if (!o.base || !o.question || !o.expect || !o.screenshot) throw new Error('--base, --question, --expect and --screenshot are required');
  return o;
}

function resolveExecutable(name) {
  if (name.includes('/')) return name;
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(name + ' not found on PATH (scripts/install-browser.sh installs chromium)');
}

// The last bot activity of the transcript: its visible text, and the "Xem căn cứ" button if the card has one.
function readLastReply(expect) {
  const activities = Array.from(document.querySelectorAll('.webchat__stacked-layout'))
    .filter((el) => el.textContent.includes(expect));
  const last = activities[activities.length - 1];
  if (!last) return null;
  const buttons = Array.from(last.querySelectorAll('button')).map((b) => b.textContent.trim());
  return { text: last.innerText, buttons };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const result = { steps: [], pageErrors: [] };
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'webchat-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: resolveExecutable(o.chromium),
    headless: true,
    userDataDir: profile,
    timeout: o.timeoutMs,
    protocolTimeout: o.timeoutMs,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--no-default-browser-check', '--disable-dev-shm-usage', '--lang=vi-VN', '--hide-scrollbars', ...o.chromiumArgs],
  });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 412, height: 915, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    page.on('pageerror', (e) => result.pageErrors.push(String(e.message || e)));
    const url = new URL(o.base);
    url.searchParams.set('q', o.question);
    await page.goto(url.toString(), { waitUntil: 'load', timeout: o.timeoutMs });
    result.steps.push('opened');
    await page.waitForFunction(readLastReply, { timeout: o.timeoutMs, polling: 200 }, o.expect);
    await new Promise((r) => setTimeout(r, 500)); // let the card finish laying out before the screenshot
    result.before = await page.evaluate(readLastReply, o.expect);
    result.steps.push('answered');
    await page.screenshot({ path: o.screenshot, fullPage: false });
    const clicked = await page.evaluate(() => {
      const button = Array.from(document.querySelectorAll('button')).reverse().find((b) => b.textContent.trim() === 'Xem căn cứ');
      if (!button) return false;
      button.click();
      return true;
    });
    result.clicked = clicked;
    if (clicked) {
      await page.waitForFunction((expect) => {
        const r = document.querySelectorAll('.webchat__stacked-layout');
        return Array.from(r).some((el) => el.textContent.includes(expect) && /Điều \d+/.test(el.innerText));
      }, { timeout: o.timeoutMs, polling: 200 }, o.expect);
      result.after = await page.evaluate(readLastReply, o.expect);
      result.steps.push('expanded');
      if (o.expandedScreenshot) await page.screenshot({ path: o.expandedScreenshot, fullPage: false });
    }
  } catch (e) {
    result.error = String(e && e.message || e);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e) => { process.stdout.write(JSON.stringify({ error: String(e && e.message || e), steps: [] }) + '\n'); process.exitCode = 1; });
