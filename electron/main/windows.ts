import path from 'node:path';

import { BrowserWindow, session, shell } from 'electron';

import { eventChannel } from '../contract/channels.js';
import type { WorkerEvent } from '../contract/events.js';

import {
  allowNavigation,
  contentSecurityPolicy,
  denyAllPermissions,
  newWindowDecision,
  secureWebPreferences,
  type TrustedOrigins,
} from './security.js';

export type WindowName = 'dashboard' | 'settings';

export interface Windows {
  open(name: WindowName): void;
  broadcast(event: WorkerEvent): void;
}

/**
 * Applies the CSP to every response, so no page (ours or not) may run inline or remote script (the pages
 * carry it as a meta tag too), and refuses every permission request.
 */
export function enforceContentSecurityPolicy(): void {
  denyAllPermissions(session.defaultSession);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] } });
  });
}

export function createWindows(options: { preload: string; trusted: TrustedOrigins }): Windows {
  const open = new Map<WindowName, BrowserWindow>();
  const pageUrl = (name: WindowName) => {
    const file = name === 'dashboard' ? 'index.html' : 'settings.html';
    return options.trusted.devServer === undefined
      ? new URL(file, options.trusted.rendererDir).href
      : `${options.trusted.devServer}/${file}`;
  };

  const create = (name: WindowName): BrowserWindow => {
    const window = new BrowserWindow({
      width: name === 'dashboard' ? 1100 : 640,
      height: name === 'dashboard' ? 760 : 720,
      title: name === 'dashboard' ? 'PC Worker' : 'PC Worker settings',
      show: false,
      webPreferences: { ...secureWebPreferences, preload: path.resolve(options.preload) },
    });
    window.webContents.on('will-navigate', (event, url) => {
      if (!allowNavigation(url, options.trusted)) event.preventDefault();
    });
    window.webContents.setWindowOpenHandler(({ url }) => {
      const decision = newWindowDecision(url);
      if (decision.openExternally) void shell.openExternal(url);
      return { action: decision.action };
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => open.delete(name));
    void window.loadURL(pageUrl(name));
    return window;
  };

  return {
    open(name) {
      const existing = open.get(name);
      if (existing !== undefined) {
        existing.show();
        existing.focus();
        return;
      }
      open.set(name, create(name));
    },
    broadcast(event) {
      for (const window of open.values()) window.webContents.send(eventChannel, event);
    },
  };
}
