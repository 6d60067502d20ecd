// Self-signed certificate for the HTTPS listener, made fresh at every start (no key on disk).
// It names the real endpoints so a browser started with host-resolver rules can be pointed at
// the simulator under the production host names.

import { X509Certificate, createHash } from 'node:crypto';
import { generate } from 'selfsigned';

export interface ServerCert {
  certPem: string;
  keyPem: string;
  /** base64 SHA-256 of the SubjectPublicKeyInfo, for Chromium's --ignore-certificate-errors-spki-list */
  spkiSha256: string;
}

export async function makeServerCert(now: number): Promise<ServerCert> {
  const pems = await generate([{ name: 'commonName', value: 'domain.aliyuncs.com' }], {
    keyType: 'ec', // P-256: generated in milliseconds, accepted by Node and Chromium
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 24 * 3600_000), // tolerate a client clock a little behind
    notAfterDate: new Date(now + 30 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'domain.aliyuncs.com' },
          { type: 2, value: 'domain-intl.aliyuncs.com' },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  const spki = new X509Certificate(pems.cert).publicKey.export({ type: 'spki', format: 'der' });
  return {
    certPem: pems.cert,
    keyPem: pems.private,
    spkiSha256: createHash('sha256').update(spki).digest('base64'),
  };
}
