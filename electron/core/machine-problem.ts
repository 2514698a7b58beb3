/**
 * Problems of this machine, not of the meeting: no ffmpeg, no disk space, model files missing or
 * unreadable, the GPU backend gone. Another worker (or this one, once fixed) would process the same
 * recording fine, so such a failure must not spend the meeting's attempts or mark it failed: the
 * meeting is handed back and this worker pauses with the reason until a person resumes it.
 */
import { ModelUnavailableError, WorkerError } from './errors.js';

/** The worker stopped claiming because of its machine; `message` says what to fix. */
export class MachineError extends WorkerError {
  readonly code = 'machine';
  readonly retryable = true;
}

const fullDisk = new Set(['ENOSPC', 'EDQUOT']);
const unreadable = new Set(['EACCES', 'EPERM', 'EROFS']);
const gpuLost =
  /device (?:was )?lost|device_?removed|DXGI_ERROR_DEVICE|CUDA (?:error|failure)|cudaError|CUBLAS_STATUS|out of memory on device/i;

/** The error and every `cause` below it. */
function chain(error: unknown): unknown[] {
  const links: unknown[] = [];
  for (let link = error; link !== undefined && link !== null && links.length < 8;) {
    links.push(link);
    link = (link as { cause?: unknown }).cause;
  }
  return links;
}

/** What the machine lacks when `error` comes from it, or null when the error is the meeting's. */
export function machineProblem(error: unknown): MachineError | null {
  if (error instanceof MachineError) return error;
  for (const link of chain(error)) {
    const errno = link as NodeJS.ErrnoException;
    if (errno.code === 'ENOENT' && errno.syscall?.startsWith('spawn') === true)
      return new MachineError(
        `ffmpeg could not be started (${errno.path ?? 'ffmpeg'} not found): install it or set FFMPEG_PATH, then resume.`,
        { cause: error },
      );
    if (errno.code !== undefined && fullDisk.has(errno.code))
      return new MachineError('The disk of the temp folder (AUDIO_TEMP_DIR) is full: free some space, then resume.', {
        cause: error,
      });
    if (errno.code !== undefined && unreadable.has(errno.code))
      return new MachineError(
        `A file this worker needs cannot be read or written (${errno.code}${errno.path === undefined ? '' : ` ${errno.path}`}): fix its permissions, then resume.`,
        { cause: error },
      );
    if (link instanceof ModelUnavailableError)
      return new MachineError(`${link.message} Check the model folder (MODEL_CACHE_DIR), then resume.`, {
        cause: error,
      });
    if (link instanceof Error && gpuLost.test(link.message))
      return new MachineError(
        `The GPU backend failed (${link.message.slice(0, 160)}): check the driver or turn the GPU off, then resume.`,
        { cause: error },
      );
  }
  return null;
}
