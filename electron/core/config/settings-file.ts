import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { Settings } from '../../contract/settings.js';

/**
 * The headless worker's settings file, as its dashboard saves it: every setting but the data folder,
 * with the two keys sealed (AES-256-GCM) by a random key kept beside it in `<name>.key` (mode 0600).
 * The settings file can then be read over a shoulder, attached to a bug report or copied into a
 * backup without giving a key away. Whoever can read both files as this user can still open the keys:
 * a server without an OS key store offers nothing stronger (the desktop app seals with the OS instead).
 * A key a person wrote into the file by hand, in plain text, is still read.
 */
const sealedFields = ['supabaseKey', 'summaryApiKey'] as const;
const prefix = 'sealed:v1:';

export function sealingKeyFile(settingsFile: string): string {
  return path.join(path.dirname(settingsFile), `${path.basename(settingsFile, path.extname(settingsFile))}.key`);
}

async function sealingKey(settingsFile: string): Promise<Buffer> {
  const file = sealingKeyFile(settingsFile);
  if (existsSync(file)) return readFileSync(file);
  const key = randomBytes(32);
  await writeFile(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}

function seal(plain: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${prefix}${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

function open(sealed: string, key: Buffer): string {
  const bytes = Buffer.from(sealed.slice(prefix.length), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}

/** Writes the settings (created 0600, replaced whole) with the keys sealed; the folder is created if needed. */
export async function writeSettingsFile(settingsFile: string, settings: Settings): Promise<void> {
  await mkdir(path.dirname(settingsFile), { recursive: true, mode: 0o700 });
  const stored: Record<string, unknown> = { ...settings };
  delete stored['dataDir'];
  const plain = sealedFields.filter((field) => typeof settings[field] === 'string');
  const key = plain.length > 0 ? await sealingKey(settingsFile) : null;
  for (const field of plain) if (key !== null) stored[field] = seal(settings[field] ?? '', key);
  const temp = `${settingsFile}.tmp`;
  await writeFile(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
  await rename(temp, settingsFile);
}

/**
 * The settings file's values with sealed keys opened. A key that cannot be opened (its key file lost
 * or replaced) is an error naming the way out, unless `givenElsewhere` (environment, flags) sets it.
 */
export function openSettingsSecrets(
  values: Record<string, unknown>,
  settingsFile: string,
  givenElsewhere: ReadonlySet<string>,
): Record<string, unknown> {
  const opened = { ...values };
  for (const field of sealedFields) {
    const value = values[field];
    if (typeof value !== 'string' || !value.startsWith(prefix)) continue;
    // The environment or a flag wins anyway: a lost key file must not stop the worker then.
    if (givenElsewhere.has(field)) continue;
    const keyFile = sealingKeyFile(settingsFile);
    try {
      opened[field] = open(value, readFileSync(keyFile));
    } catch {
      throw new Error(
        `${field} in ${settingsFile} is sealed with ${keyFile}, which is missing or does not open it: enter the key again in the dashboard, or set it in the environment`,
      );
    }
  }
  return opened;
}
