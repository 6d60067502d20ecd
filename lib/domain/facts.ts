// Reading the readiness answers (QueryDomainByDomainName, QueryTransferOutInfo), tolerant of the
// variants the API answers with. The background passes these answers to the readiness page as they
// came; the page reads them here, so the parsing stays out of the service worker's bundle.
import type { DomainAnswers } from '../protocol';
import { isRecord, textOf } from '../values';

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

/** The worker's answers as the page reads them. */
export interface DomainFacts {
  ok: true;
  info: DomainInfo;
  transferOut?: TransferOutInfo;
  transferOutError?: { code: string; message: string };
  checkedAt: number;
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
export function msOf(v: unknown): number | undefined {
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

/** The background's answers read as the page reads them; `domain` is the name that was asked about. */
export function readFacts(answers: DomainAnswers, domain: string): DomainFacts {
  const { domainAnswer, transferOutAnswer, ...rest } = answers;
  return {
    ...rest,
    info: parseDomainInfo(domainAnswer, domain),
    ...(transferOutAnswer !== undefined ? { transferOut: parseTransferOut(transferOutAnswer) } : {}),
  };
}
