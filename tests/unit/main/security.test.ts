import { describe, expect, it } from 'vitest';

import {
  allowNavigation,
  contentSecurityPolicy,
  isTrustedUrl,
  newWindowDecision,
  secureWebPreferences,
} from '../../../electron/main/security.js';

const packaged = { rendererDir: 'file:///Applications/PC%20Worker.app/Contents/Resources/app.asar/dist/renderer' };
const dev = { ...packaged, devServer: 'http://localhost:5173' };

describe('window security', () => {
  it('trusts only the packaged renderer pages, and the dev server while developing', () => {
    expect(isTrustedUrl(`${packaged.rendererDir}/index.html`, packaged)).toBe(true);
    expect(isTrustedUrl(`${packaged.rendererDir}/settings.html#key`, packaged)).toBe(true);
    expect(isTrustedUrl(`${packaged.rendererDir}/../../../../../etc/passwd`, packaged)).toBe(false);
    expect(isTrustedUrl(`${packaged.rendererDir}/%2e%2e/%2e%2e/secret.html`, packaged)).toBe(false);
    expect(isTrustedUrl('file:///tmp/index.html', packaged)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/index.html', packaged)).toBe(false);
    expect(isTrustedUrl('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isTrustedUrl('not a url', dev)).toBe(false);
  });

  it('blocks navigation away from our pages and never opens new windows', () => {
    expect(allowNavigation('https://example.com/', packaged)).toBe(false);
    expect(newWindowDecision('https://supabase.com/dashboard')).toEqual({ action: 'deny', openExternally: true });
    expect(newWindowDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternally: false });
    expect(newWindowDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternally: false });
  });

  it('allows no inline or remote script in the CSP and isolates every window', () => {
    expect(contentSecurityPolicy).toContain("default-src 'none'");
    expect(contentSecurityPolicy).toContain("script-src 'self'");
    expect(contentSecurityPolicy).not.toMatch(/unsafe-(inline|eval)/);
    expect(secureWebPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false });
  });
});
