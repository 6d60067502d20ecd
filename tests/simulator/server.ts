// Strict local simulator of the Alibaba Cloud Domain API (RPC style, version 2018-01-29).
// It stands in for Alibaba Cloud in tests and in the demo, so it refuses everything the real
// gateway would refuse (and a little more, see README.md) and verifies signatures on its own.

import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { isIP } from 'node:net';
import { makeServerCert } from './cert.ts';
import { checkDomainName } from './domains.ts';
import { ApiError, commonErrors, domainError, faultError, invalid, missing, serverError, type Lang } from './errors.ts';
import { FaultQueue } from './faults.ts';
import { FlowControl } from './flow-control.ts';
import { ParamParseError, parseForm, toRecord } from './params.ts';
import { DomainRegistry } from './registry.ts';
import { newRequestId, renderBody, type Body, type ResponseFormat } from './render.ts';
import { verifySignature } from './signature.ts';
import { inDayRange, TaskStore } from './tasks.ts';
import type { CallRecord, Fault, OutageMode, Simulator, SimulatorOptions } from './types.ts';

export type {
  CallRecord,
  DomainSetup,
  DomainState,
  Fault,
  OutageMode,
  Simulator,
  SimulatorOptions,
  TaskSummary,
  TransferOutSetup,
} from './types.ts';
export { accountDomains, DEMO_CODES, DEMO_DOMAINS, demoDomains } from './showcase.ts';

export const API_VERSION = '2018-01-29';
export const SAVE_ACTION = 'SaveSingleTaskForQueryingTransferAuthorizationCode';
export const QUERY_ACTION = 'QueryTaskDetailList';
export const QUERY_DOMAIN_ACTION = 'QueryDomainByDomainName';
export const TRANSFER_OUT_ACTION = 'QueryTransferOutInfo';
export const LOCK_ACTION = 'SaveSingleTaskForTransferProhibitionLock';
export const TASK_LIST_ACTION = 'QueryTaskList';
export const POLL_ACTION = 'PollTaskResult';
export const LIST_DOMAINS_ACTION = 'QueryDomainList';
export const BATCH_LOCK_ACTION = 'SaveBatchTaskForTransferProhibitionLock';
const HOST_ID = 'domain.aliyuncs.com';
/** Both the timestamp window and the nonce memory are 15 minutes (API.md). */
const WINDOW_MS = 15 * 60_000;
const MAX_BODY_BYTES = 1 << 20;
const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
/** QueryDomainList's PageSize bound: the reference gives none; the sibling QueryAdvancedDomainList takes 1 to 200. */
export const DOMAIN_LIST_MAX_PAGE_SIZE = 200;
/** SaveBatchTaskForTransferProhibitionLock's list bound: the reference gives none (a choice, README.md). */
export const BATCH_LOCK_MAX_DOMAINS = 1000;
/** throws on invalid UTF-8 instead of inventing U+FFFD */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

type PermissionKey = keyof NonNullable<SimulatorOptions['permissions']>;

/**
 * RAM action each API needs, the `permissions` option that turns it off, and for per-domain actions
 * the parameter whose domain the refusal names (API.md "RAM permissions"; README.md "RAM actions").
 */
const RAM: Record<string, { action: string; permission: PermissionKey; domainParam?: string }> = {
  [SAVE_ACTION]: { action: 'domain:DomainTransferOutOperation', permission: 'transferOut', domainParam: 'DomainName' },
  [QUERY_ACTION]: { action: 'domain:QueryDomainTask', permission: 'queryTask' },
  [QUERY_DOMAIN_ACTION]: { action: 'domain:QueryCommonInfo', permission: 'queryCommonInfo' },
  [TRANSFER_OUT_ACTION]: { action: 'domain:QueryDomainTransferOut', permission: 'queryTransferOut' },
  [LOCK_ACTION]: { action: 'domain:SecuritySetting', permission: 'securitySetting', domainParam: 'DomainName' },
  // 授权信息 of doc 67709 (QueryTaskList) and doc 69361 (PollTaskResult): domain:QueryDomainTask, all resources
  [TASK_LIST_ACTION]: { action: 'domain:QueryDomainTask', permission: 'queryTask' },
  [POLL_ACTION]: { action: 'domain:QueryDomainTask', permission: 'queryTask' },
  // docs/API-ACCOUNT.md §1 (L-zh): domain:QueryCommonInfo, all resources
  [LIST_DOMAINS_ACTION]: { action: 'domain:QueryCommonInfo', permission: 'queryCommonInfo' },
  // docs/API-ACCOUNT.md §2 (R-rules): domain:SecuritySetting on each domain; the permission is all or
  // nothing here, so a refusal names the first listed domain
  [BATCH_LOCK_ACTION]: { action: 'domain:SecuritySetting', permission: 'securitySetting', domainParam: 'DomainName.1' },
};

interface Caller {
  accessKeyId: string;
}

interface ParsedRequest {
  method: string;
  path: string;
  params: Map<string, string>;
  parseError?: string;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const now = options.now ?? Date.now;
  let skew = options.clockSkewMs ?? 0;
  const serverNow = (): number => now() + skew;
  const accessKeys = options.accessKeys ?? { testid: 'testsecret' };
  const inactive = new Set(options.inactiveKeys ?? []);
  const stsTokens = options.stsTokens ?? {};
  const domains = options.domains ?? {};
  const permissions: Required<NonNullable<SimulatorOptions['permissions']>> = {
    transferOut: true,
    queryTask: true,
    queryCommonInfo: true,
    queryTransferOut: true,
    securitySetting: true,
    ...options.permissions,
  };
  const tasks: TaskStore = new TaskStore(
    {
      taskDurationMs: options.taskDurationMs ?? 3000,
      ...(options.runningAfterMs !== undefined ? { runningAfterMs: options.runningAfterMs } : {}),
      taskVisibleAfterMs: options.taskVisibleAfterMs ?? 0,
    },
    domains,
    now,
    serverNow,
    options.codeTaskType,
    // registry is made just below; the rule is asked only once a code task has ended
    (domain: string, at: number) => registry.codeBlock(domain, at),
  );
  const registry: DomainRegistry = new DomainRegistry(domains, tasks, now, now());
  const faults = new FaultQueue();
  const flowControl = new FlowControl(options.rateLimitPerSecond);
  let throttled = 0;
  let outage: OutageMode = null;
  /** sockets of requests held unanswered by a 'hang' outage */
  const held = new Set<Socket>();
  const calls: CallRecord[] = [];
  /** `${AccessKeyId}\0${nonce}` -> when it stops counting as used */
  const nonces = new Map<string, number>();

  // ---- authentication: common parameters, key, STS token, signature, nonce -------------------

  function requireParam(params: Map<string, string>, name: string): string {
    const value = params.get(name);
    if (value === undefined || value === '') throw missing(name);
    return value;
  }

  function checkTimestamp(value: string): void {
    // Exactly YYYY-MM-DDThh:mm:ssZ (UTC, no milliseconds), and a real calendar date.
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
    if (!m) throw commonErrors.timestampFormat();
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
      throw commonErrors.timestampFormat();
    }
    if (Math.abs(serverNow() - ms) > WINDOW_MS) throw commonErrors.timestampExpired();
  }

  function authenticate(req: ParsedRequest): Caller {
    const p = req.params;
    const accessKeyId = requireParam(p, 'AccessKeyId');
    const signatureMethod = requireParam(p, 'SignatureMethod');
    if (signatureMethod !== 'HMAC-SHA1') throw commonErrors.signatureMethod();
    const signatureVersion = requireParam(p, 'SignatureVersion');
    if (signatureVersion !== '1.0') throw commonErrors.signatureVersion();
    const nonce = requireParam(p, 'SignatureNonce');
    checkTimestamp(requireParam(p, 'Timestamp'));
    requireParam(p, 'Signature');

    if (!Object.hasOwn(accessKeys, accessKeyId)) throw commonErrors.keyNotFound();
    if (inactive.has(accessKeyId)) throw commonErrors.keyInactive();
    const token = p.get('SecurityToken');
    if (Object.hasOwn(stsTokens, accessKeyId) || accessKeyId.startsWith('STS.')) {
      if (token === undefined || token === '') throw missing('SecurityToken');
      if (stsTokens[accessKeyId] !== token) throw commonErrors.tokenMismatch();
    } else if (token !== undefined) {
      // A long-term key has no token; whatever is sent is not a token of this key.
      throw commonErrors.tokenMalformed();
    }

    const secret = accessKeys[accessKeyId] as string;
    const check = verifySignature(req.method, toRecord(p), secret);
    if (!check.ok) throw commonErrors.signatureMismatch(check.stringToSign);

    // Only an authentic request consumes its nonce, so a forged one cannot burn a client's nonce.
    const t = now();
    for (const [k, until] of nonces) if (until <= t) nonces.delete(k);
    const nonceKey = `${accessKeyId}\0${nonce}`;
    if (nonces.has(nonceKey)) throw commonErrors.nonceUsed();
    nonces.set(nonceKey, t + WINDOW_MS);
    return { accessKeyId };
  }

  // ---- actions ------------------------------------------------------------------------------

  function langOf(params: Map<string, string>): Lang {
    const lang = params.get('Lang');
    if (lang === undefined || lang === '') return 'en';
    if (lang === 'en' || lang === 'zh') return lang;
    throw domainError('ParameterIllegal', 'en');
  }

  function checkClientIp(params: Map<string, string>, lang: Lang): void {
    const ip = params.get('UserClientIp');
    if (ip !== undefined && ip !== '' && isIP(ip) === 0) throw domainError('ParameterIllegal', lang);
  }

  /**
   * A domain an action works on must be held: malformed -> ParameterIllegal; a host name, an unknown
   * suffix or (with unknownDomains: 'refuse') a domain not configured -> DomainNotExist.
   */
  function checkHeld(domain: string, lang: Lang): void {
    const check = checkDomainName(domain);
    const configured = Object.hasOwn(domains, domain);
    if (!check.ok && check.reason === 'illegal') throw domainError('ParameterIllegal', lang);
    if (!configured && (!check.ok || options.unknownDomains === 'refuse')) throw domainError('DomainNotExist', lang);
  }

  /** The DomainName parameter of an action on one held domain (and UserClientIp, checked in between). */
  function heldDomain(params: Map<string, string>, lang: Lang): string {
    const domain = requireParam(params, 'DomainName');
    checkClientIp(params, lang);
    checkHeld(domain, lang);
    return domain;
  }

  /** Status is a Boolean: "true" turns the lock on, "false" turns it off (reference, doc 69370). */
  function lockStatus(params: Map<string, string>): boolean {
    const status = requireParam(params, 'Status');
    if (status !== 'true' && status !== 'false') throw invalid('Status', 'true or false');
    return status === 'true';
  }

  /**
   * A RepeatList parameter, `Name.1` .. `Name.N`: at least `Name.1` (else Missing{Name}), at most `max`
   * items, numbered 1..N without gaps or leading zeros (else Invalid{Name}).
   */
  function repeatList(params: Map<string, string>, name: string, max: number): string[] {
    const prefix = `${name}.`;
    const indexes = [...params.keys()].filter((k) => k.startsWith(prefix) && /^[0-9]+$/.test(k.slice(prefix.length)));
    if (!params.get(`${prefix}1`)) throw missing(name);
    if (indexes.length > max) throw invalid(name, `at most ${max} items`);
    const values: string[] = [];
    for (let i = 1; i <= indexes.length; i++) {
      const value = params.get(`${prefix}${i}`);
      if (value === undefined) throw invalid(name, `${prefix}1 to ${prefix}N without gaps`);
      values.push(value);
    }
    return values;
  }

  function refuseIfBusy(domain: string, caller: Caller, lang: Lang): void {
    if ((options.concurrentTasks ?? 'refuse') === 'refuse' && tasks.pendingFor(domain, caller.accessKeyId)) {
      throw domainError('TaskIsBeingProcessed', lang);
    }
  }

  function save(params: Map<string, string>, caller: Caller, requestId: string): Body {
    const lang = langOf(params);
    const domain = heldDomain(params, lang);
    refuseIfBusy(domain, caller, lang);
    const task = tasks.create(domain, caller.accessKeyId, params.get('UserClientIp') ?? '');
    return { RequestId: requestId, TaskNo: task.taskNo };
  }

  function queryDomain(params: Map<string, string>, requestId: string): Body {
    const lang = langOf(params);
    const domain = heldDomain(params, lang);
    return registry.domainBody(domain, lang, requestId);
  }

  function queryTransferOut(params: Map<string, string>, requestId: string): Body {
    const lang = langOf(params);
    const domain = heldDomain(params, lang);
    return registry.transferOutBody(domain, requestId);
  }

  function saveLock(params: Map<string, string>, caller: Caller, requestId: string): Body {
    const lang = langOf(params);
    const domain = requireParam(params, 'DomainName');
    const on = lockStatus(params);
    heldDomain(params, lang);
    refuseIfBusy(domain, caller, lang);
    const task = tasks.createLock(domain, caller.accessKeyId, on, params.get('UserClientIp') ?? '');
    return { RequestId: requestId, TaskNo: task.taskNo };
  }

  /**
   * SaveBatchTaskForTransferProhibitionLock (docs/API-ACCOUNT.md §2): one task, one row per domain.
   * Strict where the reference is silent: one bad, foreign, repeated or busy name refuses the whole call.
   */
  function saveBatchLock(params: Map<string, string>, caller: Caller, requestId: string): Body {
    const lang = langOf(params);
    const list = repeatList(params, 'DomainName', BATCH_LOCK_MAX_DOMAINS);
    const on = lockStatus(params);
    checkClientIp(params, lang);
    for (const domain of list) checkHeld(domain, lang);
    if (new Set(list).size !== list.length) throw domainError('ParameterIllegal', lang);
    for (const domain of list) refuseIfBusy(domain, caller, lang);
    return { RequestId: requestId, TaskNo: tasks.createLocks(list, caller.accessKeyId, on, params.get('UserClientIp') ?? '') };
  }

  function positiveInt(params: Map<string, string>, name: string, max?: number): number {
    const raw = requireParam(params, name);
    if (!/^[1-9][0-9]{0,9}$/.test(raw)) throw invalid(name, 'a positive integer');
    const n = Number(raw);
    if (max !== undefined && n > max) throw invalid(name, `at most ${max}`);
    return n;
  }

  function query(params: Map<string, string>, caller: Caller, requestId: string): Body {
    const lang = langOf(params);
    const taskNo = requireParam(params, 'TaskNo');
    const pageNum = positiveInt(params, 'PageNum');
    const pageSize = positiveInt(params, 'PageSize', 1000);
    const statusFilter = params.get('TaskStatus');
    if (statusFilter !== undefined && statusFilter !== '' && !/^[0-3]$/.test(statusFilter)) throw invalid('TaskStatus');
    checkClientIp(params, lang);
    const domainFilter = params.get('DomainName');
    const instanceFilter = params.get('InstanceId');

    const all = tasks
      .details(taskNo, caller.accessKeyId, lang)
      .filter((d) => !statusFilter || d.TaskStatusCode === Number(statusFilter))
      .filter((d) => !domainFilter || d.DomainName === domainFilter)
      .filter((d) => !instanceFilter || d.InstanceId === instanceFilter);
    return paged(all.map((d) => ({ ...d })), pageNum, pageSize, 'TaskDetail', requestId);
  }

  /** The paging fields the three task queries share, and one page of rows under Data.<key>. */
  function paged(all: Body[], pageNum: number, pageSize: number, key: string, requestId: string): Body {
    const totalPages = Math.ceil(all.length / pageSize);
    const page = all.slice((pageNum - 1) * pageSize, pageNum * pageSize);
    return {
      RequestId: requestId,
      TotalItemNum: all.length,
      CurrentPageNum: pageNum,
      TotalPageNum: totalPages,
      PageSize: pageSize,
      PrePage: pageNum > 1,
      NextPage: pageNum < totalPages,
      Data: { [key]: page },
    };
  }

  /**
   * A Long of ms; "only querying by day is supported", so it must be a China midnight (stricter than
   * real, which may round: the client must send days).
   */
  function dayParam(params: Map<string, string>, name: string, lang: Lang): number | undefined {
    const raw = params.get(name);
    if (raw === undefined || raw === '') return undefined;
    if (!/^[0-9]{1,15}$/.test(raw)) throw invalid(name, 'milliseconds since the epoch');
    const ms = Number(raw);
    if ((ms + CHINA_OFFSET_MS) % DAY_MS !== 0) throw domainError('ParameterIllegal', lang);
    return ms;
  }

  /** A range of days, both ends optional and included; a start after the end -> ParameterIllegal. */
  function dayRange(params: Map<string, string>, fromName: string, toName: string, lang: Lang): [number?, number?] {
    const from = dayParam(params, fromName, lang);
    const to = dayParam(params, toName, lang);
    if (from !== undefined && to !== undefined && from > to) throw domainError('ParameterIllegal', lang);
    return [from, to];
  }

  /** An optional parameter with a fixed set of values (else Invalid{Name}); undefined when absent. */
  function oneOf<T extends string>(params: Map<string, string>, name: string, values: readonly T[]): T | undefined {
    const raw = params.get(name);
    if (raw === undefined || raw === '') return undefined;
    if (!(values as readonly string[]).includes(raw)) throw invalid(name, values.join(', '));
    return raw as T;
  }

  /** QueryTaskList (doc 67709): the caller's tasks by creation day, newest first, paged. */
  function taskList(params: Map<string, string>, caller: Caller, requestId: string): Body {
    const lang = langOf(params);
    const pageNum = positiveInt(params, 'PageNum');
    // The reference gives no maximum here; the simulator applies the 1000 of its sibling actions.
    const pageSize = positiveInt(params, 'PageSize', 1000);
    const [from, to] = dayRange(params, 'BeginCreateTime', 'EndCreateTime', lang);
    checkClientIp(params, lang);
    const rows = tasks.taskList(caller.accessKeyId, lang, from, to).map((t) => ({ ...t }));
    return paged(rows, pageNum, pageSize, 'TaskInfo', requestId);
  }

  /**
   * QueryDomainList (docs/API-ACCOUNT.md §1): the configured domains in the order they were given
   * (the reference's "order the names were stored"), filtered, optionally sorted, paged. The page size
   * used is capped by `listPageSizeCap`, and the answer's PageSize says so.
   */
  function domainList(params: Map<string, string>, requestId: string): Body {
    const lang = langOf(params);
    const pageNum = positiveInt(params, 'PageNum');
    const asked = positiveInt(params, 'PageSize', DOMAIN_LIST_MAX_PAGE_SIZE);
    const pageSize = Math.min(asked, options.listPageSizeCap ?? asked);
    const [expFrom, expTo] = dayRange(params, 'StartExpirationDate', 'EndExpirationDate', lang);
    const [regFrom, regTo] = dayRange(params, 'StartRegistrationDate', 'EndRegistrationDate', lang);
    const orderKey = oneOf(params, 'OrderKeyType', ['RegistrationDate', 'ExpirationDate'] as const);
    const orderBy = oneOf(params, 'OrderByType', ['ASC', 'DESC'] as const) ?? 'DESC';
    const queryType = oneOf(params, 'QueryType', ['1', '2'] as const);
    const productType = oneOf(params, 'ProductDomainType', ['New gTLD', 'gTLD', 'ccTLD'] as const);
    checkClientIp(params, lang);
    // decision: a case-insensitive substring of the name (the reference does not say exact or partial)
    const search = (params.get('DomainName') ?? '').toLowerCase();
    const group = params.get('DomainGroupId') ?? '';
    const num = (entry: Body, key: string): number => entry[key] as number;

    let rows = Object.keys(domains)
      .filter((domain) => domain.includes(search))
      .map((domain) => registry.listEntry(domain))
      .filter((e) => inDayRange(num(e, 'ExpirationDateLong'), expFrom, expTo))
      .filter((e) => inDayRange(num(e, 'RegistrationDateLong'), regFrom, regTo))
      .filter((e) => !queryType || e.DomainStatus === queryType)
      .filter((e) => !productType || e.DomainType === productType)
      .filter((e) => !group || e.DomainGroupId === group);
    if (orderKey) {
      const key = `${orderKey}Long`;
      const sign = orderBy === 'ASC' ? 1 : -1;
      rows = rows.sort((a, b) => sign * (num(a, key) - num(b, key))); // stable: ties keep the stored order
    }
    return paged(rows, pageNum, pageSize, 'Domain', requestId);
  }

  /** PollTaskResult (doc 69361): the caller's finished tasks, filtered, paged. */
  function pollTaskResult(params: Map<string, string>, caller: Caller, requestId: string): Body {
    const lang = langOf(params);
    const pageNum = positiveInt(params, 'PageNum');
    const pageSize = positiveInt(params, 'PageSize', 1000);
    const result = params.get('TaskResultStatus');
    if (result !== undefined && result !== '' && result !== '2' && result !== '3') throw invalid('TaskResultStatus', '2 or 3');
    checkClientIp(params, lang);
    const taskNo = params.get('TaskNo');
    const domain = params.get('DomainName');
    const instance = params.get('InstanceId');
    const all = tasks
      .finished(caller.accessKeyId, lang)
      .filter((d) => !result || d.TaskStatusCode === Number(result))
      .filter((d) => !taskNo || d.TaskNo === taskNo)
      .filter((d) => !domain || d.DomainName === domain)
      .filter((d) => !instance || d.InstanceId === instance);
    return paged(all.map((d) => ({ ...d })), pageNum, pageSize, 'TaskDetail', requestId);
  }

  function checkPermission(action: string, params: Map<string, string>): void {
    const ram = RAM[action];
    if (!ram || permissions[ram.permission]) return;
    const resource = ram.domainParam ? `acs:domain:*:*:domain/${params.get(ram.domainParam) || '*'}` : 'acs:domain:*:*:*';
    throw commonErrors.forbiddenRam(ram.action, resource);
  }

  /** Gateway order: request shape, API lookup, authentication, RAM, then the action's own checks. */
  function processRequest(req: ParsedRequest, requestId: string): Body {
    if (req.path !== '/') throw commonErrors.apiNotFound();
    if (req.method !== 'GET' && req.method !== 'POST') throw commonErrors.unsupportedMethod();
    if (req.parseError !== undefined) throw commonErrors.malformedRequest(req.parseError);
    const p = req.params;
    const format = p.get('Format');
    if (format !== undefined && format !== 'JSON' && format !== 'XML') throw commonErrors.invalidFormat();
    const version = requireParam(p, 'Version');
    if (version !== API_VERSION) throw commonErrors.invalidVersion();
    const action = requireParam(p, 'Action');
    if (!Object.hasOwn(RAM, action)) throw commonErrors.apiNotFound();
    const caller = authenticate(req);
    checkPermission(action, p);
    switch (action) {
      case SAVE_ACTION:
        return save(p, caller, requestId);
      case QUERY_DOMAIN_ACTION:
        return queryDomain(p, requestId);
      case TRANSFER_OUT_ACTION:
        return queryTransferOut(p, requestId);
      case LOCK_ACTION:
        return saveLock(p, caller, requestId);
      case TASK_LIST_ACTION:
        return taskList(p, caller, requestId);
      case POLL_ACTION:
        return pollTaskResult(p, caller, requestId);
      case LIST_DOMAINS_ACTION:
        return domainList(p, requestId);
      case BATCH_LOCK_ACTION:
        return saveBatchLock(p, caller, requestId);
      default:
        return query(p, caller, requestId);
    }
  }

  // ---- HTTP plumbing ------------------------------------------------------------------------

  function readBody(req: http.IncomingMessage): Promise<Buffer | undefined> {
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      });
      req.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
      req.on('error', () => resolve(undefined));
    });
  }

  async function parseRequest(req: http.IncomingMessage): Promise<ParsedRequest> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const parsed: ParsedRequest = { method, path: q === -1 ? url : url.slice(0, q), params: new Map() };
    const body = await readBody(req);
    try {
      if (body === undefined) throw new ParamParseError('request body too large or unreadable');
      const rawQuery = q === -1 ? '' : url.slice(q + 1);
      // A request line carries only printable ASCII; anything else was not percent-encoded.
      if (/[^\x21-\x7e]/.test(rawQuery)) throw new ParamParseError('the query string has characters that must be percent-encoded');
      parseForm(rawQuery, parsed.params);
      // Only a form body carries parameters; JSON or untyped bodies are ignored like the gateway does.
      const type = (req.headers['content-type'] ?? '').toLowerCase();
      if (method === 'POST' && type.split(';')[0]?.trim() === 'application/x-www-form-urlencoded') {
        parseForm(strictUtf8.decode(body), parsed.params);
      }
    } catch (e) {
      parsed.parseError = e instanceof Error ? e.message : String(e);
    }
    return parsed;
  }

  function send(
    res: http.ServerResponse,
    status: number,
    format: ResponseFormat,
    root: string,
    body: Body,
    requestId: string,
  ): void {
    const { contentType, text } = renderBody(format, root, body);
    res.writeHead(status, {
      Date: new Date(serverNow()).toUTCString(),
      'Content-Type': contentType,
      'Content-Length': Buffer.byteLength(text),
      'x-acs-request-id': requestId,
    });
    res.end(text);
  }

  function errorBody(err: ApiError, requestId: string): Body {
    return {
      RequestId: requestId,
      HostId: HOST_ID,
      Code: err.code,
      Message: err.message,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(err.code)}&product=Domain&requestId=${requestId}`,
      ...err.extra,
    };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const parsed = await parseRequest(req);
    const action = parsed.params.get('Action') ?? '';
    const requestId = newRequestId();
    // Errors follow the requested Format; without a valid Format=JSON the gateway's default, XML.
    const format: ResponseFormat = parsed.params.get('Format') === 'JSON' ? 'JSON' : 'XML';
    const record = (status: number, code?: string): void => {
      calls.push({
        at: now(),
        action,
        params: toRecord(parsed.params),
        method: parsed.method,
        status,
        ...(code !== undefined ? { code } : {}),
      });
    };
    const fail = (err: ApiError): void => {
      record(err.status, err.code);
      send(res, err.status, format, 'Error', errorBody(err, requestId), requestId);
    };

    // An outage comes before everything: nothing of the API answers.
    if (outage !== null) {
      record(0);
      if (outage === 'drop') {
        req.socket.destroy();
      } else {
        held.add(req.socket);
        req.socket.once('close', () => held.delete(req.socket));
      }
      return;
    }

    if (!flowControl.allow(parsed.params.get('AccessKeyId') ?? '', now())) {
      throttled++;
      return fail(faultError('Throttling.User'));
    }

    const fault = faults.take(action);
    if (fault?.kind === 'drop') {
      record(0);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'http5xx') return fail(serverError(fault.httpStatus ?? 503));
    if (fault?.kind === 'error') return fail(faultError(fault.code, fault.httpStatus, fault.message));
    if (fault?.kind === 'delay') await new Promise((r) => setTimeout(r, fault.ms));
    if (fault?.kind === 'lost-answer') {
      // The server acts (a Save makes its task) but its answer never reaches the client.
      try {
        processRequest(parsed, requestId);
      } catch {
        // an error answer is lost the same way
      }
      record(0);
      req.socket.destroy();
      return;
    }

    try {
      const body = processRequest(parsed, requestId);
      record(200);
      send(res, 200, format, `${action}Response`, body, requestId);
    } catch (e) {
      if (e instanceof ApiError) return fail(e);
      fail(new ApiError(500, 'InternalError', `Simulator bug: ${e instanceof Error ? e.message : String(e)}`));
    }
  }

  const listener = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    handle(req, res).catch(() => res.destroy());
  };

  const cert = await makeServerCert(now());
  const httpServer = http.createServer(listener);
  const httpsServer = https.createServer({ key: cert.keyPem, cert: cert.certPem }, listener);
  const listen = (server: http.Server, port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const httpPort = await listen(httpServer, options.httpPort ?? 0);
  let httpsPort: number;
  try {
    httpsPort = await listen(httpsServer, options.httpsPort ?? 0);
  } catch (e) {
    httpServer.close();
    throw e;
  }

  const closeServer = (server: http.Server): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // keep-alive sockets of SDK agents would hold close() open
    });

  return {
    httpUrl: `http://127.0.0.1:${httpPort}/`,
    httpsUrl: `https://127.0.0.1:${httpsPort}/`,
    httpPort,
    httpsPort,
    certPem: cert.certPem,
    spkiSha256: cert.spkiSha256,
    calls,
    callsTo: (action: string) => calls.filter((c) => c.action === action),
    injectFault: (f: Fault) => faults.add(f),
    get throttled() {
      return throttled;
    },
    setClockSkew: (ms: number) => {
      skew = ms;
    },
    setOutage: (mode: OutageMode) => {
      outage = mode;
      if (mode === 'hang') return;
      for (const socket of held) socket.destroy();
      held.clear();
    },
    tasks: () => tasks.summaries(),
    completeTask: (taskNo: string) => tasks.complete(taskNo),
    domainState: (domain: string) => registry.state(domain),
    close: async () => {
      for (const socket of held) socket.destroy();
      held.clear();
      await Promise.all([closeServer(httpServer), closeServer(httpsServer)]);
    },
  };
}
