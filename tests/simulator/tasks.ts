// Life cycle of domain tasks: "query transfer code" and "set transfer prohibition lock". A task's state is derived from the clock at each
// query (no timers), so tests with an injected `now` stay deterministic. Rows for QueryTaskDetailList,
// PollTaskResult (finished tasks) and QueryTaskList (the account's task list).
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
  /** the Save's UserClientIp ('' when none), QueryTaskList's Clientip */
  clientIp: string;
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

/** One element of QueryTaskList's Data.TaskInfo (field names as in the reference, doc 67709). */
export interface TaskInfoJson {
  TaskType: string;
  TaskTypeDescription: string;
  TaskNo: string;
  TaskNum: number;
  TaskStatus: string;
  TaskStatusCode: number;
  TaskCancelStatus: string;
  TaskCancelStatusCode: number;
  CreateTime: string;
  Clientip: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * "Dec 26,2017 11:00:54" in China Standard Time: QueryTaskList's CreateTime format (the reference's
 * example). The day is not padded (a decision: the example's day has two digits, so it cannot tell).
 */
export function formatListTime(ms: number): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()},${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** QueryTaskList's task-level status (1 waiting, 2 executing, 3 complete) from a detail's status. */
const LIST_STATUS = [
  { name: 'WAITING_EXECUTE', code: 1 },
  { name: 'EXECUTING', code: 2 },
  { name: 'COMPLETE', code: 3 },
  { name: 'COMPLETE', code: 3 },
] as const;

/**
 * TaskType per kind. SET_TRANSFER_PROHIBITED is the value QueryTaskList's reference lists for
 * "设置域名转移锁" (help.aliyun.com/document_detail/67709.html). No TaskType list of the reference
 * (QueryTaskList, QueryTaskDetailList, the SDK models) has a transfer-code value:
 * QUERY_TRANSFER_AUTHORIZATION_CODE is made up, and the `codeTaskType` option replaces it so tests
 * can show that clients find the task whatever it is called (docs/API-TASKS.md).
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
    /** TaskType of transfer-code tasks (option `codeTaskType`) */
    private readonly codeTaskType = TASK_TYPES.code.type,
  ) {}

  private typeOf(kind: TaskKind): { type: string; en: string; zh: string } {
    return kind === 'code' ? { ...TASK_TYPES.code, type: this.codeTaskType } : TASK_TYPES[kind];
  }

  /** A "query transfer code" task. */
  create(domain: string, owner: string, clientIp = ''): Task {
    return this.add('code', domain, owner, clientIp);
  }

  /** A "set transfer prohibition lock" task (SaveSingleTaskForTransferProhibitionLock). */
  createLock(domain: string, owner: string, on: boolean, clientIp = ''): Task {
    return this.add('lock', domain, owner, clientIp, on);
  }

  private add(kind: TaskKind, domain: string, owner: string, clientIp: string, lockOn?: boolean): Task {
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
      clientIp,
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

  /** A fresh task stays hidden from every query for taskVisibleAfterMs, unless it already ended. */
  private visible(task: Task): boolean {
    const t = this.now();
    return t >= task.createdAt + this.timing.taskVisibleAfterMs || t >= task.doneAt;
  }

  /** Details visible to `owner` for `taskNo`; another key's task or an unknown number gives none. */
  details(taskNo: string, owner: string, lang: 'en' | 'zh'): TaskDetailJson[] {
    return this.list
      .filter((task) => task.taskNo === taskNo && task.owner === owner && this.visible(task))
      .map((task) => this.toJson(task, lang));
  }

  /**
   * PollTaskResult's rows: `owner`'s finished tasks (success, or failure: the simulator does not
   * retry), oldest first (a decision: the reference gives no order). Nothing is ever acknowledged
   * here (AcknowledgeTaskResult is not simulated), so finished tasks stay listed.
   */
  finished(owner: string, lang: 'en' | 'zh'): TaskDetailJson[] {
    return this.list
      .filter((task) => task.owner === owner && this.visible(task) && this.status(task) >= TaskStatus.EXECUTE_SUCCESS)
      .map((task) => this.toJson(task, lang));
  }

  /**
   * QueryTaskList's rows of `owner` created (server clock, China time) from the day starting at
   * `fromDay` to the end of the day starting at `toDay`, newest first (a decision, as the console
   * shows them).
   */
  taskList(owner: string, lang: 'en' | 'zh', fromDay?: number, toDay?: number): TaskInfoJson[] {
    const skew = this.serverNow() - this.now();
    const inRange = (created: number): boolean =>
      (fromDay === undefined || created >= fromDay) && (toDay === undefined || created < toDay + 86_400_000);
    return this.list
      .filter((task) => task.owner === owner && this.visible(task) && inRange(task.createdAt + skew))
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((task) => this.toListJson(task, lang, skew));
  }

  private toListJson(task: Task, lang: 'en' | 'zh', skew: number): TaskInfoJson {
    const type = this.typeOf(task.kind);
    const status = LIST_STATUS[this.status(task)];
    return {
      TaskType: type.type,
      TaskTypeDescription: type[lang],
      TaskNo: task.taskNo,
      TaskNum: 1,
      TaskStatus: status.name,
      TaskStatusCode: status.code,
      // Tasks are never cancelled here.
      TaskCancelStatus: 'INIT',
      TaskCancelStatusCode: 0,
      CreateTime: formatListTime(task.createdAt + skew),
      Clientip: task.clientIp,
    };
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
    const type = this.typeOf(task.kind);
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
