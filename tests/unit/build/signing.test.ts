import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { signingPlan } from '../../../build/signing.mjs';
import { repoDir } from '../../support/shared-data.js';

const certificate = { CSC_LINK: '/secure/developer-id.p12', CSC_KEY_PASSWORD: 'pw' };
const appleId = { APPLE_ID: 'dev@example.org', APPLE_APP_SPECIFIC_PASSWORD: 'abcd-efgh', APPLE_TEAM_ID: 'TEAM123' };

describe('signing and notarization from the environment', () => {
  it('builds unsigned with a notice for each skipped step when nothing is given', () => {
    const mac = signingPlan({}, 'mac');
    expect(mac.errors).toEqual([]);
    expect(mac.notices.join('\n')).toMatch(/macOS app NOT signed: set CSC_LINK/);
    expect(mac.notices.join('\n')).toMatch(/macOS app NOT notarized: set APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD/);
    // electron-builder must neither pick a keychain identity by itself nor try to notarize.
    expect(mac.args).toEqual(['-c.mac.identity=null', '-c.mac.notarize=false']);
    expect(mac.env).toEqual({ CSC_IDENTITY_AUTO_DISCOVERY: 'false' });
    const win = signingPlan({}, 'win');
    expect(win.notices).toEqual([expect.stringMatching(/Windows installer NOT signed: set CSC_LINK/)]);
    expect(signingPlan({}, 'linux')).toEqual({ args: [], env: {}, notices: [], errors: [] });
  });

  it('signs and notarizes with no notice when the certificate and an Apple ID are given', () => {
    expect(signingPlan({ ...certificate, ...appleId }, 'mac')).toEqual({ args: [], env: {}, notices: [], errors: [] });
    const apiKey = { APPLE_API_KEY: '/secure/key.p8', APPLE_API_KEY_ID: 'KEY1', APPLE_API_ISSUER: 'issuer' };
    expect(signingPlan({ CSC_NAME: 'Developer ID Application: Lab', ...apiKey }, 'mac').notices).toEqual([]);
    expect(signingPlan({ WIN_CSC_LINK: 'C:\\cert.pfx', WIN_CSC_KEY_PASSWORD: 'pw' }, 'win').notices).toEqual([]);
  });

  it('stops on a half-given setup instead of quietly building unsigned', () => {
    expect(signingPlan({ CSC_LINK: '/secure/cert.p12' }, 'win').errors).toEqual([
      "CSC_LINK is set but CSC_KEY_PASSWORD is not: give the certificate's password.",
    ]);
    expect(signingPlan({ ...certificate, APPLE_ID: 'dev@example.org' }, 'mac').errors).toEqual([
      'Notarization needs APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID as well.',
    ]);
    expect(signingPlan(appleId, 'mac').errors).toEqual([
      'Notarization needs a signed app: set CSC_LINK and CSC_KEY_PASSWORD (or CSC_NAME) too.',
    ]);
  });

  it('npm run dist says what it skips before it packages, and refuses a half-given setup', () => {
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp' };
    const plan = (target: string, extra: Record<string, string> = {}) =>
      spawnSync(process.execPath, [path.join(repoDir, 'tools', 'dist.mjs'), '--plan', '--target', target], {
        cwd: repoDir,
        encoding: 'utf8',
        env: { ...env, ...extra },
      });
    const mac = plan('mac');
    expect(mac.status).toBe(0);
    expect(mac.stdout).toMatch(/^PC Worker: macOS app NOT signed: .*\nPC Worker: macOS app NOT notarized: /);
    expect(plan('win').stdout).toMatch(/^PC Worker: Windows installer NOT signed/);
    const half = plan('win', { CSC_LINK: '/secure/cert.p12' });
    expect(half.status).toBe(1);
    expect(half.stderr).toMatch(/CSC_LINK is set but CSC_KEY_PASSWORD is not/);
  });

  it('asks macOS for JIT only: no entitlement onnxruntime or the app does not need', () => {
    const plist = readFileSync(path.join(repoDir, 'build', 'entitlements.mac.plist'), 'utf8');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((match) => match[1])).toEqual([
      'com.apple.security.cs.allow-jit',
    ]);
  });
});
