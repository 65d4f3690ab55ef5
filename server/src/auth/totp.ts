import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const PERIOD = 30;

/** A new random TOTP secret (160 bits, base32), per RFC 4226 section 4 recommendation. */
export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpFor(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: 'Jisr', label, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: OTPAuth.Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app reads, and the same as an SVG QR code. */
export async function totpEnrolment(secret: string, label: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totpFor(secret, label).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { uri, qrSvg };
}

/**
 * Checks a 6-digit code against the secret, allowing one step of clock drift either way (RFC 6238 §5.2).
 * Returns the time step the code belongs to (for replay protection), or null.
 */
export function checkTotp(secret: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret, 'x').validate({ token: code, window: 1, timestamp: now });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}

/** The current code for a secret (used by tests and the demo script). */
export function totpCode(secret: string, now = Date.now()): string {
  return totpFor(secret, 'x').generate({ timestamp: now });
}
