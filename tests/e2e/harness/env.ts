// The environment of a person's shell, for commands a test runs as that person would (npm run zip,
// npm run demo, a rebuild from the sources zip): process.env without what Vitest and the outer
// `npm test` set for the test run. Vitest sets NODE_ENV=test, and a `wxt build` under it bundles
// React's development build (measured: vendor chunk 447 KB instead of 240 KB), so a zip made from
// a test would not be the one users get.
export function shellEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'NODE_ENV' || k === 'TEST' || k === 'INIT_CWD' || /^VITEST/.test(k) || /^npm_(package|lifecycle)_/.test(k)) continue;
    env[k] = v;
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}
