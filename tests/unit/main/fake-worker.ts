import type { WorkerRequest } from '../../../electron/contract/worker-protocol.js';
import type { ChildScript, ChildSide } from '../../support/memory-utility-process.js';

export type Answer = { ok: true; value: unknown } | { ok: false; code: string; message: string; retryable: boolean };

/**
 * A child that follows the worker protocol: hello, then one answer per request from `answer`
 * (default: null); `shutdown` is answered and followed by a clean exit, as worker/entry.ts does.
 */
export function protocolWorker(
  answer: (request: WorkerRequest, child: ChildSide) => Answer | null = () => ({ ok: true, value: null }),
): ChildScript {
  return (child) => {
    child.onMessage((message) => {
      const request = message as WorkerRequest;
      const reply = request.command.type === 'shutdown' ? { ok: true as const, value: null } : answer(request, child);
      if (reply === null) return;
      if (reply.ok) child.post({ kind: 'response', id: request.id, ok: true, value: reply.value });
      else {
        const { code, message: text, retryable } = reply;
        child.post({ kind: 'response', id: request.id, ok: false, error: { code, message: text, retryable } });
      }
      if (request.command.type === 'shutdown') setImmediate(() => child.exit(0));
    });
    child.post({ kind: 'hello', pid: 4242 });
  };
}

/** A child that dies at start, leaving a line on stderr (a missing native module, say). */
export function crashingWorker(stderr: string, code = 1): ChildScript {
  return (child) => {
    child.writeStderr(stderr);
    setImmediate(() => child.exit(code));
  };
}
