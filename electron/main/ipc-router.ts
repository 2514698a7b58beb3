import type { WorkerApi } from '../contract/api.js';
import { invokeChannels, invokeMethods, requestSchemas, type InvokeMethod } from '../contract/channels.js';

/** One handler per WorkerApi operation; leaving one out does not compile. */
export type IpcHandlers = {
  [K in InvokeMethod]: (...args: Parameters<WorkerApi[K]>) => ReturnType<WorkerApi[K]>;
};

/** The part of ipcMain the router needs (electron-adapters.ts passes ipcMain itself). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => unknown,
  ): void;
  removeHandler(channel: string): void;
}

export class UntrustedSenderError extends Error {
  constructor(channel: string, url: string) {
    super(`Refused ${channel} from ${url || 'an unknown frame'}`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * Routes each channel: trusted sender → the arguments parsed with the contract's schema → handler.
 * Validation happens here, in main (the trust boundary), never in the preload.
 */
export function routeIpc(ipc: IpcMainLike, handlers: IpcHandlers, isTrusted: (url: string) => boolean): () => void {
  for (const method of invokeMethods) {
    const channel = invokeChannels[method];
    ipc.handle(channel, (event, ...args) => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrusted(url)) throw new UntrustedSenderError(channel, url);
      const parsed = requestSchemas[method].parse(args) as Parameters<WorkerApi[typeof method]>;
      const handler = handlers[method] as (...a: typeof parsed) => Promise<unknown>;
      return handler(...parsed);
    });
  }
  return () => {
    for (const method of invokeMethods) ipc.removeHandler(invokeChannels[method]);
  };
}
