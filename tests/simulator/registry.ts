// What the simulated account holds about each domain: registration and expiration dates, the
// transfer prohibition lock, the status, a transfer-out. It answers QueryDomainByDomainName,
// QueryDomainList's entries and QueryTransferOutInfo, and says when a transfer-code task must fail. Like tasks.ts it keeps no timers: the lock a finished lock task set and the
// status that follows from the expiration date are derived from the clock at each query.

import type { Lang } from './errors.ts';
import type { Body } from './render.ts';
import { formatChinaTime, formatListTime, instanceIdFor, type LocalText, type TaskStore } from './tasks.ts';
import type { DomainSetup, DomainState, TransferOutSetup } from './types.ts';

const DAY_MS = 86_400_000;
/** After expiry, the renewal grace period (DomainStatus "1") before redemption ("2"). */
export const RENEW_GRACE_DAYS = 30;
/** A transfer code obtained in the console is valid for 15 days (the reference's example dates). */
export const CODE_VALID_DAYS = 15;
/** Alibaba's transfer-out rules: no transfer within 60 days of registration (docs/API-ACCOUNT.md, X-out). */
export const MIN_TRANSFER_AGE_DAYS = 60;

/**
 * ErrorMsg / FailReason of a transfer-code task refused by the transfer-out rules. The reference lists
 * no such texts: these are the simulator's own, in its two answer languages.
 */
export const CODE_BLOCKS = {
  locked: { en: 'The domain name is in the transfer prohibition state.', zh: '域名处于禁止转移锁定状态。' },
  tooNew: {
    en: `The domain name was registered less than ${MIN_TRANSFER_AGE_DAYS} days ago and cannot be transferred out yet.`,
    zh: `域名注册未满${MIN_TRANSFER_AGE_DAYS}天，暂不能转出。`,
  },
} as const satisfies Record<string, LocalText>;

const seconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

interface Held {
  registeredAt: number;
  expiresAt: number;
  transferLock: boolean;
  status?: string;
  clientHold: boolean;
  transferOut?: TransferOutSetup;
}

export class DomainRegistry {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly domains: Record<string, DomainSetup>,
    private readonly tasks: TaskStore,
    /** real clock: expiry and status follow it (like the task life cycle) */
    private readonly now: () => number,
    /** when the simulator started: the default dates are relative to it */
    private readonly startedAt: number,
  ) {}

  /** The domain's fixed data, made once from its setup (or the defaults) and then kept. */
  private base(domain: string): Held {
    let h = this.held.get(domain);
    if (!h) {
      const setup = this.domains[domain] ?? {};
      h = {
        registeredAt: seconds(setup.registeredAt ?? this.startedAt - 2 * 365 * DAY_MS),
        expiresAt: seconds(setup.expiresAt ?? this.startedAt + 365 * DAY_MS),
        transferLock: setup.transferLock ?? false,
        clientHold: setup.clientHold ?? false,
        ...(setup.status !== undefined ? { status: setup.status } : {}),
        ...(setup.transferOut !== undefined ? { transferOut: setup.transferOut } : {}),
      };
      this.held.set(domain, h);
    }
    return h;
  }

  /** The transfer lock at `at`: the latest lock task ended by then, else the setup. */
  private lockAt(domain: string, at: number): boolean {
    return this.tasks.lockSetBy(domain, at) ?? this.base(domain).transferLock;
  }

  /**
   * Why a transfer-code task of `domain` ending at `at` fails, if it does: the transfer lock on at that
   * moment, or fewer than 60 days since registration (Alibaba's transfer-out rules).
   */
  codeBlock(domain: string, at: number): LocalText | undefined {
    if (this.lockAt(domain, at)) return CODE_BLOCKS.locked;
    if (at - this.base(domain).registeredAt < MIN_TRANSFER_AGE_DAYS * DAY_MS) return CODE_BLOCKS.tooNew;
    return undefined;
  }

  state(domain: string): DomainState {
    const h = this.base(domain);
    return {
      registeredAt: h.registeredAt,
      expiresAt: h.expiresAt,
      transferLock: this.lockAt(domain, this.now()),
      status: h.status ?? this.derivedStatus(h.expiresAt),
      transferOutStatus: h.transferOut?.status === 4 ? 'PENDING' : 'NORMAL',
    };
  }

  /** "3" normal until expiry, "1" renewal required during the grace period, then "2" redemption. */
  private derivedStatus(expiresAt: number): string {
    const t = this.now();
    if (t < expiresAt) return '3';
    return t < expiresAt + RENEW_GRACE_DAYS * DAY_MS ? '1' : '2';
  }

  /** The expiry fields both QueryDomainByDomainName and QueryDomainList answer, from the same state. */
  private expiry(s: DomainState): Body {
    const t = this.now();
    return {
      ExpirationDateLong: s.expiresAt,
      ExpirationDateStatus: t >= s.expiresAt ? '2' : '1',
      // decision: days from now to the expiry (the reference gives no sign), negative once expired
      ExpirationCurrDateDiff: Math.floor((s.expiresAt - t) / DAY_MS),
      DomainStatus: s.status,
    };
  }

  /** The body of QueryDomainByDomainName (field names from the 2018-01-29 reference and SDK model). */
  domainBody(domain: string, lang: Lang, requestId: string): Body {
    const s = this.state(domain);
    const h = this.base(domain);
    return {
      RequestId: requestId,
      DomainName: domain,
      InstanceId: instanceIdFor(domain),
      UserId: '1210000000000000',
      RegistrationDate: formatChinaTime(s.registeredAt),
      RegistrationDateLong: s.registeredAt,
      ExpirationDate: formatChinaTime(s.expiresAt),
      ...this.expiry(s),
      DomainType: domainType(domain),
      TransferOutStatus: s.transferOutStatus,
      TransferProhibitionLock: s.transferLock ? 'OPEN' : 'CLOSE',
      UpdateProhibitionLock: 'CLOSE',
      RealNameStatus: 'SUCCEED',
      DomainNameVerificationStatus: 'SUCCEED',
      RegistrantType: '1',
      RegistrantName: 'Simulated Registrant',
      RegistrantOrganization: 'Simulated Registrant',
      ZhRegistrantName: lang === 'zh' ? '模拟注册人' : 'Simulated Registrant',
      ZhRegistrantOrganization: lang === 'zh' ? '模拟注册人' : 'Simulated Registrant',
      RegistrantUpdatingStatus: 'NORMAL',
      Email: emailOf(domain),
      EmailVerificationStatus: h.clientHold ? 0 : 1,
      EmailVerificationClientHold: h.clientHold,
      DomainNameProxyService: false,
      Premium: false,
      DnsList: { Dns: ['dns1.hichina.com', 'dns2.hichina.com'] },
    };
  }

  /**
   * One entry of QueryDomainList's Data.Domain (docs/API-ACCOUNT.md §1): the same dates and status as
   * QueryDomainByDomainName, dates as "Nov 02,2019 04:00:45" (China time, like the reference's
   * example). No transfer-lock field: the reference has none.
   */
  listEntry(domain: string): Body {
    const s = this.state(domain);
    return {
      DomainName: domain,
      InstanceId: instanceIdFor(domain),
      ExpirationDate: formatListTime(s.expiresAt, true),
      ...this.expiry(s),
      RegistrationDate: formatListTime(s.registeredAt, true),
      RegistrationDateLong: s.registeredAt,
      DomainAuditStatus: 'SUCCEED', // real-name verification done, as RealNameStatus says
      DomainType: domainType(domain),
      Premium: false,
      ProductId: '2', // made up: the reference does not list product ids
      RegistrantType: '1',
      // not in any group, no note (the simulator has no groups)
      DomainGroupId: '',
      DomainGroupName: '',
      Remark: '',
    };
  }

  /**
   * The body of QueryTransferOutInfo. A configured transfer-out wins; otherwise a finished "query
   * transfer code" task shows as Status 3 (code obtained, valid 15 days); with neither, the answer
   * carries only RequestId (the reference does not say what it answers then: see README.md).
   */
  transferOutBody(domain: string, requestId: string): Body {
    const h = this.base(domain);
    const out = h.transferOut;
    const email = emailOf(domain);
    if (out) {
      const at = seconds(out.at ?? this.startedAt - DAY_MS);
      const sent = at - DAY_MS;
      return {
        RequestId: requestId,
        Status: out.status,
        Email: email,
        ...(out.status >= 3
          ? {
              TransferAuthorizationCodeSendDate: formatChinaTime(sent),
              ExpirationDate: formatChinaTime(sent + CODE_VALID_DAYS * DAY_MS),
            }
          : {}),
        ...(out.status >= 4 ? { PendingRequestDate: formatChinaTime(at) } : {}),
        ...(out.status === 8
          ? { ResultCode: out.resultCode ?? 'clientRejected', ResultMsg: out.resultMsg ?? 'Transfer out rejected' }
          : {}),
      };
    }
    const sentAt = this.tasks.codeSentAt(domain);
    if (sentAt !== undefined) {
      return {
        RequestId: requestId,
        Status: 3,
        Email: email,
        TransferAuthorizationCodeSendDate: formatChinaTime(sentAt),
        ExpirationDate: formatChinaTime(sentAt + CODE_VALID_DAYS * DAY_MS),
      };
    }
    return { RequestId: requestId };
  }
}

function domainType(domain: string): string {
  return /\.([a-z]{2}|中国|香港|台湾)$/.test(domain) ? 'ccTLD' : 'gTLD';
}

function emailOf(domain: string): string {
  return `owner@${domain}`;
}
