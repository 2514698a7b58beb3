import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import {
  allowNavigation,
  contentSecurityPolicy,
  denyAllPermissions,
  metaContentSecurityPolicy,
  isTrustedUrl,
  newWindowDecision,
  secureWebPreferences,
} from '../../../electron/main/security.js';
import { repoDir } from '../../support/shared-data.js';

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

describe('file:// pages and permissions', () => {
  it('carries the CSP in each page as a meta tag, since a response header may not reach file:// pages', () => {
    for (const page of ['index.html', 'settings.html']) {
      const html = readFileSync(path.join(repoDir, 'renderer', page), 'utf8');
      const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
      expect(meta?.[1], page).toBe(metaContentSecurityPolicy);
    }
    expect(metaContentSecurityPolicy).toContain("script-src 'self'");
    expect(metaContentSecurityPolicy).not.toContain('frame-ancestors');
  });

  it('denies every permission request and check', () => {
    const granted: boolean[] = [];
    let check: ((webContents: unknown, permission: string) => boolean) | undefined;
    denyAllPermissions({
      setPermissionRequestHandler(handler) {
        for (const permission of ['media', 'notifications', 'geolocation', 'clipboard-read']) {
          handler(null, permission, (answer) => granted.push(answer));
        }
      },
      setPermissionCheckHandler(handler) {
        check = handler;
      },
    });
    expect(granted).toEqual([false, false, false, false]);
    expect(check?.(null, 'media')).toBe(false);
  });
});
