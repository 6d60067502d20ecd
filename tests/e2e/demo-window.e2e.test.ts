// `npm run demo` in its windowed mode, as a person with a desktop runs it: on a virtual X display
// (Xvfb), with DISPLAY set and nothing else, so the demo itself decides to open a window. With
// `--domain` the demo types the domain into the window's popup; the test then looks at the X screen
// itself (Xvfb's framebuffer, not the browser's own screenshot) for the popup with its code, and
// stops the demo as Ctrl-C in a terminal would (SIGINT to its whole process group): it must finish
// its clean-up and leave no browser and no browser profile behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { RESULTS_DIR } from './fixtures.ts';
import { REPO_ROOT, saveScreen, shellEnv, startXvfb, type RgbImage, type XDisplay } from './harness/index.ts';

const DOMAIN = 'example.com';
const TASK_MS = 1_500;
// The "Done" badge's background (components/styles.css, --ok-bg in the light scheme): on the screen
// only once the popup shows a finished job.
const DONE_BADGE = 0xe7f6ec;

let xvfb: XDisplay | undefined;
let demoGroup: number | undefined;
let demoOutput = '';
afterEach(async () => {
  // What the demo printed, beside the screen picture (test-results/e2e/demo-window.png).
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(path.join(RESULTS_DIR, 'demo-window.log'), demoOutput);
  if (demoGroup) {
    try {
      process.kill(-demoGroup, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  demoGroup = undefined;
  await xvfb?.stop();
  xvfb = undefined;
});

/** Every process below `root` now (from /proc). */
function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // exited meanwhile
    }
  }
  const out: number[] = [];
  const walk = (pid: number) => {
    for (const c of children.get(pid) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Running (a zombie waiting for a parent that does not reap it counts as ended). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

function stats(image: RgbImage): { colours: number; background: number; share: number; badge: number } {
  const h = image.histogram();
  const [background, most] = [...h].reduce((a, b) => (b[1] > a[1] ? b : a));
  return { colours: h.size, background, share: 1 - most / (image.width * image.height), badge: h.get(DONE_BADGE) ?? 0 };
}

test('npm run demo opens a window on the X display that shows the popup with the code, and Ctrl-C ends it cleanly', async () => {
  const started = Date.now();
  xvfb = await startXvfb({ width: 1280, height: 800 });
  const before = stats(xvfb.screen());
  // A fresh X screen is one colour: what follows is drawn by the demo's window.
  expect(before.colours).toBeLessThanOrEqual(2);

  // A person's shell with an X display and nothing else of a desktop (no Wayland, no session bus:
  // Chromium shows its own notification pop-up), and not Vitest's NODE_ENV=test for the demo's build.
  const env = shellEnv({ DISPLAY: xvfb.display, WAYLAND_DISPLAY: undefined, DEMO_HEADLESS: undefined, DBUS_SESSION_BUS_ADDRESS: undefined });
  const demo = spawn('npm', ['run', 'demo', '--', '--domain', DOMAIN, '--task-ms', String(TASK_MS)], {
    cwd: REPO_ROOT,
    env,
    detached: true, // its own process group, as a terminal's foreground job
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demoGroup = demo.pid;
  let output = '';
  demo.stdout.on('data', (d: Buffer) => (demoOutput = output += d.toString()));
  demo.stderr.on('data', (d: Buffer) => (demoOutput = output += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    demo.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForOutput = async (pattern: RegExp, ms: number) => {
    const end = Date.now() + ms;
    while (!pattern.test(output)) {
      if (demo.exitCode !== null) throw new Error(`the demo exited (${demo.exitCode}) before printing ${pattern}:\n${output}`);
      if (Date.now() > end) throw new Error(`the demo did not print ${pattern} within ${ms} ms:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return pattern.exec(output)!;
  };

  await waitForOutput(/display found: opening a browser window/, 15_000);
  const profileDir = (await waitForOutput(/browser profile: (\S+) \(removed at the end\)/, 30_000))[1]!;
  expect(existsSync(profileDir)).toBe(true);
  const shown = await waitForOutput(new RegExp(`the popup in the window shows the code of ${DOMAIN.replace('.', '\\.')}: (.+)`), 90_000);
  expect(output).not.toMatch(/running the flow headless/);
  const code = shown[1]!.trim();
  expect(code.length).toBeGreaterThan(0);

  // The page has the code; the screen shows it once the window has painted (a frame or two later).
  mkdirSync(RESULTS_DIR, { recursive: true });
  const shotFile = path.join(RESULTS_DIR, 'demo-window.png');
  let screen = xvfb.screen();
  let after = stats(screen);
  for (const end = Date.now() + 10_000; after.badge < 200 && Date.now() < end; ) {
    await new Promise((r) => setTimeout(r, 200));
    screen = xvfb.screen();
    after = stats(screen);
  }
  saveScreen(screen, shotFile);
  console.log(
    `[e2e figure] demo window: ${after.colours} colours, ${(after.share * 100).toFixed(0)} % of the 1280x800 screen off the commonest colour, ` +
      `Done badge ${after.badge} px, code ${JSON.stringify(code)}; screen in ${path.relative(REPO_ROOT, shotFile)}`,
  );
  // Not blank: a browser window with text and controls (anti-aliased text alone gives many colours).
  expect(after.colours, `screen in ${shotFile}`).toBeGreaterThan(200);
  expect(after.share, `screen in ${shotFile}`).toBeGreaterThan(0.2);
  // The popup's finished job is on the screen: its Done badge.
  expect(after.badge, `screen in ${shotFile}`).toBeGreaterThanOrEqual(200);

  // Ctrl-C: SIGINT to the whole foreground group (npm, sh, tsx, the demo). Playwright starts the
  // browser in a group of its own; the demo closes it.
  const family = descendants(demo.pid!);
  expect(family.length).toBeGreaterThan(3);
  process.kill(-demo.pid!, 'SIGINT');
  const ended = await Promise.race([exit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
  expect(ended, output).not.toBe('timeout');
  // The demo's last line comes after its clean-up (browser closed, simulator stopped, profile
  // removed), just before it exits 0.
  expect(output).toMatch(/\] stopping\n(.*\n)*.*\] done\n/);
  expect(output).not.toMatch(/demo failed/);
  // npm itself ends as a Ctrl-C'd script does in a terminal: Debian's sh (dash) re-raises SIGINT once
  // its child has exited, and npm passes that on (exit status 130 in a shell).
  if (ended !== 'timeout') expect(ended.signal === 'SIGINT' || ended.code === 0 || ended.code === 130, JSON.stringify(ended)).toBe(true);
  // Nothing the demo started is left running (the browser and its helpers: some end a moment after
  // the browser's main process, so they get a few seconds).
  for (const end = Date.now() + 5_000; family.some(alive) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 100));
  const left = family.filter(alive).map((pid) => {
    try {
      return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 120)}`;
    } catch {
      return String(pid);
    }
  });
  expect(left).toEqual([]);
  expect(existsSync(profileDir), `${profileDir} left behind`).toBe(false);
  demoGroup = undefined;
  console.log(`[e2e figure] demo window test: ${((Date.now() - started) / 1000).toFixed(1)} s from Xvfb start to the demo's exit`);
}, 150_000);
