/**
 * Runs the real worker entry (electron/worker/entry.ts) in a plain Node child process: Electron gives a
 * utility process `process.parentPort`, and here the Node IPC channel stands in for it (the same
 * structured messages, `{ data }` events as Electron's MessageEvent). Nothing else of Electron is used by
 * the entry, so this is the worker exactly as the desktop app runs it, minus the Electron binary.
 */
type ParentPortListener = (event: { data: unknown }) => void;

const parentPort = {
  postMessage(message: unknown): void {
    process.send?.(message);
  },
  /** Only 'message' exists on Electron's parentPort too. */
  on(_event: 'message', listener: ParentPortListener): void {
    process.on('message', (data: unknown) => listener({ data }));
  },
};
Object.defineProperty(process, 'parentPort', { value: parentPort });

await import('../../electron/worker/entry.js');
