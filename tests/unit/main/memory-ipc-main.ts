import type { IpcMainLike } from '../../../electron/main/ipc-router.js';

type Listener = Parameters<IpcMainLike['handle']>[1];

/** ipcMain reduced to its registry: invoke() calls the registered listener the way Electron does. */
export function memoryIpcMain() {
  const listeners = new Map<string, Listener>();
  return {
    handle: (channel: string, listener: Listener) => listeners.set(channel, listener),
    removeHandler: (channel: string) => listeners.delete(channel),
    channels: () => [...listeners.keys()],
    // Like ipcRenderer.invoke: whatever the listener throws or returns arrives as a promise.
    invoke: (channel: string, frameUrl: string, ...args: unknown[]) =>
      Promise.resolve().then(() => {
        const listener = listeners.get(channel);
        if (listener === undefined) throw new Error(`No handler registered for '${channel}'`);
        return listener({ senderFrame: { url: frameUrl } }, ...args);
      }),
  };
}
