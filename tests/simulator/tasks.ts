// Life cycle of domain tasks: "query transfer code" and "set transfer prohibition lock". A task's state is derived from the clock at each
// query (no timers), so tests with an injected `now` stay deterministic.
// The life cycle runs on the real clock (`now`), not the skewed one: a wrong server clock does not
// make tasks finish sooner; the skew only shows in the displayed CreateTime/UpdateTime.

import { createHash, randomInt, randomUUID } from 'node:crypto';
import type { DomainSetup, TaskSummary } from './types.ts';

export const TaskStatus = {
  WAITING_EXECUTE: 0,
  EXECUTING: 1,
  EXECUTE_SUCCESS: 2,
  EXECUTE_FAILURE: 3,
} as const;
export type TaskStatusCode = (typeof TaskStatus)[keyof typeof TaskStatus];
const statusNames = ['WAITING_EXECUTE', 'EXECUTING', 'EXECUTE_SUCCESS', 'EXECUTE_FAILURE'] as const;

export type TaskKind = 'code' | 'lock';

interface Task {
  kind: TaskKind;
  /** lock tasks: the lock state the task sets */
  lockOn?: boolean;
  taskNo: string;
  taskDetailNo: string;
  domain: string;
  instanceId: string;
  /** the AccessKeyId that created it: other keys do not see it */
  owner: string;
  createdAt: number;
  runningAt: number;
  doneAt: number;
  code: string;
  fail?: string;
}

export interface TaskTiming {
  taskDurationMs: number;
  runningAfterMs?: number;
  taskVisibleAfterMs: number;
}

/** Shape of one element of Data.TaskDetail (field names as in API.md). */
export interface TaskDetailJson {
  TaskNo: string;
  TaskDetailNo: string;
  TaskType: string;
  TaskTypeDescription: string;
  TaskStatus: string;
  TaskStatusCode: number;
  TaskResult?: string;
  ErrorMsg: string;
  FailReason: string;
  TryCount: number;
  CreateTime: string;
  UpdateTime: string;
  DomainName: string;
  InstanceId: string;
}

// Printable ASCII with the characters most likely to break careless HTML/JSON handling.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
const CODE_PUNCT = '!#$%&()*+-./:;<=>?@[]^_{}~';

function randomCode(): string {
  const chars: string[] = [];
  for (let i = 0; i < 12; i++) {
    const pool = i % 4 === 2 ? CODE_PUNCT : CODE_ALPHABET; // some punctuation, never at the ends
    chars.push(pool[randomInt(pool.length)] as string);
  }
  return chars.join('');
}

/** "2018-01-25 20:46:57" in China Standard Time, the format and zone the console and API use. */
export function formatChinaTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/**
 * TaskType per kind. SET_TRANSFER_PROHIBITED is the value QueryTaskList's reference lists for
 * "设置域名转移锁" (help.aliyun.com/document_detail/67709.html); QUERY_TRANSFER_AUTHORIZATION_CODE
 * is not verified against production.
 */
const TASK_TYPES: Record<TaskKind, { type: string; en: string; zh: string }> = {
  code: { type: 'QUERY_TRANSFER_AUTHORIZATION_CODE', en: 'Query transfer authorization code', zh: '获取域名转移密码' },
  lock: { type: 'SET_TRANSFER_PROHIBITED', en: 'Set transfer prohibition lock', zh: '设置域名转移锁' },
};

export class TaskStore {
  private readonly list: Task[] = [];
  /** a domain's transfer code stays the same across tasks, like a real EPP code */
  private readonly codes = new Map<string, string>();

  constructor(
    private readonly timing: TaskTiming,
    private readonly domains: Record<string, DomainSetup>,
    private readonly now: () => number,
    /** the server clock (real + skew), used only for displayed times */
    private readonly serverNow: () => number,
  ) {}

  /** A "query transfer code" task. */
  create(domain: string, owner: string): Task {
    return this.add('code', domain, owner);
  }

  /** A "set transfer prohibition lock" task (SaveSingleTaskForTransferProhibitionLock). */
  createLock(domain: string, owner: string, on: boolean): Task {
    return this.add('lock', domain, owner, on);
  }

  private add(kind: TaskKind, domain: string, owner: string, lockOn?: boolean): Task {
    const setup = this.domains[domain] ?? {};
    const duration = Math.max(0, setup.durationMs ?? this.timing.taskDurationMs);
    const runningAfter = Math.min(duration, Math.max(0, this.timing.runningAfterMs ?? duration / 2));
    const createdAt = this.now();
    let code = setup.code ?? this.codes.get(domain);
    if (code === undefined) {
      code = randomCode();
      this.codes.set(domain, code);
    }
    const fail = kind === 'code' ? setup.fail : setup.lockFail;
    const task: Task = {
      kind,
      ...(lockOn !== undefined ? { lockOn } : {}),
      taskNo: randomUUID(),
      taskDetailNo: randomUUID(),
      domain,
      instanceId: instanceIdFor(domain),
      owner,
      createdAt,
      runningAt: createdAt + runningAfter,
      doneAt: createdAt + duration,
      code,
      ...(fail !== undefined ? { fail } : {}),
    };
    this.list.push(task);
    return task;
  }

  status(task: Task): TaskStatusCode {
    const t = this.now();
    if (t >= task.doneAt) return task.fail !== undefined ? TaskStatus.EXECUTE_FAILURE : TaskStatus.EXECUTE_SUCCESS;
    if (t >= task.runningAt) return TaskStatus.EXECUTING;
    return TaskStatus.WAITING_EXECUTE;
  }

  /** A pending (waiting or running) task of this owner for this domain, if any. */
  pendingFor(domain: string, owner: string): Task | undefined {
    return this.list.find((t) => t.domain === domain && t.owner === owner && this.status(t) <= TaskStatus.EXECUTING);
  }

  /** Details visible to `owner` for `taskNo`; another key's task or an unknown number gives none. */
  details(taskNo: string, owner: string, lang: 'en' | 'zh'): TaskDetailJson[] {
    const t = this.now();
    return this.list
      .filter((task) => task.taskNo === taskNo && task.owner === owner)
      .filter((task) => t >= task.createdAt + this.timing.taskVisibleAfterMs || t >= task.doneAt)
      .map((task) => this.toJson(task, lang));
  }

  /** The lock state set by the latest successful lock task of `domain` (any key), if any. */
  lockSetBy(domain: string): boolean | undefined {
    const done = this.list
      .filter((t) => t.kind === 'lock' && t.domain === domain && this.status(t) === TaskStatus.EXECUTE_SUCCESS)
      .sort((a, b) => a.doneAt - b.doneAt);
    return done.at(-1)?.lockOn;
  }

  /** When the latest successful "query transfer code" task of `domain` (any key) finished, if any. */
  codeSentAt(domain: string): number | undefined {
    const done = this.list
      .filter((t) => t.kind === 'code' && t.domain === domain && this.status(t) === TaskStatus.EXECUTE_SUCCESS)
      .map((t) => t.doneAt);
    return done.length ? Math.max(...done) : undefined;
  }

  complete(taskNo: string): void {
    const task = this.list.find((t) => t.taskNo === taskNo);
    if (!task) throw new Error(`no task ${taskNo}`);
    const t = this.now();
    if (t < task.doneAt) {
      task.doneAt = t;
      task.runningAt = Math.min(task.runningAt, t);
    }
  }

  summaries(): TaskSummary[] {
    return this.list.map((task) => {
      const status = this.status(task);
      return {
        taskNo: task.taskNo,
        domain: task.domain,
        status,
        ...(task.kind === 'code' && status === TaskStatus.EXECUTE_SUCCESS ? { code: task.code } : {}),
        ...(task.kind === 'lock' ? { lockOn: task.lockOn as boolean } : {}),
      };
    });
  }

  private toJson(task: Task, lang: 'en' | 'zh'): TaskDetailJson {
    const status = this.status(task);
    const skew = this.serverNow() - this.now();
    const lastChange = status >= TaskStatus.EXECUTE_SUCCESS ? task.doneAt : status === TaskStatus.EXECUTING ? task.runningAt : task.createdAt;
    const failed = status === TaskStatus.EXECUTE_FAILURE;
    const type = TASK_TYPES[task.kind];
    return {
      TaskNo: task.taskNo,
      TaskDetailNo: task.taskDetailNo,
      TaskType: type.type,
      TaskTypeDescription: type[lang],
      TaskStatus: statusNames[status],
      TaskStatusCode: status,
      // Only a successful code task carries the code; clients must not read it from other states.
      ...(task.kind === 'code' && status === TaskStatus.EXECUTE_SUCCESS ? { TaskResult: task.code } : {}),
      ErrorMsg: failed ? (task.fail as string) : '',
      FailReason: failed ? (task.fail as string) : '',
      TryCount: status === TaskStatus.WAITING_EXECUTE ? 0 : 1,
      CreateTime: formatChinaTime(task.createdAt + skew),
      UpdateTime: formatChinaTime(lastChange + skew),
      DomainName: task.domain,
      InstanceId: task.instanceId,
    };
  }
}

/** A stable, plausible instance id ("S2017..." style) derived from the domain. */
export function instanceIdFor(domain: string): string {
  const digits = BigInt('0x' + createHash('sha256').update(domain).digest('hex').slice(0, 15)).toString().slice(0, 12);
  return `S2019${digits.padStart(12, '0')}`;
}
