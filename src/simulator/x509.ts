// A minimal DER writer that produces one self-signed X.509 v3 certificate (RSA, SHA-256), used as
// the simulated digital-post encryption certificate (node:crypto can parse but not create these);
// and a test CA issuing business certificates (PEM and PKCS#12) for certificate grants.
import { generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const nullValue = (): Buffer => Buffer.from([0x05, 0x00]);
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, 'utf8'));
const printable = (text: string): Buffer => tlv(0x13, Buffer.from(text, 'ascii'));
const bitString = (bytes: Buffer): Buffer => tlv(0x03, Buffer.concat([Buffer.from([0]), bytes]));

function unsignedInteger(bytes: Buffer): Buffer {
  // DER integers are signed: prefix a zero byte when the high bit is set.
  const first = bytes[0] ?? 0;
  return tlv(0x02, first >= 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const encoded = [part & 0x7f];
    for (let v = Math.floor(part / 128); v > 0; v = Math.floor(v / 128))
      encoded.unshift(0x80 | (v & 0x7f));
    bytes.push(...encoded);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function time(date: Date): Buffer {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
  return date.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function name(commonName: string): Buffer {
  const attribute = (type: string, value: Buffer): Buffer => set(sequence(oid(type), value));
  return sequence(
    attribute('2.5.4.6', printable('NO')),
    attribute('2.5.4.10', utf8('Register simulator (synthetic test data)')),
    attribute('2.5.4.3', utf8(commonName)),
  );
}

/** What {@link createSelfSignedCertificate} returns: DER bytes and the validity period. */
export interface SelfSignedCertificate {
  readonly der: Buffer;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * Creates a self-signed RSA-2048 / SHA-256 X.509 v3 certificate for `commonName`, valid from a
 * day before `now` for `validDays`. The private key is discarded: only the public certificate is
 * needed by the simulator.
 */
export function createSelfSignedCertificate(
  commonName: string,
  now: Date = new Date(),
  validDays = 730,
): SelfSignedCertificate {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sha256WithRsa = sequence(oid('1.2.840.113549.1.1.11'), nullValue());
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 1) & 0x7f || 1;
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 86_400_000);
  const notAfter = new Date(notBefore.getTime() + validDays * 86_400_000);
  const tbs = sequence(
    tlv(0xa0, unsignedInteger(Buffer.from([2]))), // [0] EXPLICIT version: v3
    unsignedInteger(serial),
    sha256WithRsa,
    name(commonName),
    sequence(time(notBefore), time(notAfter)),
    name(commonName),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  return { der: sequence(tbs, sha256WithRsa, bitString(signature)), notBefore, notAfter };
}

// ---------------------------------------------------------------------------------------------
// Test CA and business certificates (virksomhetssertifikat) for certificate grants, created at
// run time with node-forge (PKCS#12 included); keys come from node:crypto, which is faster.
// Nothing here is ever written to the repository.

/** A certificate authority the simulated Maskinporten trusts. */
export interface TestCa {
  /** PEM of the CA certificate (self-signed root). */
  readonly certificatePem: string;
  /** Issues a business certificate for `orgnr`; see {@link BusinessCertificateOptions}. */
  issue(options: BusinessCertificateOptions): IssuedCertificate;
}

export interface BusinessCertificateOptions {
  /** Organisation number put in the subject's serialNumber (as Norwegian CAs do). */
  readonly orgnr: string;
  /** Default: a day ago. */
  readonly notBefore?: Date;
  /** Default: a year after notBefore. */
  readonly notAfter?: Date;
  /** Add an intermediate CA between the root and the leaf. Default false. */
  readonly intermediate?: boolean;
}

export interface IssuedCertificate {
  /** Leaf first, then the intermediate (if any), then the root: a PEM chain file's content. */
  readonly chainPem: string;
  /** The leaf's private key, PKCS#8 PEM (unencrypted). */
  readonly keyPem: string;
  /** The same certificate chain and key as a PKCS#12 file protected by `passphrase`. */
  toPkcs12(passphrase: string): Buffer;
}

const DAY_MS = 86_400_000;

function forgeKeyPair(): {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const forgeKey = forge.pki.privateKeyFromPem(pem);
  return {
    privateKey: forgeKey,
    publicKey: forge.pki.setRsaPublicKey(forgeKey.n, forgeKey.e),
    pem,
  };
}

function forgeCertificate(options: {
  readonly subject: forge.pki.CertificateField[];
  readonly issuer: forge.pki.CertificateField[];
  readonly publicKey: forge.pki.rsa.PublicKey;
  readonly signingKey: forge.pki.rsa.PrivateKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca: boolean;
}): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = options.publicKey;
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = options.notBefore;
  cert.validity.notAfter = options.notAfter;
  cert.setSubject(options.subject);
  cert.setIssuer(options.issuer);
  cert.setExtensions(
    options.ca
      ? [
          { name: 'basicConstraints', cA: true, critical: true },
          { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        ]
      : [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, critical: true },
        ],
  );
  cert.sign(options.signingKey, forge.md.sha256.create());
  return cert;
}

/** Creates a test CA (RSA-2048 root valid for ten years from yesterday). */
export function createTestCa(now: Date = new Date()): TestCa {
  const rootKeys = forgeKeyPair();
  const rootName: forge.pki.CertificateField[] = [
    { name: 'countryName', value: 'NO' },
    { name: 'organizationName', value: 'Register simulator TEST CA (synthetic)' },
    { name: 'commonName', value: 'Simulated Buypass-like TEST Root' },
  ];
  const start = new Date(now.getTime() - DAY_MS);
  const root = forgeCertificate({
    subject: rootName,
    issuer: rootName,
    publicKey: rootKeys.publicKey,
    signingKey: rootKeys.privateKey,
    notBefore: start,
    notAfter: new Date(start.getTime() + 3650 * DAY_MS),
    ca: true,
  });
  return {
    certificatePem: forge.pki.certificateToPem(root),
    issue(options) {
      let issuerName = rootName;
      let issuerKey = rootKeys.privateKey;
      const above: forge.pki.Certificate[] = [root];
      if (options.intermediate === true) {
        const keys = forgeKeyPair();
        const name: forge.pki.CertificateField[] = [
          { name: 'countryName', value: 'NO' },
          { name: 'organizationName', value: 'Register simulator TEST CA (synthetic)' },
          { name: 'commonName', value: 'Simulated TEST Issuing CA' },
        ];
        const intermediate = forgeCertificate({
          subject: name,
          issuer: rootName,
          publicKey: keys.publicKey,
          signingKey: rootKeys.privateKey,
          notBefore: start,
          notAfter: new Date(start.getTime() + 1825 * DAY_MS),
          ca: true,
        });
        above.unshift(intermediate);
        issuerName = name;
        issuerKey = keys.privateKey;
      }
      const leafKeys = forgeKeyPair();
      const notBefore = options.notBefore ?? new Date(now.getTime() - DAY_MS);
      const leaf = forgeCertificate({
        subject: [
          { name: 'countryName', value: 'NO' },
          { name: 'organizationName', value: 'SYNTETISK TESTVIRKSOMHET' },
          { name: 'serialNumber', value: options.orgnr },
          { name: 'commonName', value: 'SYNTETISK TESTVIRKSOMHET TEST' },
        ],
        issuer: issuerName,
        publicKey: leafKeys.publicKey,
        signingKey: issuerKey,
        notBefore,
        notAfter: options.notAfter ?? new Date(notBefore.getTime() + 365 * DAY_MS),
        ca: false,
      });
      const chain = [leaf, ...above];
      return {
        chainPem: chain.map((cert) => forge.pki.certificateToPem(cert)).join(''),
        keyPem: leafKeys.pem,
        toPkcs12(passphrase) {
          const asn1 = forge.pkcs12.toPkcs12Asn1(leafKeys.privateKey, chain, passphrase, {
            algorithm: '3des',
          });
          return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
        },
      };
    },
  };
}

/**
 * Checks an `x5c` chain as Maskinporten does for business certificates: each certificate issued
 * and signed by the next, the last one issued by the trusted CA (or the CA itself), all valid now.
 * Returns the leaf and its organisation number, or a refusal in Maskinporten's words.
 */
export function verifyCertificateChain(
  chain: readonly string[],
  caPem: string,
  now: number,
):
  { readonly leaf: X509Certificate; readonly orgnr: string | null } | { readonly refused: string } {
  let certs: X509Certificate[];
  try {
    certs = chain.map((der) => new X509Certificate(Buffer.from(der, 'base64')));
  } catch {
    return {
      refused:
        'MP-120 Invalid assertion. Signed with an invalid certificate (x5c holds no DER certificate).',
    };
  }
  const ca = new X509Certificate(caPem);
  const [leaf] = certs;
  if (leaf === undefined)
    return { refused: 'MP-123 Invalid assertion. Invalid x5c header: empty.' };
  for (const [index, cert] of certs.entries()) {
    if (now < cert.validFromDate.getTime() || now > cert.validToDate.getTime())
      return { refused: 'MP-124 Invalid assertion. Certificate expired or not yet valid.' };
    const next = certs[index + 1];
    if (next !== undefined) {
      if (!cert.checkIssued(next) || !cert.verify(next.publicKey))
        return { refused: 'MP-120 Invalid assertion. The x5c chain is broken.' };
    } else if (cert.fingerprint256 !== ca.fingerprint256) {
      if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey))
        return {
          refused:
            'MP-120 Invalid assertion. Signed with an invalid certificate (not a trusted TEST CA).',
        };
    }
  }
  const serial = /(?:^|\n)serialNumber=([^\n]+)/.exec(leaf.subject);
  return { leaf, orgnr: serial?.[1]?.trim() ?? null };
}
