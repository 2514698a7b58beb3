import path from 'node:path';

import type { Settings } from '../../electron/contract/settings.js';
import { loadSettings } from '../../electron/core/config/load-settings.js';

import { sharedModelsDir } from './shared-data.js';

/**
 * Settings for an in-process worker in tests and benchmarks: everything inside `dir` (database under
 * data/, per-meeting temp folders under audio/), models from ../shared/models only, no environment or
 * settings file of the machine running the tests.
 */
export function offlineSettings(dir: string, overrides: Partial<Settings> = {}): Settings {
  return loadSettings({
    env: {},
    settingsFile: path.join(dir, 'none.json'),
    overrides: {
      dataDir: path.join(dir, 'data'),
      audioTempDir: path.join(dir, 'audio'),
      modelCacheDir: sharedModelsDir,
      allowRemoteModels: false,
      // Pinned: 'auto' would pick by this machine's cores, and the tests' bounds are tiny's.
      whisperModel: 'Xenova/whisper-tiny',
      ...overrides,
    },
  });
}
