// The Domain API actions this extension needs, typed, with tolerant parsing of their answers:
// the transfer code (Save + QueryTaskDetailList) and, for transfer readiness, the domain's
// registration data, its transfer-out state and the transfer prohibition lock.
import { callRpc, type ClientOptions, type Credentials } from '../aliyun/client';

export type Site = 'cn' | 'intl';
export type ApiLang = 'en' | 'zh';

export const API_VERSION = '2018-01-29';
export const ENDPOINTS: Record<Site, string> = {
  cn: 'https://domain.aliyuncs.com/',
  intl: 'https://domain-intl.aliyuncs.com/',
};

export type TaskStatus = 'waiting' | 'running' | 'success' | 'failure';

/** One task, normalized from the variants the API answers with. */
export interface TaskState {
  status: TaskStatus;
  /** The transfer code, verbatim, when status is success. */
  code?: string;
  /** The API's ErrorMsg / FailReason, when status is failure. */
  error?: string;
}

/** QueryDomainByDomainName, normalized. Every field but `domain` may be missing from an answer. */
export interface DomainInfo {
  domain: string;
  /** ms since the epoch */
  registeredAt?: number;
  expiresAt?: number;
  /** TransferProhibitionLock: OPEN -> true; CLOSE or NONE_SETTING -> false */
  transferLock?: boolean;
  /** DomainStatus verbatim: "1" renewal required, "2" redemption required, "3" normal (EPP-style words tolerated) */
  status?: string;
  /** TransferOutStatus verbatim: NORMAL, or PENDING while a transfer-out is under way */
  transferOutStatus?: string;
  /** EmailVerificationClientHold: the registry holds the domain (clientHold) until the email is verified */
  clientHold?: boolean;
}

/** QueryTransferOutInfo, normalized. An empty object: no transfer-out on record. */
export interface TransferOutInfo {
  /** 1 verify phone, 2 verify email, 3 code obtained, 4 pending at the registry, 5 succeeded, 8 failed */
  status?: number;
  email?: string;
  /** TransferAuthorizationCodeSendDate */
  codeSentAt?: number;
  /** ExpirationDate: when the obtained code expires */
  codeExpiresAt?: number;
  /** PendingRequestDate: when the registry's transfer request arrived */
  pendingRequestAt?: number;
  /** ResultCode / ResultMsg of a failed transfer-out */
  resultCode?: string;
  resultMessage?: string;
}

export interface DomainApi {
  /** SaveSingleTaskForQueryingTransferAuthorizationCode: returns the TaskNo. */
  requestTransferCode(domain: string, lang: ApiLang): Promise<string>;
  /** QueryTaskDetailList for one TaskNo. */
  queryTask(taskNo: string, lang: ApiLang): Promise<TaskState>;
  /** QueryDomainByDomainName. */
  queryDomain(domain: string, lang: ApiLang): Promise<DomainInfo>;
  /** QueryTransferOutInfo. */
  queryTransferOut(domain: string, lang: ApiLang): Promise<TransferOutInfo>;
  /** SaveSingleTaskForTransferProhibitionLock (Status true = lock on): returns the TaskNo. */
  setTransferLock(domain: string, on: boolean, lang: ApiLang): Promise<string>;
}

export interface DomainApiConfig extends ClientOptions {
  credentials: Credentials;
  site: Site;
  /** Overrides the site's endpoint (tests point it at the simulator). */
  endpoint?: string;
}

export function createDomainApi(config: DomainApiConfig): DomainApi {
  const { credentials, site, endpoint, ...clientOptions } = config;
  const call = <T>(action: string, params: Record<string, string>) =>
    callRpc<T>({ endpoint: endpoint ?? ENDPOINTS[site], version: API_VERSION, action, params }, credentials, clientOptions);

  return {
    async requestTransferCode(domain, lang) {
      const body = await call<Record<string, unknown>>('SaveSingleTaskForQueryingTransferAuthorizationCode', {
        DomainName: domain,
        Lang: lang,
      });
      const taskNo = textOf(body.TaskNo);
      if (!taskNo) throw new TypeError('The answer to SaveSingleTaskForQueryingTransferAuthorizationCode has no TaskNo');
      return taskNo;
    },
    async queryTask(taskNo, lang) {
      const body = await call<unknown>('QueryTaskDetailList', {
        TaskNo: taskNo,
        PageNum: '1',
        PageSize: '10',
        Lang: lang,
      });
      return parseTaskDetails(body, taskNo);
    },
    async queryDomain(domain, lang) {
      const body = await call<unknown>('QueryDomainByDomainName', { DomainName: domain, Lang: lang });
      return parseDomainInfo(body, domain);
    },
    async queryTransferOut(domain, lang) {
      const body = await call<unknown>('QueryTransferOutInfo', { DomainName: domain, Lang: lang });
      return parseTransferOut(body);
    },
    async setTransferLock(domain, on, lang) {
      const body = await call<Record<string, unknown>>('SaveSingleTaskForTransferProhibitionLock', {
        DomainName: domain,
        Status: on ? 'true' : 'false',
        Lang: lang,
      });
      const taskNo = textOf(body.TaskNo);
      if (!taskNo) throw new TypeError('The answer to SaveSingleTaskForTransferProhibitionLock has no TaskNo');
      return taskNo;
    },
  };
}

function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const STATUS_BY_CODE: Record<string, TaskStatus> = { '0': 'waiting', '1': 'running', '2': 'success', '3': 'failure' };
const STATUS_BY_NAME: Record<string, TaskStatus> = {
  WAITING_EXECUTE: 'waiting',
  EXECUTING: 'running',
  EXECUTE_SUCCESS: 'success',
  EXECUTE_FAILURE: 'failure',
};

/** The TaskStatusCode wins over the TaskStatus name; anything unrecognised counts as still waiting. */
function statusOf(detail: Record<string, unknown>): TaskStatus {
  const byCode = STATUS_BY_CODE[textOf(detail.TaskStatusCode) ?? ''];
  const byName = STATUS_BY_NAME[(textOf(detail.TaskStatus) ?? '').toUpperCase()];
  return byCode ?? byName ?? 'waiting';
}

/**
 * Reads QueryTaskDetailList's answer. Tolerates Data.TaskDetail as an array or a single object,
 * TaskResult as a string or a number, and an empty list while the new task is not yet visible
 * (reported as waiting).
 */
export function parseTaskDetails(body: unknown, taskNo: string): TaskState {
  const data = isRecord(body) ? body.Data : undefined;
  const raw = isRecord(data) ? data.TaskDetail : undefined;
  const details = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(isRecord);
  const detail = details.find((d) => textOf(d.TaskNo) === taskNo) ?? details[0];
  if (!detail) return { status: 'waiting' };

  const status = statusOf(detail);
  if (status === 'success') {
    const code = textOf(detail.TaskResult);
    if (code === undefined || code === '') {
      return { status: 'failure', error: 'The task succeeded but returned no transfer code.' };
    }
    return { status, code };
  }
  if (status === 'failure') {
    const error = textOf(detail.ErrorMsg) || textOf(detail.FailReason) || 'The task failed without a reason.';
    return { status, error };
  }
  return { status };
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** "2017-12-07 17:02:13" (or "2017-12-07", or with a "T") in China time (UTC+8) -> ms; undefined if not such a date. */
export function parseChinaTime(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(v);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  if (new Date(utc).getUTCDate() !== d) return undefined; // e.g. 2021-02-30
  return utc - CHINA_OFFSET_MS;
}

/** A timestamp in ms given as a number or a numeric string; 0 and negatives count as missing. */
function msOf(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** The *Long field if usable, else the date string read as China time. */
function dateOf(long: unknown, text: unknown): number | undefined {
  return msOf(long) ?? parseChinaTime(text);
}

function boolOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
  return undefined;
}

function lockOf(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v.trim().toUpperCase() : '';
  if (s === 'OPEN' || s === 'TRUE') return true;
  if (s === 'CLOSE' || s === 'CLOSED' || s === 'NONE_SETTING' || s === 'FALSE') return false;
  return undefined;
}

/** Reads QueryDomainByDomainName's answer; `domain` is what was asked, used when the answer omits it. */
export function parseDomainInfo(body: unknown, domain: string): DomainInfo {
  const b = isRecord(body) ? body : {};
  const info: DomainInfo = { domain: textOf(b.DomainName) || domain };
  const registeredAt = dateOf(b.RegistrationDateLong, b.RegistrationDate);
  const expiresAt = dateOf(b.ExpirationDateLong, b.ExpirationDate);
  const transferLock = lockOf(b.TransferProhibitionLock);
  const status = textOf(b.DomainStatus)?.trim();
  const transferOutStatus = textOf(b.TransferOutStatus)?.trim();
  const clientHold = boolOf(b.EmailVerificationClientHold);
  if (registeredAt !== undefined) info.registeredAt = registeredAt;
  if (expiresAt !== undefined) info.expiresAt = expiresAt;
  if (transferLock !== undefined) info.transferLock = transferLock;
  if (status) info.status = status;
  if (transferOutStatus) info.transferOutStatus = transferOutStatus;
  if (clientHold !== undefined) info.clientHold = clientHold;
  return info;
}

/** Reads QueryTransferOutInfo's answer; Status may be a number or a numeric string. */
export function parseTransferOut(body: unknown): TransferOutInfo {
  const b = isRecord(body) ? body : {};
  const out: TransferOutInfo = {};
  const status = Number(textOf(b.Status) ?? NaN);
  if (Number.isInteger(status) && status > 0) out.status = status;
  const email = textOf(b.Email);
  if (email) out.email = email;
  const codeSentAt = parseChinaTime(b.TransferAuthorizationCodeSendDate);
  if (codeSentAt !== undefined) out.codeSentAt = codeSentAt;
  const codeExpiresAt = parseChinaTime(b.ExpirationDate);
  if (codeExpiresAt !== undefined) out.codeExpiresAt = codeExpiresAt;
  const pendingRequestAt = parseChinaTime(b.PendingRequestDate);
  if (pendingRequestAt !== undefined) out.pendingRequestAt = pendingRequestAt;
  const resultCode = textOf(b.ResultCode);
  if (resultCode) out.resultCode = resultCode;
  const resultMessage = textOf(b.ResultMsg);
  if (resultMessage) out.resultMessage = resultMessage;
  return out;
}
