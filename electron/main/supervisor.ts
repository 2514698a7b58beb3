import type { WorkerEvent } from '../contract/events.js';
import type { Settings } from '../contract/settings.js';
import {
  commandResultSchemas,
  workerToMainSchema,
  type CommandResult,
  type ProtocolError,
  type WorkerCommand,
  type WorkerToMain,
} from '../contract/worker-protocol.js';

import type { Clock, SpawnWorker, TimerHandle, UtilityProcessLike } from './ports.js';

/** A failed request: the worker's own error, or the supervisor's (exited, timed out, not running). */
export class WorkerRequestError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  constructor(error: ProtocolError) {
    super(error.message);
    this.name = 'WorkerRequestError';
    this.code = error.code;
    this.retryable = error.retryable;
  }
}

export type SupervisorStatus = 'stopped' | 'starting' | 'ready' | 'backing-off' | 'crash-loop' | 'stopping';
type HostCommand = Exclude<WorkerCommand, { type: 'init' }>;

export interface SupervisorOptions {
  spawn: SpawnWorker;
  /** Read at every start, so a restart picks up saved settings (the key travels only in `init`). */
  settings: () => Settings;
  clock: Clock;
  /** The worker's events plus the supervisor's own (starting, crash, crash loop) as worker-state events. */
  onEvent: (event: WorkerEvent) => void;
  backoff?: { initialMs: number; maxMs: number };
  /** This many crashes within windowMs stop the restarts and show an error. */
  crashLoop?: { crashes: number; windowMs: number };
  readyTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** How long the worker gets to release its leases and exit before it is killed. */
  shutdownTimeoutMs?: number;
}

export interface Supervisor {
  start(): void;
  request<C extends HostCommand>(command: C): Promise<CommandResult<C['type']>>;
  /** Stops the worker gracefully and starts a fresh one (new settings); clears a crash loop. */
  restart(): Promise<void>;
  shutdown(): Promise<void>;
  status(): SupervisorStatus;
}

interface Pending {
  type: WorkerCommand['type'];
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: TimerHandle;
}

const stderrTailChars = 2000;

export function createSupervisor(options: SupervisorOptions): Supervisor {
  const backoff = options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
  const crashLoop = options.crashLoop ?? { crashes: 5, windowMs: 60_000 };
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
  const { clock } = options;

  let status: SupervisorStatus = 'stopped';
  let child: UtilityProcessLike | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  let crashTimes: number[] = [];
  let stderrTail = '';
  let restartTimer: TimerHandle | null = null;
  let readyTimer: TimerHandle | null = null;
  let readyWaiters: Array<{ resolve(): void; reject(error: Error): void }> = [];
  let exitWaiters: Array<() => void> = [];

  const emitState = (state: WorkerEvent & { type: 'worker-state' }): void => options.onEvent(state);
  const notRunning = (message: string) =>
    new WorkerRequestError({ code: 'worker-unavailable', message, retryable: true });

  const settleReady = (error: Error | null): void => {
    readyTimer?.cancel();
    readyTimer = null;
    const waiters = readyWaiters;
    readyWaiters = [];
    for (const waiter of waiters) {
      if (error === null) waiter.resolve();
      else waiter.reject(error);
    }
  };

  const send = <C extends WorkerCommand>(target: UtilityProcessLike, command: C, timeoutMs: number) =>
    new Promise<CommandResult<C['type']>>((resolve, reject) => {
      const id = nextId++;
      const timer = clock.after(timeoutMs, () => {
        pending.delete(id);
        reject(
          new WorkerRequestError({
            code: 'timeout',
            message: `The worker did not answer ${command.type} in time.`,
            retryable: true,
          }),
        );
      });
      pending.set(id, { type: command.type, resolve, reject, timer });
      target.postMessage({ kind: 'request', id, command });
    });

  const onMessage = (raw: unknown): void => {
    const parsed = workerToMainSchema.safeParse(raw);
    if (!parsed.success) return; // a malformed message is dropped: the worker is not trusted to be well-formed
    const message: WorkerToMain = parsed.data;
    if (message.kind === 'event') {
      options.onEvent(message.event);
      return;
    }
    if (message.kind === 'hello') {
      if (child !== null) initialise(child);
      return;
    }
    const entry = pending.get(message.id);
    if (entry === undefined) return;
    pending.delete(message.id);
    entry.timer.cancel();
    if (!message.ok) {
      entry.reject(new WorkerRequestError(message.error));
      return;
    }
    const value = commandResultSchemas[entry.type].safeParse(message.value);
    if (value.success) entry.resolve(value.data);
    else
      entry.reject(
        new WorkerRequestError({
          code: 'bad-response',
          message: `The worker's answer to ${entry.type} was malformed.`,
          retryable: false,
        }),
      );
  };

  /**
   * Settings that cannot be read (a key safeStorage can no longer unseal, e.g. after an OS reinstall) are
   * not a crash: restarting cannot mend them. The worker is stopped and the person told what to do.
   */
  const readSettings = (target: UtilityProcessLike): Settings | null => {
    try {
      return options.settings();
    } catch (error) {
      status = 'stopping';
      const detail = `The saved settings cannot be used (${(error as Error).message}). Open Settings and enter the key again.`;
      settleReady(notRunning(detail));
      emitState({ type: 'worker-state', state: 'error', detail });
      target.kill();
      return null;
    }
  };

  const initialise = (target: UtilityProcessLike): void => {
    const settings = readSettings(target);
    if (settings === null) return;
    send(target, { type: 'init', settings }, readyTimeoutMs).then(
      () => {
        if (child !== target || status !== 'starting') return;
        status = 'ready';
        settleReady(null);
      },
      (error: unknown) => {
        stderrTail += `\n${(error as Error).message}`;
        target.kill();
      },
    );
  };

  const onExit = (target: UtilityProcessLike, code: number): void => {
    if (child !== target) return;
    child = null;
    readyTimer?.cancel();
    for (const [id, entry] of pending) {
      pending.delete(id);
      entry.timer.cancel();
      entry.reject(
        new WorkerRequestError({
          code: 'worker-exited',
          message: 'The worker stopped before answering.',
          retryable: true,
        }),
      );
    }
    const waiters = exitWaiters;
    exitWaiters = [];
    for (const waiter of waiters) waiter();
    if (status === 'stopping' || status === 'stopped') {
      status = 'stopped';
      settleReady(notRunning('The worker was stopped.'));
      return;
    }
    onCrash(code);
  };

  const onCrash = (code: number): void => {
    const now = clock.now();
    crashTimes = [...crashTimes.filter((time) => now - time < crashLoop.windowMs), now];
    const tail = stderrTail.trim().slice(-500);
    const why = `exit code ${code}${tail === '' ? '' : `: ${tail}`}`;
    if (crashTimes.length >= crashLoop.crashes) {
      status = 'crash-loop';
      const detail = `The worker crashed ${crashTimes.length} times in ${Math.round(crashLoop.windowMs / 1000)} s and was not restarted (${why}).`;
      settleReady(notRunning(detail));
      emitState({ type: 'worker-state', state: 'error', detail });
      return;
    }
    status = 'backing-off';
    const delay = Math.min(backoff.initialMs * 2 ** (crashTimes.length - 1), backoff.maxMs);
    emitState({
      type: 'worker-state',
      state: 'error',
      detail: `The worker stopped (${why}); restarting in ${Math.ceil(delay / 1000)} s.`,
    });
    restartTimer = clock.after(delay, () => {
      restartTimer = null;
      if (status === 'backing-off') spawnChild();
    });
  };

  const spawnChild = (): void => {
    status = 'starting';
    stderrTail = '';
    emitState({ type: 'worker-state', state: 'starting' });
    const target = options.spawn();
    child = target;
    target.onMessage(onMessage);
    target.onStderr((chunk) => {
      stderrTail = (stderrTail + chunk).slice(-stderrTailChars);
    });
    target.onExit((code) => onExit(target, code));
    readyTimer = clock.after(readyTimeoutMs, () => {
      stderrTail += '\nThe worker did not become ready in time.';
      target.kill();
    });
  };

  const whenReady = (): Promise<void> => {
    if (status === 'ready') return Promise.resolve();
    if (status === 'starting' || status === 'backing-off') {
      return new Promise((resolve, reject) => readyWaiters.push({ resolve, reject }));
    }
    return Promise.reject(
      notRunning(status === 'crash-loop' ? 'The worker keeps crashing; see the log.' : 'The worker is not running.'),
    );
  };

  const shutdown = async (): Promise<void> => {
    restartTimer?.cancel();
    restartTimer = null;
    const target = child;
    status = 'stopping';
    if (target === null) {
      status = 'stopped';
      settleReady(notRunning('The worker was stopped.'));
      return;
    }
    const exited = new Promise<void>((resolve) => exitWaiters.push(resolve));
    const timeoutMs = options.shutdownTimeoutMs ?? 15_000;
    const killTimer = clock.after(timeoutMs, () => target.kill());
    await send(target, { type: 'shutdown' }, timeoutMs).catch(() => target.kill());
    await exited;
    killTimer.cancel();
  };

  return {
    start() {
      if (status === 'starting' || status === 'ready' || status === 'stopping') return;
      restartTimer?.cancel();
      restartTimer = null;
      crashTimes = [];
      spawnChild();
    },
    async request(command) {
      await whenReady();
      if (child === null) throw notRunning('The worker is not running.');
      return send(child, command, requestTimeoutMs);
    },
    async restart() {
      await shutdown();
      crashTimes = [];
      spawnChild();
    },
    shutdown,
    status: () => status,
  };
}
