import { describe, expect, it } from 'vitest';

import { workerEnvironment } from '../../../electron/main/worker-env.js';

/** What main sees on a Windows PC behind a proxy, started from a terminal with a debugger flag set. */
const windowsParent = {
  Path: 'C:\\Windows\\system32;C:\\Windows',
  SystemRoot: 'C:\\Windows',
  TEMP: 'C:\\Users\\ada\\AppData\\Local\\Temp',
  USERPROFILE: 'C:\\Users\\ada',
  APPDATA: 'C:\\Users\\ada\\AppData\\Roaming',
  HTTPS_PROXY: 'http://proxy.example:3128',
  NO_PROXY: 'localhost',
  NODE_OPTIONS: '--inspect=9229',
  ELECTRON_RUN_AS_NODE: '1',
  ELECTRON_ENABLE_LOGGING: '1',
  npm_lifecycle_event: 'dev',
  VITE_DEV_SERVER_URL: 'http://localhost:5173',
};

describe('the utility process environment', () => {
  it('keeps what Windows sockets, temp files and proxies need', () => {
    const env = workerEnvironment(windowsParent, { nodeEnv: 'production' });
    expect(env).toMatchObject({
      SystemRoot: 'C:\\Windows',
      Path: windowsParent.Path,
      TEMP: windowsParent.TEMP,
      USERPROFILE: windowsParent.USERPROFILE,
      APPDATA: windowsParent.APPDATA,
      HTTPS_PROXY: windowsParent.HTTPS_PROXY,
      NO_PROXY: 'localhost',
      NODE_ENV: 'production',
    });
  });

  it('drops what would change how the worker starts or belongs to main only', () => {
    const env = workerEnvironment(windowsParent, { nodeEnv: 'production' });
    for (const name of [
      'NODE_OPTIONS',
      'ELECTRON_RUN_AS_NODE',
      'ELECTRON_ENABLE_LOGGING',
      'npm_lifecycle_event',
      'VITE_DEV_SERVER_URL',
    ]) {
      expect(env).not.toHaveProperty(name);
    }
  });

  it('keeps an explicit NODE_ENV and skips unset variables', () => {
    expect(workerEnvironment({ NODE_ENV: 'development', EMPTY: undefined }, { nodeEnv: 'production' })).toEqual({
      NODE_ENV: 'development',
    });
  });
});
