import type { SecretBox } from './ports.js';

/** The part of Electron's safeStorage the settings store relies on. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: which secret store seals the strings. */
  getSelectedStorageBackend?(): string;
}

/**
 * Why safeStorage cannot keep a key secret on this machine, or null when it can. On Linux without a
 * keyring (no gnome-libsecret or kwallet), Chromium falls back to `basic_text`: a password hard-coded in
 * Chromium, so a "sealed" key in settings.json would be readable by anyone who reads the file.
 */
export function secureStorageProblem(storage: SafeStorageLike, platform: NodeJS.Platform): string | null {
  if (!storage.isEncryptionAvailable()) return 'This computer offers no secure storage.';
  if (platform !== 'linux') return null;
  const backend = storage.getSelectedStorageBackend?.() ?? 'unknown';
  if (backend === 'basic_text' || backend === 'unknown') {
    return `No keyring is running (safeStorage backend "${backend}"), so a saved key would only be obfuscated. Start a keyring (GNOME Keyring or KWallet) to save keys.`;
  }
  return null;
}

/** safeStorage as the settings store's SecretBox: unavailable (keys are never written) when it is not secure. */
export function secretBoxFrom(storage: SafeStorageLike, platform: NodeJS.Platform): SecretBox {
  return {
    isAvailable: () => secureStorageProblem(storage, platform) === null,
    seal: (plain) => storage.encryptString(plain),
    open: (sealed) => storage.decryptString(sealed),
  };
}
