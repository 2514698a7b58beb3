/**
 * An in-memory stand-in for Electron's utilityProcess, after cherry-studio's memoryProcessAdapter: the
 * supervisor talks to it through the same UtilityProcessLike port, and the test scripts the child's
 * side. Messages are structured-cloned and delivered on a later turn, as real IPC does.
 */
import type { UtilityProcessLike } from '../../electron/main/ports.js';

export interface ChildSide {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  writeStderr(text: string): void;
  /** The process ends (crash or clean exit); later posts are lost, as with a dead process. */
  exit(code: number): void;
  readonly killed: boolean;
}

export type ChildScript = (child: ChildSide) => void;

export interface MemoryUtilityProcess extends UtilityProcessLike {
  /** Every message the parent sent, in order. */
  readonly received: unknown[];
  /** Whether the parent called kill(). */
  readonly killed: boolean;
}

const later = (fn: () => void): void => {
  setImmediate(fn);
};

export function createMemoryUtilityProcess(script: ChildScript, pid = 4242): MemoryUtilityProcess {
  const toParent: Array<(message: unknown) => void> = [];
  const toChild: Array<(message: unknown) => void> = [];
  const exitListeners: Array<(code: number) => void> = [];
  const stderrListeners: Array<(chunk: string) => void> = [];
  const received: unknown[] = [];
  let alive = true;
  let killed = false;

  const exit = (code: number): void => {
    if (!alive) return;
    alive = false;
    later(() => {
      for (const listener of exitListeners) listener(code);
    });
  };
  const child: ChildSide = {
    post(message) {
      if (!alive) return;
      const copy = structuredClone(message);
      later(() => {
        if (alive) for (const listener of toParent) listener(copy);
      });
    },
    onMessage: (listener) => toChild.push(listener),
    writeStderr(text) {
      later(() => {
        for (const listener of stderrListeners) listener(text);
      });
    },
    exit,
    get killed() {
      return killed;
    },
  };
  later(() => script(child));

  return {
    pid,
    received,
    postMessage(message) {
      if (!alive) throw new Error('the utility process has exited');
      const copy = structuredClone(message);
      received.push(copy);
      later(() => {
        if (alive) for (const listener of toChild) listener(copy);
      });
    },
    onMessage: (listener) => toParent.push(listener),
    onExit: (listener) => exitListeners.push(listener),
    onStderr: (listener) => stderrListeners.push(listener),
    get killed() {
      return killed;
    },
    kill() {
      killed = true;
      exit(15);
    },
  };
}
