// Signs an officer in on the bot's officer page through the identity provider's own login page, in Debian's headless
// Chromium driven by puppeteer-core, and reports what the page then shows as one JSON line on stdout (run by
// OfficerSignInTests; the C# test decides pass or fail).
//
//   node officer-signin.js --base http://127.0.0.1:PORT/ --login officer-a [--password x] --screenshot FILE
//                          [--triage 'ID|description|paper; paper|new unit'] [--open ID]... [--override ID=UNITCODE]
//                          [--probe ID]... [--logout] [--timeout-ms 60000]
//
// --triage    fills the page's "Phân loại hồ sơ mới" form and submits it (POST /api/triage with the anti-forgery
//             header), then reports the form's status line and the queue.
// --open ID   opens a dossier (a click in the queue, or officer.html#hoso=ID when it is not listed) and reports the
//             dossier panel: its fields, or the error the page shows (403: "Bạn không có quyền xem hồ sơ này.").
// --override ID=UNITCODE opens the dossier and submits the supervisor's override form with that unit code.
// --busy-queue N  TEST DOUBLE of the server's rate limiter: answers the page's next GET /api/queue itself with 429 and
//             Retry-After: N (request interception in the browser), clicks "Tải lại" and reports what the page says.
// --probe ID  asks GET /api/triage/ID from inside the signed-in page (its cookie, same origin) and reports the status.
// --logout    clicks "Đăng xuất" and reports what the page shows afterwards.
// Every wait is bounded; the browser gets a fresh profile and is closed in all cases. Loopback only: the bot and the
// provider listen on 127.0.0.1, and Chromium is started with its background networking off.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

function parseArgs(argv) {
  const o = { password: 'test', open: [], probe: [], override: [], triage: null, logout: false, timeoutMs: 60000, chromium: process.env.CHROMIUM || 'chromium' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => { if (i + 1 >= argv.length) throw new Error(a + ' needs a value'); return argv[++i]; };
    if (a === '--base') o.base = next();
    else if (a === '--login') o.login = next();
    else if (a === '--password') o.password = next();
    else if (a === '--screenshot') o.screenshot = next();
    else if (a === '--open') o.open.push(next());
    else if (a === '--probe') o.probe.push(next());
    else if (a === '--override') o.override.push(next());
    else if (a === '--triage') o.triage = next();
    else if (a === '--busy-queue') o.busyQueue = parseInt(next(), 10);
    else if (a === '--logout') o.logout = true;
    else if (a === '--timeout-ms') o.timeoutMs = parseInt(next(), 10);
    else if (a === '--chromium') o.chromium = next();
    else throw new Error('unknown argument ' + a);
  }
  if (!o.base || !o.login) throw new Error('--base and --login are required');
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

// What the officer page shows, read from its DOM.
function readOfficerPage() {
  const visible = (id) => { const el = document.getElementById(id); return !!el && !el.hidden && el.offsetParent !== null; };
  const text = (id) => { const el = document.getElementById(id); return el ? el.textContent.trim() : null; };
  return {
    url: location.href,
    signedOutVisible: visible('signed-out'),
    signedOutReason: text('signed-out-reason'),
    loginVisible: visible('login'),
    signedInVisible: visible('signed-in'),
    whoVisible: visible('who'),
    subject: text('who-subject'),
    roles: text('who-roles'),
    units: text('who-units'),
    logoutVisible: visible('logout'),
    overrideVisible: visible('override-form'),
    queueStatus: text('queue-status'),
    rows: Array.from(document.querySelectorAll('#queue tbody tr')).map((tr) => ({
      id: tr.getAttribute('data-id'),
      text: tr.textContent,
      flags: Array.from(tr.querySelectorAll('.flag')).map((f) => f.textContent),
    })),
    status: text('status'),
    projectsStatus: text('projects-status'),
    projects: Array.from(document.querySelectorAll('#projects-table tbody tr')).map((tr) => ({
      code: tr.getAttribute('data-code'),
      text: tr.textContent,
    })),
    projectFormVisible: visible('project-form'),
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const base = new URL(o.base);
  const result = { steps: [], providerOrigin: null, consentShown: false, cspViolations: [], pageErrors: [], consoleErrors: [] };
  const step = (s) => result.steps.push(s);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'officer-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: resolveExecutable(o.chromium),
    headless: true,
    userDataDir: profile,
    timeout: o.timeoutMs,
    protocolTimeout: o.timeoutMs,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--no-first-run', '--no-default-browser-check', '--disable-dev-shm-usage', '--lang=vi-VN', '--hide-scrollbars',
      '--window-size=1200,900',
    ],
  });
  const deadline = setTimeout(() => {
    process.stderr.write('officer-signin.js: overall time limit reached\n');
    browser.process()?.kill('SIGKILL');
    process.exit(3);
  }, o.timeoutMs * 2);
  let page = null;
  try {
    page = await browser.newPage();
    page.setDefaultTimeout(o.timeoutMs);
    page.setDefaultNavigationTimeout(o.timeoutMs);
    await page.setViewport({ width: 1200, height: 900 });
    // A page that breaks the Content-Security-Policy reports it here (inline script or style, a foreign connect).
    let onViolation = null;
    await page.exposeFunction('__reportCsp', (v) => {
      result.cspViolations.push(v);
      if (onViolation) onViolation(v);
    });
    await page.evaluateOnNewDocument(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__reportCsp({ page: location.origin + location.pathname, directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
      });
    });
    page.on('pageerror', (e) => result.pageErrors.push(String(e && e.message || e)));
    page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });

    // Runs an action that navigates (a click on a link or a submit button) and waits for the new page; fails at once
    // when the Content-Security-Policy blocks the navigation (a form sent or redirected where form-action forbids),
    // instead of waiting for a navigation that never comes.
    const navigateBy = async (action) => {
      const violation = new Promise((resolve) => { onViolation = resolve; });
      const navigation = Promise.all([page.waitForNavigation({ waitUntil: 'domcontentloaded' }), action()]);
      navigation.catch(() => {});
      try {
        const blocked = await Promise.race([navigation.then(() => null), violation]);
        if (blocked) throw new Error(`Content-Security-Policy blocked the navigation: ${blocked.directive} ${blocked.blocked}`);
      } finally {
        onViolation = null;
      }
    };

    const officerUrl = new URL('officer.html', base).toString();
    await page.goto(officerUrl, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#login', { visible: true });
    result.before = await page.evaluate(readOfficerPage);
    step('signed-out page');

    await navigateBy(() => page.click('#login'));
    // The challenge may pass through several redirects; wait for the provider's own login form.
    await page.waitForSelector('input[name="login"]', { visible: true });
    result.providerOrigin = new URL(page.url()).origin;
    result.loginPageTitle = await page.title();
    step('provider login page');
    await page.type('input[name="login"]', o.login);
    await page.type('input[name="password"]', o.password);
    await navigateBy(() => page.click('button[type="submit"]'));
    step('credentials submitted');

    // Consent, when the provider asks for it, is one more form on the provider's origin.
    for (let i = 0; i < 3 && new URL(page.url()).origin === result.providerOrigin; i++) {
      const consent = await page.$('input[name="prompt"][value="consent"]');
      if (!consent) break;
      result.consentShown = true;
      await navigateBy(() => page.click('button[type="submit"]'));
      step('consent given');
    }

    await page.waitForFunction((origin) => location.origin === origin && location.pathname.endsWith('/officer.html'), {}, base.origin);
    await page.waitForSelector('#who', { visible: true });
    await page.waitForFunction(() => {
      const s = document.getElementById('queue-status');
      return s && s.textContent.trim() !== '' && s.textContent.trim() !== 'Đang tải…';
    });
    // The priority-project registry loads beside the queue.
    await page.waitForFunction(() => {
      const s = document.getElementById('projects-status');
      return s && s.textContent.trim() !== '' && s.textContent.trim() !== 'Đang tải danh mục dự án…';
    });
    result.after = await page.evaluate(readOfficerPage);
    step('back on the officer page, queue loaded');
    if (o.screenshot) {
      fs.mkdirSync(path.dirname(o.screenshot), { recursive: true });
      await page.screenshot({ path: o.screenshot, fullPage: true });
    }

    if (o.triage) {
      const [id, description, papers, newUnit] = o.triage.split('|');
      await page.type('#t-id', id || '');
      await page.type('#t-description', description || '');
      await page.type('#t-documents', (papers || '').split(';').map((x) => x.trim()).filter(Boolean).join('\n'));
      await page.type('#t-new-unit', newUnit || '');
      await page.click('#triage-form button[type="submit"]');
      await page.waitForFunction(() => {
        const s = document.getElementById('triage-status').textContent.trim();
        return s !== '' && s !== 'Đang phân loại…';
      });
      await page.waitForFunction(() => document.getElementById('queue-status').textContent.trim() !== 'Đang tải…');
      result.triaged = await page.evaluate(() => ({
        status: document.getElementById('triage-status').textContent.trim(),
        dossierId: document.getElementById('dossier-id').textContent,
        rows: Array.from(document.querySelectorAll('#queue tbody tr')).map((tr) => tr.getAttribute('data-id')),
      }));
      step('triaged from the page');
    }

    // Opens a dossier as an officer would: a click on its id in the queue, or the page's address (#hoso=ID) for one
    // the queue does not list. Resolves once the panel shows that dossier or an error.
    const openDossier = async (id) => {
      await page.evaluate(() => { document.getElementById('dossier-status').textContent = ''; document.getElementById('dossier-id').textContent = ''; });
      const button = await page.$(`#queue tbody tr[data-id="${id.replace(/["\\]/g, '')}"] button.open`);
      if (button) await button.click();
      else await page.evaluate((wanted) => { location.hash = 'hoso=' + encodeURIComponent(wanted) + '&n=' + Date.now(); }, id);
      await page.waitForFunction((wanted) => {
        const s = document.getElementById('dossier-status').textContent.trim();
        return document.getElementById('dossier-id').textContent === wanted && s !== 'Đang mở hồ sơ…'
          && (s !== '' || document.getElementById('dossier-fields').children.length > 0);
      }, {}, id);
      return button ? 'queue' : 'address';
    };

    result.opened = [];
    for (const id of o.open) {
      const via = await openDossier(id);
      result.opened.push(await page.evaluate((wanted, how) => ({
        id: wanted,
        via: how,
        status: document.getElementById('dossier-status').textContent.trim(),
        fields: Array.from(document.querySelectorAll('#dossier-fields dt')).map((dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent),
        overrideVisible: !document.getElementById('override-form').hidden,
      }), id, via));
      if (o.screenshot) await page.screenshot({ path: o.screenshot.replace(/\.png$/, '') + '-' + id.replace(/[^\w-]/g, '_') + '.png', fullPage: true });
    }

    result.overrides = [];
    for (const spec of o.override) {
      const [id, unit] = spec.split('=');
      await openDossier(id);
      const visible = await page.evaluate(() => !document.getElementById('override-form').hidden);
      if (!visible) { result.overrides.push({ id, formShown: false, status: null }); continue; }
      await page.type('#override-unit', unit);
      await page.click('#override-form button[type="submit"]');
      await page.waitForFunction(() => {
        const s = document.getElementById('override-status').textContent.trim();
        return s !== '' && s !== 'Đang ghi nhận…';
      });
      result.overrides.push({ id, formShown: true, status: await page.evaluate(() => document.getElementById('override-status').textContent.trim()) });
      step('override ' + id);
    }

    if (o.busyQueue !== undefined) {
      await page.setRequestInterception(true);
      const answer429 = (request) => {
        if (new URL(request.url()).pathname === '/api/queue') {
          request.respond({
            status: 429,
            headers: { 'Retry-After': String(o.busyQueue) },
            contentType: 'application/json; charset=utf-8',
            body: JSON.stringify({ errors: ['Quá nhiều yêu cầu.'] }),
          });
        } else {
          request.continue();
        }
      };
      page.on('request', answer429);
      await page.click('#reload');
      await page.waitForFunction(() => document.getElementById('queue-status').textContent.trim() !== 'Đang tải…');
      result.busy = await page.evaluate(() => ({
        queueStatus: document.getElementById('queue-status').textContent.trim(),
        isError: document.getElementById('queue-status').classList.contains('error'),
      }));
      page.off('request', answer429);
      await page.setRequestInterception(false);
      step('busy queue shown');
    }

    result.probes = [];
    for (const id of o.probe) {
      result.probes.push(await page.evaluate(async (wanted) => {
        const r = await fetch('/api/triage/' + encodeURIComponent(wanted), { credentials: 'same-origin', redirect: 'manual' });
        return { id: wanted, status: r.status, body: r.type === 'opaqueredirect' ? '' : (await r.text()).slice(0, 300) };
      }, id));
    }

    if (o.logout) {
      await navigateBy(() => page.click('#logout'));
      // Logout may pass by the provider's end-session page (its own confirmation form) before coming back.
      for (let i = 0; i < 3 && new URL(page.url()).origin !== base.origin; i++) {
        // oidc-provider's end-session page: "Yes, sign me out" is a button bound to its form by form="op.logoutForm".
        const confirm = (await page.$('button[name="logout"][value="yes"]')) || (await page.$('form button[type="submit"]'));
        if (!confirm) break;
        await navigateBy(() => confirm.click());
      }
      await page.goto(officerUrl, { waitUntil: 'domcontentloaded' });
      await page.waitForSelector('#login', { visible: true });
      result.afterLogout = await page.evaluate(readOfficerPage);
      step('signed out');
    }
  } catch (e) {
    result.error = String(e && e.stack || e);
    if (page && o.screenshot) {
      result.errorPage = page.url();
      await page.screenshot({ path: o.screenshot.replace(/\.png$/, '') + '-error.png', fullPage: true }).catch(() => {});
    }
  } finally {
    clearTimeout(deadline);
    await browser.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(result.error ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + '\n');
  process.exit(2);
});
