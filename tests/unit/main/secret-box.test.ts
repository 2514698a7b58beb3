import { describe, expect, it } from 'vitest';

import { secretBoxFrom, secureStorageProblem, type SafeStorageLike } from '../../../electron/main/secret-box.js';

/** safeStorage as Chromium reports it; sealing reverses the bytes, enough to tell sealed from plain. */
function storage(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(plain, 'utf8').reverse(),
    decryptString: (sealed) => Buffer.from(sealed).reverse().toString('utf8'),
    ...(backend === undefined ? {} : { getSelectedStorageBackend: () => backend }),
  };
}

describe('safeStorage as the settings store’s secret box', () => {
  it('refuses to seal keys on Linux when the backend is basic_text (a hard-coded password)', () => {
    const box = secretBoxFrom(storage(true, 'basic_text'), 'linux');
    expect(box.isAvailable()).toBe(false);
    expect(secureStorageProblem(storage(true, 'basic_text'), 'linux')).toMatch(/No keyring is running.*basic_text/);
  });

  it('trusts a real keyring on Linux and the OS stores on Windows and macOS', () => {
    expect(secretBoxFrom(storage(true, 'gnome_libsecret'), 'linux').isAvailable()).toBe(true);
    expect(secretBoxFrom(storage(true, 'kwallet5'), 'linux').isAvailable()).toBe(true);
    expect(secretBoxFrom(storage(true), 'win32').isAvailable()).toBe(true);
    expect(secretBoxFrom(storage(true), 'darwin').isAvailable()).toBe(true);
  });

  it('is unavailable when safeStorage itself is, and round-trips a key when available', () => {
    expect(secretBoxFrom(storage(false), 'win32').isAvailable()).toBe(false);
    const box = secretBoxFrom(storage(true, 'gnome_libsecret'), 'linux');
    expect(box.open(box.seal('service-role-key'))).toBe('service-role-key');
  });
});
