// Life cycle of domain tasks: "query transfer code" and "set transfer prohibition lock". A task's state is derived from the clock at each
// query (no timers), so tests with an injected `now` stay deterministic. Rows for QueryTaskDetailList,
// PollTaskResult (finished tasks) and QueryTaskList (the account's task list). A task has one detail
// row per domain: one for the single-domain Saves, one per listed domain for the batch lock Save.
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

/** A failure text in both answer languages (the rule failures of transfer-code tasks). */
export interface LocalText {
  en: string;
  zh: string;
}

/**
 * Why a transfer-code task that ends at `at` fails by Alibaba's transfer-out rules, if it does
 * (DomainRegistry.codeBlock): the store keeps no domain data of its own.
 */
export type CodeRule = (domain: string, at: number) => LocalText | undefined;

/** One detail row of a task (a task's rows share its TaskNo). */
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

const DAY_MS = 86_400_000;

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
 * example). The day is not padded (a decision: the example's day has two digits, so it cannot tell);
 * `padDay` pads it, as QueryDomainList's example "Nov 02,2019 04:00:45" shows.
 */
export function formatListTime(ms: number, padDay = false): string {
  const d = new Date(ms + 8 * 3600_000);
  const p = (n: number): string => String(n).padStart(2, '0');
  const day = padDay ? p(d.getUTCDate()) : String(d.getUTCDate());
  return `${MONTHS[d.getUTCMonth()]} ${day},${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** `ms` falls in the China days from the one starting at `fromDay` to the end of the one starting at `toDay` (open sides when absent). */
export function inDayRange(ms: number, fromDay?: number, toDay?: number): boolean {
  return (fromDay === undefined || ms >= fromDay) && (toDay === undefined || ms < toDay + DAY_MS);
}

/**
 * QueryTaskList's task-level status (1 waiting, 2 executing, 3 complete) from its rows' statuses:
 * complete once every row ended, waiting while every row waits, executing in between.
 */
function listStatus(rows: TaskStatusCode[]): { name: string; code: number } {
  if (rows.every((s) => s >= TaskStatus.EXECUTE_SUCCESS)) return { name: 'COMPLETE', code: 3 };
  if (rows.every((s) => s === TaskStatus.WAITING_EXECUTE)) return { name: 'WAITING_EXECUTE', code: 1 };
  return { name: 'EXECUTING', code: 2 };
}

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
    /** transfer-out rules a transfer-code task is held to when it ends */
    private readonly codeRule: CodeRule = () => undefined,
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

  /**
   * One "set transfer prohibition lock" task for several domains (SaveBatchTaskForTransferProhibitionLock):
   * one TaskNo, one detail row per domain, each with its own duration and `lockFail`.
   */
  createLocks(domains: readonly string[], owner: string, on: boolean, clientIp = ''): string {
    const taskNo = randomUUID();
    for (const domain of domains) this.add('lock', domain, owner, clientIp, on, taskNo);
    return taskNo;
  }

  private add(kind: TaskKind, domain: string, owner: string, clientIp: string, lockOn?: boolean, taskNo = randomUUID()): Task {
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
      taskNo,
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
    if (t >= task.doneAt) return this.failure(task) !== undefined ? TaskStatus.EXECUTE_FAILURE : TaskStatus.EXECUTE_SUCCESS;
    if (t >= task.runningAt) return TaskStatus.EXECUTING;
    return TaskStatus.WAITING_EXECUTE;
  }

  /**
   * Why an ended task failed: its domain's configured failure first (a test asked for it), then, for a
   * transfer-code task, the transfer-out rules as they stood when it ended (the lock, the domain's age).
   */
  private failure(task: Task): string | LocalText | undefined {
    if (task.fail !== undefined) return task.fail;
    return task.kind === 'code' ? this.codeRule(task.domain, task.doneAt) : undefined;
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
   * shows them). One row per task, however many domains it has.
   */
  taskList(owner: string, lang: 'en' | 'zh', fromDay?: number, toDay?: number): TaskInfoJson[] {
    const skew = this.serverNow() - this.now();
    const byTask = new Map<string, Task[]>();
    for (const task of this.list) {
      if (task.owner !== owner || !this.visible(task) || !inDayRange(task.createdAt + skew, fromDay, toDay)) continue;
      const rows = byTask.get(task.taskNo);
      if (rows) rows.push(task);
      else byTask.set(task.taskNo, [task]);
    }
    return [...byTask.values()]
      .sort((a, b) => (b[0] as Task).createdAt - (a[0] as Task).createdAt)
      .map((rows) => this.toListJson(rows, lang, skew));
  }

  private toListJson(rows: Task[], lang: 'en' | 'zh', skew: number): TaskInfoJson {
    const task = rows[0] as Task;
    const type = this.typeOf(task.kind);
    const status = listStatus(rows.map((row) => this.status(row)));
    return {
      TaskType: type.type,
      TaskTypeDescription: type[lang],
      TaskNo: task.taskNo,
      TaskNum: rows.length,
      TaskStatus: status.name,
      TaskStatusCode: status.code,
      // Tasks are never cancelled here.
      TaskCancelStatus: 'INIT',
      TaskCancelStatusCode: 0,
      CreateTime: formatListTime(task.createdAt + skew),
      Clientip: task.clientIp,
    };
  }

  /**
   * The lock state set by the latest lock task of `domain` (any key) that had ended successfully at
   * `at` (default now), if any. Lock tasks fail only by their setup (`lockFail`), so no rule is asked.
   */
  lockSetBy(domain: string, at = this.now()): boolean | undefined {
    const done = this.list
      .filter((t) => t.kind === 'lock' && t.domain === domain && t.doneAt <= at && t.fail === undefined)
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

  /** Ends every row of the task now (those not ended yet). */
  complete(taskNo: string): void {
    const rows = this.list.filter((t) => t.taskNo === taskNo);
    if (rows.length === 0) throw new Error(`no task ${taskNo}`);
    const t = this.now();
    for (const task of rows) {
      if (t < task.doneAt) {
        task.doneAt = t;
        task.runningAt = Math.min(task.runningAt, t);
      }
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
    const failure = status === TaskStatus.EXECUTE_FAILURE ? this.failure(task) : undefined;
    const why = typeof failure === 'object' ? failure[lang] : (failure ?? '');
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
      ErrorMsg: why,
      FailReason: why,
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
