import { HOUR_MS, MINUTE_MS, type LockoutPolicy } from './domain/lockout';
import type { AuthAppOptions } from './app/authApp';
import type { Config } from './config';

/** Turns configuration into the app's settings (durations in ms, policies). */
export function appSettings(config: Config): Pick<AuthAppOptions, 'settings' | 'signingAlg' | 'rotationIntervalMs' | 'clockSkewSeconds' | 'userPolicy' | 'ipPolicy'> {
  const userPolicy: LockoutPolicy = {
    maxFailedAttempts: config.LOCKOUT_MAX_ATTEMPTS,
    windowMs: config.LOCKOUT_WINDOW_MINUTES * MINUTE_MS,
    baseLockMs: config.LOCKOUT_DURATION_MINUTES * MINUTE_MS,
    maxLockMs: config.LOCKOUT_MAX_DURATION_HOURS * HOUR_MS,
    lockoutCountDecayMs: 24 * HOUR_MS,
  };
  return {
    settings: { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE, accessTtlMs: config.ACCESS_TOKEN_TTL_SECONDS * 1000, refreshTtlMs: config.REFRESH_TOKEN_TTL_SECONDS * 1000 },
    signingAlg: config.JWT_SIGNING_ALG,
    rotationIntervalMs: config.SIGNING_KEY_ROTATION_HOURS * HOUR_MS,
    clockSkewSeconds: config.CLOCK_SKEW_SECONDS,
    userPolicy,
    ipPolicy: { ...userPolicy, maxFailedAttempts: config.LOCKOUT_IP_THRESHOLD },
  };
}
