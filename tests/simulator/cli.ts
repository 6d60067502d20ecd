// npm run simulator -- --port 8780 --https-port 8743 --access-key-id ID --access-key-secret SECRET [--task-ms 5000]
//                         [--account-domains N] [--list-page-cap N]
// Starts the Domain API simulator for a demo and prints where it listens. Ctrl-C stops it.

import { parseArgs } from 'node:util';
import { accountDomains, DEMO_CODES, demoDomains } from './showcase.ts';
import { formatChinaTime } from './tasks.ts';
import { startSimulator } from './server.ts';
import type { DomainSetup, SimulatorOptions } from './types.ts';

const DAY_MS = 86_400_000;

function usage(message: string): never {
  console.error(`${message}
usage: npm run simulator -- [--port 8780] [--https-port 8743] [--access-key-id ID --access-key-secret SECRET]
                            [--task-ms 5000] [--sts-token TOKEN] [--code DOMAIN=CODE]... [--fail DOMAIN=REASON]...
                            [--refuse-unknown-domains] [--skew-ms MS]
                            [--demo-domains] [--locked DOMAIN]... [--registered DOMAIN=WHEN]... [--expires DOMAIN=WHEN]...
                            [--status DOMAIN=DOMAINSTATUS]... [--transfer-out DOMAIN=1|2|3|4|5|8]...
                            [--account-domains N] [--list-page-cap N]
  WHEN is YYYY-MM-DD (China time) or a day offset from now such as -10d or +30d.
  --account-domains adds N domains account-01-example.com ... (every fifth locked) to the account's list
  (QueryDomainList); --list-page-cap makes QueryDomainList answer at most N domains a page.`);
  process.exit(2);
}

/** YYYY-MM-DD as midnight China time (UTC+8), or -Nd / +Nd days from now. */
function when(value: string, name: string): number {
  const rel = /^([+-])(\d{1,5})d$/.exec(value);
  if (rel) return Date.now() + (rel[1] === '-' ? -1 : 1) * Number(rel[2]) * DAY_MS;
  const abs = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (abs) {
    const ms = Date.UTC(Number(abs[1]), Number(abs[2]) - 1, Number(abs[3])) - 8 * 3600_000;
    if (formatChinaTime(ms).slice(0, 10) === value) return ms;
  }
  usage(`${name} expects DOMAIN=YYYY-MM-DD or DOMAIN=-Nd/+Nd, got "${value}"`);
}

function port(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) usage(`${name} must be a port number`);
  return n;
}

function count(value: string | undefined, name: string, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) usage(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

function pairs(values: string[] | undefined, name: string): Array<[string, string]> {
  return (values ?? []).map((v) => {
    const eq = v.indexOf('=');
    if (eq <= 0) usage(`${name} expects DOMAIN=VALUE, got "${v}"`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'https-port': { type: 'string' },
      'access-key-id': { type: 'string' },
      'access-key-secret': { type: 'string' },
      'task-ms': { type: 'string' },
      'sts-token': { type: 'string' },
      code: { type: 'string', multiple: true },
      fail: { type: 'string', multiple: true },
      'refuse-unknown-domains': { type: 'boolean' },
      'skew-ms': { type: 'string' },
      'demo-domains': { type: 'boolean' },
      locked: { type: 'string', multiple: true },
      registered: { type: 'string', multiple: true },
      expires: { type: 'string', multiple: true },
      status: { type: 'string', multiple: true },
      'transfer-out': { type: 'string', multiple: true },
      'account-domains': { type: 'string' },
      'list-page-cap': { type: 'string' },
    },
    strict: true,
  });

  const id = values['access-key-id'];
  const secret = values['access-key-secret'];
  if ((id === undefined) !== (secret === undefined)) usage('give both --access-key-id and --access-key-secret, or neither');
  const taskMs = values['task-ms'] === undefined ? undefined : Number(values['task-ms']);
  if (taskMs !== undefined && !(taskMs >= 0)) usage('--task-ms must be a number of milliseconds');
  const skewMs = values['skew-ms'] === undefined ? undefined : Number(values['skew-ms']);
  if (skewMs !== undefined && !Number.isFinite(skewMs)) usage('--skew-ms must be a number');

  const accountCount = count(values['account-domains'], '--account-domains', 10_000);
  const pageCap = count(values['list-page-cap'], '--list-page-cap', 200);

  const keyId = id ?? 'testid';
  const domains: NonNullable<SimulatorOptions['domains']> = {
    ...(values['demo-domains'] ? demoDomains() : {}),
    ...(accountCount !== undefined ? accountDomains(accountCount) : {}),
  };
  const set = (domain: string, patch: DomainSetup): void => {
    domains[domain] = { ...domains[domain], ...patch };
  };
  for (const [domain, code] of pairs(values.code, '--code')) set(domain, { code });
  for (const [domain, fail] of pairs(values.fail, '--fail')) set(domain, { fail });
  for (const domain of values.locked ?? []) set(domain, { transferLock: true });
  for (const [domain, v] of pairs(values.registered, '--registered')) set(domain, { registeredAt: when(v, '--registered') });
  for (const [domain, v] of pairs(values.expires, '--expires')) set(domain, { expiresAt: when(v, '--expires') });
  for (const [domain, status] of pairs(values.status, '--status')) set(domain, { status });
  for (const [domain, v] of pairs(values['transfer-out'], '--transfer-out')) {
    if (!/^[123458]$/.test(v)) usage(`--transfer-out expects DOMAIN=1|2|3|4|5|8, got "${v}"`);
    set(domain, { transferOut: { status: Number(v) as 1 | 2 | 3 | 4 | 5 | 8 } });
  }

  const options: SimulatorOptions = {
    accessKeys: { [keyId]: secret ?? 'testsecret' },
    domains,
    unknownDomains: values['refuse-unknown-domains'] ? 'refuse' : 'accept',
  };
  const httpPort = port(values.port, '--port');
  const httpsPort = port(values['https-port'], '--https-port');
  if (httpPort !== undefined) options.httpPort = httpPort;
  if (httpsPort !== undefined) options.httpsPort = httpsPort;
  if (taskMs !== undefined) options.taskDurationMs = taskMs;
  if (skewMs !== undefined) options.clockSkewMs = skewMs;
  if (values['sts-token'] !== undefined) options.stsTokens = { [keyId]: values['sts-token'] };
  if (pageCap !== undefined) options.listPageSizeCap = pageCap;

  const sim = await startSimulator(options);
  // The secret is never printed: it may be a real-looking demo key someone pasted.
  console.log(`Alibaba Cloud Domain API simulator (API version 2018-01-29)
  http:        ${sim.httpUrl}
  https:       ${sim.httpsUrl}
  SPKI sha256: ${sim.spkiSha256}
               (Chromium: --ignore-certificate-errors-spki-list=${sim.spkiSha256})
  AccessKeyId: ${keyId}${values['sts-token'] !== undefined ? ' (STS: SecurityToken required)' : ''}
  task time:   ${options.taskDurationMs ?? 3000} ms${
    values['demo-domains']
      ? `
  demo:        locked-example.com (transfer lock on: its code task fails; code ${DEMO_CODES['locked-example.com']} once unlocked)
               fresh-example.com  (registered 10 days ago: its code task fails until day 60)
               ready-example.com  (ready to transfer, code ${DEMO_CODES['ready-example.com']})`
      : ''
  }${
    accountCount !== undefined || values['demo-domains']
      ? `
  account:     ${Object.keys(domains).length} domains in QueryDomainList${pageCap !== undefined ? `, at most ${pageCap} a page` : ''}`
      : ''
  }
Ctrl-C to stop.`);

  // One line per request, so a demo audience sees what the extension sends and what it gets back.
  let shown = 0;
  const log = setInterval(() => {
    for (; shown < sim.calls.length; shown++) {
      const c = sim.calls[shown];
      if (!c) continue;
      const lock = c.params.Status !== undefined && c.action.endsWith('TaskForTransferProhibitionLock') ? ` Status=${c.params.Status}` : '';
      const listed = Object.keys(c.params).filter((k) => k.startsWith('DomainName.')).length;
      const domain = c.params.DomainName ?? (listed ? `${c.params['DomainName.1']}${listed > 1 ? ` +${listed - 1}` : ''}` : '');
      const page = c.params.PageNum !== undefined && c.action === 'QueryDomainList' ? ` page ${c.params.PageNum}` : '';
      const what = domain ? `${c.action} ${domain}${lock}` : `${c.action}${page}`;
      const time = new Date(c.at).toISOString().slice(11, 19);
      console.log(`${time} ${c.method} ${what || '(no Action)'} -> ${c.status === 0 ? 'dropped' : c.status}${c.code ? ` ${c.code}` : ''}`);
    }
  }, 100);
  log.unref();

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
