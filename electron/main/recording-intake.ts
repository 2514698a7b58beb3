/**
 * How recordings on this computer reach the worker from the desktop app: the dashboard's picker and
 * drop (the preload turns each File into its path) and the tray's "Add recordings…" (a file dialog).
 * Only paths cross to the worker; it checks and copies the files itself.
 */
import { addRecordingPathsArgsSchema, addRecordingPathsChannel, type AddedRecording } from '../contract/recordings.js';

import { UntrustedSenderError, type IpcMainLike } from './ipc-router.js';
import type { Supervisor } from './supervisor.js';

type AddRequester = Pick<Supervisor, 'request'>;

/** The OS file dialog, as the tray needs it (electron-adapters.ts: dialog.showOpenDialog). */
export interface RecordingPicker {
  /** The chosen files' paths; empty when the person cancelled. */
  pickRecordings(): Promise<string[]>;
}

/** The dashboard's channel: trusted sender → paths and options parsed → the worker's add-recordings. */
export function routeRecordingPaths(
  ipc: IpcMainLike,
  worker: AddRequester,
  isTrusted: (url: string) => boolean,
): () => void {
  ipc.handle(addRecordingPathsChannel, (event, ...args) => {
    const url = event.senderFrame?.url ?? '';
    if (!isTrusted(url)) throw new UntrustedSenderError(addRecordingPathsChannel, url);
    const [paths, options] = addRecordingPathsArgsSchema.parse(args);
    return worker.request({ type: 'add-recordings', paths, options });
  });
  return () => ipc.removeHandler(addRecordingPathsChannel);
}

/** One line for the person: how many were added, and each file that was not with its reason. */
export function describeAdded(outcomes: AddedRecording[]): string {
  const added = outcomes.filter((outcome) => outcome.meetingId !== null).length;
  const refused = outcomes.filter((outcome) => outcome.error !== null).map((o) => `${o.name}: ${o.error ?? ''}`);
  const head = `Added ${String(added)} recording${added === 1 ? '' : 's'} to the queue.`;
  return refused.length === 0 ? head : `${head} Not added: ${refused.join('; ')}`;
}

/** The tray's "Add recordings…": the dialog, then the worker; the outcome is told in one line. */
export async function addRecordingsFromDialog(
  picker: RecordingPicker,
  worker: AddRequester,
  tell: (message: string) => void,
): Promise<AddedRecording[]> {
  const paths = await picker.pickRecordings();
  if (paths.length === 0) return [];
  const outcomes = await worker.request({ type: 'add-recordings', paths, options: {} });
  tell(describeAdded(outcomes));
  return outcomes;
}
