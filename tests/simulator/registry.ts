// What the simulated account holds about each domain: registration and expiration dates, the
// transfer prohibition lock, the status, a transfer-out. It answers QueryDomainByDomainName and
// QueryTransferOutInfo. Like tasks.ts it keeps no timers: the lock a finished lock task set and the
// status that follows from the expiration date are derived from the clock at each query.

import type { Lang } from './errors.ts';
import type { Body } from './render.ts';
import { formatChinaTime, instanceIdFor, type TaskStore } from './tasks.ts';
import type { DomainSetup, DomainState, TransferOutSetup } from './types.ts';

const DAY_MS = 86_400_000;
/** After expiry, the renewal grace period (DomainStatus "1") before redemption ("2"). */
export const RENEW_GRACE_DAYS = 30;
/** A transfer code obtained in the console is valid for 15 days (the reference's example dates). */
export const CODE_VALID_DAYS = 15;

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

  state(domain: string): DomainState {
    const h = this.base(domain);
    const lock = this.tasks.lockSetBy(domain);
    return {
      registeredAt: h.registeredAt,
      expiresAt: h.expiresAt,
      transferLock: lock ?? h.transferLock,
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

  /** The body of QueryDomainByDomainName (field names from the 2018-01-29 reference and SDK model). */
  domainBody(domain: string, lang: Lang, requestId: string): Body {
    const s = this.state(domain);
    const h = this.base(domain);
    const t = this.now();
    const expired = t >= s.expiresAt;
    return {
      RequestId: requestId,
      DomainName: domain,
      InstanceId: instanceIdFor(domain),
      UserId: '1210000000000000',
      RegistrationDate: formatChinaTime(s.registeredAt),
      RegistrationDateLong: s.registeredAt,
      ExpirationDate: formatChinaTime(s.expiresAt),
      ExpirationDateLong: s.expiresAt,
      ExpirationDateStatus: expired ? '2' : '1',
      ExpirationCurrDateDiff: Math.floor((s.expiresAt - t) / DAY_MS),
      DomainStatus: s.status,
      DomainType: /\.([a-z]{2}|中国|香港|台湾)$/.test(domain) ? 'ccTLD' : 'gTLD',
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

function emailOf(domain: string): string {
  return `owner@${domain}`;
}
