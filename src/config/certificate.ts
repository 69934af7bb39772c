// Reads a business certificate (virksomhetssertifikat) for Maskinporten grants, either as a PEM
// chain plus key file or as the PKCS#12 (.p12) file it is delivered in, and checks it the way
// Maskinporten will: RSA key, key matching a certificate, every certificate currently valid.
// Every problem names the variable; no key material or passphrase is ever put in a message.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { Secret } from './secret.ts';

/** A certificate ready for the grant signer: base64 DER chain (leaf first) and its key. */
export interface LoadedCertificate {
  /** Base64 DER certificates, leaf first: the grant's `x5c`. */
  readonly chain: readonly string[];
  readonly privateKey: Secret<KeyObject>;
  /** When the leaf certificate expires (for a start-up log line and rotation alerts). */
  readonly notAfter: Date;
}

/** Where the certificate comes from; exactly one of the two shapes. */
export type CertificateSource =
  | { readonly kind: 'pem'; readonly certFile: string; readonly keyFile: string }
  | { readonly kind: 'p12'; readonly p12File: string; readonly passphrase: Secret<string> };

export interface CertificateIo {
  /** Reads a whole file; throws like `fs.readFileSync`. */
  readonly readFile: (path: string) => Buffer;
  /** Epoch ms used for the validity check. */
  readonly now: number;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function readOrReport(
  io: CertificateIo,
  variable: string,
  path: string,
  problems: string[],
): Buffer | undefined {
  try {
    return io.readFile(path);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    problems.push(
      `${variable} cannot be read (${typeof code === 'string' ? code : 'unreadable'}: ${path})`,
    );
    return undefined;
  }
}

function fromPem(
  source: Extract<CertificateSource, { kind: 'pem' }>,
  io: CertificateIo,
  problems: string[],
): { certs: X509Certificate[]; key: KeyObject } | undefined {
  const certText = readOrReport(io, 'MASKINPORTEN_CERT_FILE', source.certFile, problems);
  const keyText = readOrReport(io, 'MASKINPORTEN_KEY_FILE', source.keyFile, problems);
  let certs: X509Certificate[] | undefined;
  if (certText !== undefined) {
    const blocks = certText.toString('utf8').match(PEM_CERTIFICATE) ?? [];
    try {
      certs = blocks.map((block) => new X509Certificate(block));
      if (certs.length === 0) {
        problems.push(
          'MASKINPORTEN_CERT_FILE holds no PEM certificate (expected the chain, leaf first, as -----BEGIN CERTIFICATE----- blocks)',
        );
        certs = undefined;
      }
    } catch {
      problems.push(
        'MASKINPORTEN_CERT_FILE holds a PEM block that is not a valid X.509 certificate',
      );
      certs = undefined;
    }
  }
  let key: KeyObject | undefined;
  if (keyText !== undefined) {
    try {
      key = createPrivateKey({ key: keyText, format: 'pem' });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      problems.push(
        code === 'ERR_MISSING_PASSPHRASE'
          ? 'MASKINPORTEN_KEY_FILE is an encrypted key; store it unencrypted in a secret, or use MASKINPORTEN_P12_FILE with MASKINPORTEN_P12_PASSPHRASE'
          : 'MASKINPORTEN_KEY_FILE is not a PEM private key (PKCS#8 or PKCS#1)',
      );
    }
  }
  return certs === undefined || key === undefined ? undefined : { certs, key };
}

function fromP12(
  source: Extract<CertificateSource, { kind: 'p12' }>,
  io: CertificateIo,
  problems: string[],
): { certs: X509Certificate[]; key: KeyObject } | undefined {
  const bytes = readOrReport(io, 'MASKINPORTEN_P12_FILE', source.p12File, problems);
  if (bytes === undefined) return undefined;
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
  } catch {
    problems.push('MASKINPORTEN_P12_FILE is not a PKCS#12 (.p12/.pfx) file in DER form');
    return undefined;
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, source.passphrase.reveal());
  } catch {
    // forge says "MAC could not be verified. Invalid password?"; never echo the passphrase.
    problems.push(
      'MASKINPORTEN_P12_FILE cannot be opened with MASKINPORTEN_P12_PASSPHRASE (wrong passphrase, or a damaged or unsupported file)',
    );
    return undefined;
  }
  const keyBags = [
    ...(p12.getBags({ bagType: forge.pki.oids['pkcs8ShroudedKeyBag'] ?? '' })[
      forge.pki.oids['pkcs8ShroudedKeyBag'] ?? ''
    ] ?? []),
    ...(p12.getBags({ bagType: forge.pki.oids['keyBag'] ?? '' })[forge.pki.oids['keyBag'] ?? ''] ??
      []),
  ];
  const certBags =
    p12.getBags({ bagType: forge.pki.oids['certBag'] ?? '' })[forge.pki.oids['certBag'] ?? ''] ??
    [];
  const keyBag = keyBags.find((bag) => bag.key !== undefined && bag.key !== null);
  if (keyBag?.key === undefined || keyBag.key === null) {
    problems.push(
      keyBags.length > 0
        ? 'MASKINPORTEN_P12_FILE holds a private key that is not RSA or cannot be read (Maskinporten needs RS256)'
        : 'MASKINPORTEN_P12_FILE holds no private key',
    );
    return undefined;
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: forge.pki.privateKeyToPem(keyBag.key), format: 'pem' });
  } catch {
    problems.push('MASKINPORTEN_P12_FILE holds a private key that cannot be used');
    return undefined;
  }
  const certs: X509Certificate[] = [];
  for (const bag of certBags) {
    try {
      const der =
        bag.cert !== undefined && bag.cert !== null
          ? forge.asn1.toDer(forge.pki.certificateToAsn1(bag.cert)).getBytes()
          : forge.asn1.toDer(bag.asn1).getBytes();
      certs.push(new X509Certificate(Buffer.from(der, 'binary')));
    } catch {
      problems.push('MASKINPORTEN_P12_FILE holds a certificate that cannot be read');
      return undefined;
    }
  }
  if (certs.length === 0) {
    problems.push('MASKINPORTEN_P12_FILE holds no certificate');
    return undefined;
  }
  return { certs, key };
}

/** Leaf first, then each issuer found among the others, then whatever is left in file order. */
function orderChain(leaf: X509Certificate, certs: readonly X509Certificate[]): X509Certificate[] {
  const rest = certs.filter((c) => c !== leaf);
  const chain = [leaf];
  for (let current = leaf; ;) {
    if (current.checkIssued(current)) break; // self-signed: the root
    const index = rest.findIndex((c) => current.checkIssued(c));
    if (index < 0) break;
    const [issuer] = rest.splice(index, 1);
    if (issuer === undefined) break;
    chain.push(issuer);
    current = issuer;
  }
  return [...chain, ...rest];
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Loads and checks the business certificate. Returns it, or undefined after pushing every
 * problem found (each naming its variable) onto `problems`.
 */
export function loadCertificate(
  source: CertificateSource,
  io: CertificateIo,
  problems: string[],
): LoadedCertificate | undefined {
  const variable = source.kind === 'pem' ? 'MASKINPORTEN_CERT_FILE' : 'MASKINPORTEN_P12_FILE';
  const keyVariable = source.kind === 'pem' ? 'MASKINPORTEN_KEY_FILE' : 'MASKINPORTEN_P12_FILE';
  const loaded =
    source.kind === 'pem' ? fromPem(source, io, problems) : fromP12(source, io, problems);
  if (loaded === undefined) return undefined;
  const { certs, key } = loaded;
  if (key.asymmetricKeyType !== 'rsa') {
    problems.push(
      `${keyVariable} holds a ${String(key.asymmetricKeyType)} key; Maskinporten grants are signed RS256 and need an RSA key`,
    );
    return undefined;
  }
  const leaf = certs.find((cert) => cert.checkPrivateKey(key));
  if (leaf === undefined) {
    problems.push(
      source.kind === 'pem'
        ? 'MASKINPORTEN_KEY_FILE does not match any certificate in MASKINPORTEN_CERT_FILE (the key must belong to the leaf certificate)'
        : 'MASKINPORTEN_P12_FILE: its private key does not match any of its certificates',
    );
    return undefined;
  }
  const chain = orderChain(leaf, certs);
  let valid = true;
  chain.forEach((cert, index) => {
    const which = index === 0 ? 'the leaf certificate' : `chain certificate ${index + 1}`;
    if (io.now < cert.validFromDate.getTime()) {
      problems.push(
        `${variable}: ${which} is not valid yet (valid from ${isoDay(cert.validFromDate)}); Maskinporten refuses it`,
      );
      valid = false;
    } else if (io.now > cert.validToDate.getTime()) {
      problems.push(
        `${variable}: ${which} expired on ${isoDay(cert.validToDate)}; renew the business certificate`,
      );
      valid = false;
    }
  });
  if (!valid) return undefined;
  return {
    chain: chain.map((cert) => cert.raw.toString('base64')),
    privateKey: new Secret(key),
    notAfter: leaf.validToDate,
  };
}
