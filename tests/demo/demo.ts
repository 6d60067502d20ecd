// npm run demo: the whole flow without an Alibaba Cloud account.
//
// Builds the extension, starts the local Domain API simulator with a demo AccessKey, and opens
// Chromium with the extension loaded and that key saved. The browser reaches the simulator under
// the real API host names (--host-resolver-rules), so this is the build users install.
//
// With a display ($DISPLAY or $WAYLAND_DISPLAY): a normal window to use; runs until Ctrl-C or until
// the browser is closed. Without one (a server, CI) or with --headless: the same flow runs
// headless, each step is printed, screenshots go to demo-output/, and it exits 0.
//
// Options: --headless (force headless), --task-ms N (how long the simulated task takes, default
// 5000), --domain NAME (headless: the domain the flow uses, default example.com; in the window: the
// popup gets NAME typed in and submitted, then shows its code). CHROMIUM_PATH picks another Chromium.
// tests/e2e/demo-window.e2e.test.ts runs the windowed mode under Xvfb with --domain.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator } from '../simulator/server.ts';
import type { Simulator } from '../simulator/types.ts';
import {
  ensurePrerequisites,
  jobItem,
  launchExtension,
  REPO_ROOT,
  saveKeysInOptions,
  startNotificationServer,
  submitDomain,
  taskCompletedAt,
  writeProfile,
  type ExtensionBrowser,
  type NotificationServer,
} from '../e2e/harness/index.ts';

const DEMO_KEY = { accessKeyId: 'LTAI5tDemoKey', accessKeySecret: 'demo-secret' };
const OUTPUT_DIR = path.join(REPO_ROOT, 'demo-output');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const forceHeadless = process.argv.includes('--headless') || process.env.DEMO_HEADLESS === '1';
const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const headless = forceHeadless || !hasDisplay;
const taskMs = Number(option('--task-ms') ?? 5_000);
const domainOption = option('--domain');
const demoDomain = domainOption ?? 'example.com';

const t0 = Date.now();
const step = (text: string) => console.log(`[demo ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)} s] ${text}`);

function build(): void {
  step('building the extension (npx wxt build)...');
  const r = spawnSync('npx', ['wxt', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) {
    process.stdout.write(r.stdout ?? '');
    process.stderr.write(r.stderr ?? '');
    throw new Error(`wxt build failed (exit ${r.status})`);
  }
  step('built .output/chrome-mv3');
}

interface Running {
  sim: Simulator;
  notifications?: NotificationServer;
  ext?: ExtensionBrowser;
  userDataDir: string;
}

async function cleanUp(r: Running): Promise<void> {
  await r.ext?.close().catch(() => undefined);
  await r.notifications?.stop().catch(() => undefined);
  await r.sim.close().catch(() => undefined);
  rmSync(r.userDataDir, { recursive: true, force: true });
}

async function headlessRun(r: Running): Promise<void> {
  const ext = r.ext!;
  const notifications = r.notifications!;
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const shot = async (page: import('playwright-core').Page, name: string) => {
    const file = path.join(OUTPUT_DIR, name);
    await page.screenshot({ path: file });
    step(`screenshot: ${path.relative(REPO_ROOT, file)}`);
  };

  const options = await ext.openOptions();
  await options.setViewportSize({ width: 900, height: 800 });
  await saveKeysInOptions(ext, DEMO_KEY, options);
  step(`options page: "AccessKey ID" = ${DEMO_KEY.accessKeyId}, "AccessKey Secret" = ********, pressed "Save" -> "Saved"`);
  await shot(options, '1-options-saved.png');
  await options.close();

  const popup = await ext.openPopup();
  await popup.setViewportSize({ width: 420, height: 560 });
  await submitDomain(popup, demoDomain);
  step(`popup: "Domain name" = ${demoDomain}, pressed "Get transfer code"`);
  await popup.waitForTimeout(500);
  await shot(popup, '2-popup-waiting.png');
  step(`waiting for the simulated task (${taskMs / 1000} s) and the desktop notification...`);

  const n = await notifications.waitFor((x) => x.summary.includes(demoDomain), taskMs + 60_000);
  const delay = n.at - taskCompletedAt(r.sim, demoDomain, taskMs);
  step(`desktop notification received (D-Bus Notify, ${delay} ms after the task completed):`);
  console.log(`        title: ${n.summary}`);
  console.log(`        body:  ${n.body}`);
  console.log(`        buttons: ${notifications.actionsOf(n).filter((a) => a.key !== 'default' && a.key !== 'settings').map((a) => a.label).join(', ') || 'none'}`);
  await jobItem(popup, demoDomain).getByText(n.body, { exact: true }).waitFor({ state: 'visible', timeout: 10_000 });
  step('the popup shows the same code with a Copy button');
  await shot(popup, '3-popup-code.png');
  const calls = r.sim.calls.map((c) => c.action.replace('SaveSingleTaskForQueryingTransferAuthorizationCode', 'SaveSingleTask...')).join(', ');
  step(`API calls the simulator answered: ${r.sim.calls.length} (${calls})`);
}

async function headfulRun(r: Running): Promise<void> {
  const ext = r.ext!;
  // The key goes straight into storage (the format lib/credentials/profiles.ts reads), so the window
  // is ready to use; the options page shows it.
  await writeProfile(await ext.probe(), DEMO_KEY);
  (await ext.probe()).close().catch(() => undefined);
  const popup = await ext.openPopup();
  await popup.bringToFront();
  if (domainOption) {
    // Typed in and submitted for the person watching (or a test looking at the window).
    await submitDomain(popup, domainOption);
    step(`popup: "Domain name" = ${domainOption}, pressed "Get transfer code"; the task takes ${taskMs / 1000} s`);
    const code = jobItem(popup, domainOption).locator('.code-field code');
    await code.first().waitFor({ state: 'visible', timeout: taskMs + 60_000 });
    step(`the popup in the window shows the code of ${domainOption}: ${await code.first().innerText()}`);
  }
  console.log(`
  Chromium is open with the extension and the demo AccessKey (${DEMO_KEY.accessKeyId}) saved.
  The API host names lead to the local simulator (${r.sim.httpsUrl}); nothing reaches Alibaba Cloud.

    1. In the tab "${ext.url('popup.html')}" type a domain, e.g. ${demoDomain},
       and press "Get transfer code" (or Enter).
    2. After about ${taskMs / 1000} s the code arrives as a desktop notification and in the list
       ("Copy" puts it on the clipboard).
    3. The options page (${ext.url('options.html')}) holds the key, language and site settings.

  The extension's toolbar button opens the same popup. Press Ctrl-C here, or close the browser, to stop.
`);
  // process.on, not once: Ctrl-C reaches the demo more than once (the terminal signals the whole
  // process group, and npm and tsx pass it on as well); a later one must not cut the clean-up short.
  let stop = () => undefined as void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  ext.context.once('close', stop);
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await stopped;
  step('stopping');
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 200);
}

async function main(): Promise<void> {
  step(headless ? `no display${forceHeadless ? ' wanted' : ''}: running the flow headless` : 'display found: opening a browser window');
  ensurePrerequisites({ install: true, log: step });
  build();

  const sim = await startSimulator({ accessKeys: { [DEMO_KEY.accessKeyId]: DEMO_KEY.accessKeySecret }, taskDurationMs: taskMs });
  const r: Running = { sim, userDataDir: mkdtempSync(path.join(tmpdir(), 'demo-profile-')) };
  step(`simulator: ${sim.httpsUrl} (demo key ${DEMO_KEY.accessKeyId} / ${DEMO_KEY.accessKeySecret}, tasks take ${taskMs / 1000} s)`);
  step(`browser profile: ${r.userDataDir} (removed at the end)`);
  try {
    if (headless) {
      // Headless: the desktop notification goes to a private notification server, which prints it.
      r.notifications = await startNotificationServer();
      step(`private D-Bus notification server: ${r.notifications.address}`);
    }
    let windowed = !headless;
    if (windowed) {
      try {
        // A window: pages take the window's size; Wayland or X11 as the session offers.
        r.ext = await launchExtension({
          userDataDir: r.userDataDir,
          simulator: sim,
          headless: false,
          viewport: null,
          extraArgs: ['--ozone-platform-hint=auto'],
          // Ctrl-C is ours (headfulRun): the browser closed, the simulator stopped, the profile
          // removed, then exit 0.
          handleSIGINT: false,
        });
      } catch (e) {
        // e.g. a DISPLAY left over from an ssh session: still show the flow, headless.
        step(`could not open a browser window (${firstLine(e)}); running the flow headless instead`);
        windowed = false;
      }
    }
    if (!windowed) {
      r.notifications ??= await startNotificationServer();
      r.ext = await launchExtension({ userDataDir: r.userDataDir, simulator: sim, headless: true, dbusAddress: r.notifications.address });
    }
    step(`Chromium started with the extension ${r.ext!.extensionId}`);
    if (windowed) await headfulRun(r);
    else await headlessRun(r);
  } finally {
    await cleanUp(r);
  }
  step('done');
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`\ndemo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
