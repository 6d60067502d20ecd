// Shared by the simulator tests: its command line (tests/simulator/cli.ts) run as a child process for one test (what it
// printed, its HTTP address and a pop-core client; stopped afterwards), and the shape of the list answers.
import RPCClient from '@alicloud/pop-core';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

export interface RunningCli {
  /** what it printed up to "Ctrl-C to stop." */
  out: string;
  url: string;
  client: RPCClient;
}

export async function withCli(args: string[], use: (cli: RunningCli) => Promise<void>): Promise<void> {
  const tsx = path.resolve('node_modules/.bin/tsx');
  const child = spawn(tsx, ['tests/simulator/cli.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    for (let i = 0; i < 100 && !out.includes('Ctrl-C'); i++) await new Promise((r) => setTimeout(r, 100));
    const url = /http: +(http:\/\/\S+)/.exec(out)?.[1];
    if (url === undefined) throw new Error(`the simulator CLI did not start:\n${out}`);
    const client = new RPCClient({ accessKeyId: 'testid', accessKeySecret: 'testsecret', endpoint: url, apiVersion: '2018-01-29' });
    await use({ out, url, client });
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await once(child, 'exit');
  }
}

/** The paging fields of the list actions (QueryTaskDetailList, QueryTaskList, PollTaskResult, QueryDomainList) and their rows under Data.<key>. */
export type Paged<Key extends string, Row> = {
  RequestId: string;
  TotalItemNum: number;
  CurrentPageNum: number;
  TotalPageNum: number;
  PageSize: number;
  PrePage: boolean;
  NextPage: boolean;
  Data: { [K in Key]: Row[] };
};
