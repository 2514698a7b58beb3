/**
 * The seed's error hierarchy. Every error the worker stores on a meeting is a WorkerError: a stable
 * code, a message written for the person who reads it (never a stack trace or a secret), and whether
 * trying again can help (network, database, storage) or not (the recording itself is bad).
 */
export abstract class WorkerError extends Error {
  abstract readonly code: string;
  abstract readonly retryable: boolean;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A failure that another try may or may not fix: the code that throws it knows which (`retryable`). */
abstract class CaseByCaseError extends WorkerError {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The database or storage server could not be reached. */
export class ConnectionError extends WorkerError {
  readonly code = 'connection';
  readonly retryable = true;
}

/** A database call reached the server and failed. */
export class QueryError extends CaseByCaseError {
  readonly code = 'query';
}

/** Storage refused or failed an operation (missing object, bad key, server error). */
export class StorageError extends CaseByCaseError {
  readonly code = 'storage';
}

/** The audio could not be fetched to the temp folder (bad path, too large, cut off, disk full). */
export class DownloadError extends CaseByCaseError {
  readonly code = 'download';
}

/** The file is not readable audio: empty, not audio, truncated, silent, too long. */
export class CorruptedAudioError extends WorkerError {
  readonly code = 'corrupted-audio';
  readonly retryable = false;
}

/** A processing stage (decode tooling, model, inference) failed for a reason outside the input. */
export class PreprocessingError extends CaseByCaseError {
  readonly code = 'preprocessing';
}

/** A needed model is neither cached nor downloadable. */
export class ModelUnavailableError extends WorkerError {
  readonly code = 'model-unavailable';
  readonly retryable = false;
}

/** A retried call failed every time; carries the last failure. */
export class RetriesExhaustedError extends WorkerError {
  readonly code = 'retries-exhausted';
  readonly retryable = true;
}

/** Work stopped on purpose (pause, shutdown, or the lease was taken over). */
export class CancelledError extends WorkerError {
  readonly code = 'cancelled';
  readonly retryable = true;
}

/** Another worker now holds this meeting: stop and write nothing. */
export class LeaseLostError extends WorkerError {
  readonly code = 'lease-lost';
  readonly retryable = false;
}

/** Wraps anything that is not already a WorkerError so that no raw message reaches a meeting row. */
export function toWorkerError(error: unknown, fallback: string): WorkerError {
  if (error instanceof WorkerError) return error;
  return new PreprocessingError(fallback, true, { cause: error });
}
