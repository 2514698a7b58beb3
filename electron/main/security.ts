/**
 * What a window may load and who may call IPC. Pages come from the packaged renderer (file://) or, in
 * development, from the Vite dev server the composition root names; everything else is refused.
 */

/** No remote code, no inline script, no eval; the dashboard talks to main only through IPC. */
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  // The meeting view's player: the headless server's audio route, the desktop app's audio protocol.
  "media-src 'self' pcw-audio:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The same policy for the pages' `<meta http-equiv>` tag (renderer/*.html): a response header may not
 * reach file:// pages, the meta tag always does. frame-ancestors is ignored in a meta tag, so it is left out.
 */
export const metaContentSecurityPolicy = contentSecurityPolicy
  .split('; ')
  .filter((directive) => !directive.startsWith('frame-ancestors'))
  .join('; ');

/** The part of Electron's Session that decides permissions (camera, notifications, geolocation, …). */
export interface PermissionSessionLike {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string) => boolean): void;
}

/** Our pages need no browser permission: every request and every check is refused. */
export function denyAllPermissions(session: PermissionSessionLike): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

export interface TrustedOrigins {
  /** file:// folder holding the built renderer (with a trailing slash). */
  rendererDir: string;
  /** e.g. http://localhost:5173 while developing; undefined in a packaged app. */
  devServer?: string | undefined;
}

export function isTrustedUrl(url: string, trusted: TrustedOrigins): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') {
    const dir = new URL(trusted.rendererDir.endsWith('/') ? trusted.rendererDir : `${trusted.rendererDir}/`);
    return parsed.pathname.startsWith(dir.pathname) && !decodeURIComponent(parsed.pathname).includes('/../');
  }
  if (trusted.devServer === undefined) return false;
  return parsed.origin === new URL(trusted.devServer).origin;
}

/** Navigation inside a window (a link, a drag-and-dropped file, window.location): only between our own pages. */
export function allowNavigation(url: string, trusted: TrustedOrigins): boolean {
  return isTrustedUrl(url, trusted);
}

/** window.open and target=_blank: never a new Electron window; https links go to the system browser. */
export function newWindowDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: /^https:\/\//.test(url) };
}

/** The webPreferences every window gets; the composition root adds the preload path. */
export const secureWebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;
