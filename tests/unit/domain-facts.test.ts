import { describe, expect, it } from 'vitest';
import { parseChinaTime, parseDomainInfo, parseTransferOut } from '../../lib/domain/facts';

/** 2017-12-07 17:02:13 China time = 09:02:13 UTC */
const REG = Date.UTC(2017, 11, 7, 9, 2, 13);

describe('parseChinaTime', () => {
  it.each([
    ['2017-12-07 17:02:13', REG],
    ['2017-12-07T17:02:13', REG],
    ['2017-12-07 17:02', REG - 13_000],
    ['2017-12-07', Date.UTC(2017, 11, 6, 16, 0, 0)],
    ['2018-01-01 00:00:00', Date.UTC(2017, 11, 31, 16, 0, 0)],
    ['2021-02-30 00:00:00', undefined],
    ['2021-13-01', undefined],
    ['07/12/2017', undefined],
    ['', undefined],
    [1584675448000, undefined],
    [undefined, undefined],
  ])('%s', (input, expected) => {
    expect(parseChinaTime(input)).toBe(expected);
  });
});

describe('parseDomainInfo tolerates the variants', () => {
  const base = { DomainName: 'example.com', RequestId: 'R' };
  it.each([
    ['Long fields as numbers win over the strings', { RegistrationDateLong: 1584675448000, RegistrationDate: '2017-12-07 17:02:13', ExpirationDateLong: 1625111915000 }, { registeredAt: 1584675448000, expiresAt: 1625111915000 }],
    ['Long fields as strings', { RegistrationDateLong: '1584675448000', ExpirationDateLong: ' 1625111915000 ' }, { registeredAt: 1584675448000, expiresAt: 1625111915000 }],
    ['Long missing: the date strings as China time', { RegistrationDate: '2017-12-07 17:02:13', ExpirationDate: '2019-12-07 17:02:13' }, { registeredAt: REG, expiresAt: Date.UTC(2019, 11, 7, 9, 2, 13) }],
    ['Long 0 or garbage: the date strings', { RegistrationDateLong: 0, RegistrationDate: '2017-12-07 17:02:13', ExpirationDateLong: 'soon' }, { registeredAt: REG }],
    ['lock OPEN', { TransferProhibitionLock: 'OPEN' }, { transferLock: true }],
    ['lock CLOSE', { TransferProhibitionLock: 'CLOSE' }, { transferLock: false }],
    ['lock NONE_SETTING means off', { TransferProhibitionLock: 'NONE_SETTING' }, { transferLock: false }],
    ['lock as a boolean', { TransferProhibitionLock: true }, { transferLock: true }],
    ['lock unrecognised', { TransferProhibitionLock: 'MAYBE' }, {}],
    ['status, transfer-out status and clientHold', { DomainStatus: 3, TransferOutStatus: 'PENDING', EmailVerificationClientHold: 'true' }, { status: '3', transferOutStatus: 'PENDING', clientHold: true }],
  ])('%s', (_name, fields, expected) => {
    expect(parseDomainInfo({ ...base, ...fields }, 'example.com')).toEqual({ domain: 'example.com', ...expected });
  });

  it('falls back to the name asked when the answer has none, and survives garbage', () => {
    expect(parseDomainInfo('not json', '中文.中国')).toEqual({ domain: '中文.中国' });
    expect(parseDomainInfo(null, 'example.com')).toEqual({ domain: 'example.com' });
  });
});

describe('parseTransferOut', () => {
  it('reads every documented field', () => {
    expect(
      parseTransferOut({
        Status: 8,
        Email: 'username@example.com',
        TransferAuthorizationCodeSendDate: '2018-03-29 19:57:56',
        ExpirationDate: '2018-04-13 19:57:56',
        PendingRequestDate: '2018-04-13 19:57:56',
        ResultCode: 'clientRejected',
        ResultMsg: 'Transfer out rejected',
        RequestId: 'BBEC5A50-DFDF-482E-8343-B4EB0105E055',
      }),
    ).toEqual({
      status: 8,
      email: 'username@example.com',
      codeSentAt: Date.UTC(2018, 2, 29, 11, 57, 56),
      codeExpiresAt: Date.UTC(2018, 3, 13, 11, 57, 56),
      pendingRequestAt: Date.UTC(2018, 3, 13, 11, 57, 56),
      resultCode: 'clientRejected',
      resultMessage: 'Transfer out rejected',
    });
  });

  it('Status as a string; only RequestId (no transfer-out) gives an empty object', () => {
    expect(parseTransferOut({ Status: '4', RequestId: 'R' })).toEqual({ status: 4 });
    expect(parseTransferOut({ RequestId: 'R' })).toEqual({});
    expect(parseTransferOut({ Status: 'x', ResultCode: '' })).toEqual({});
  });
});
