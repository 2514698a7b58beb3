import {
  addedRecordingSchema,
  recordingUploadPath,
  type AddedRecording,
  type AddRecordingsOptions,
  type RecordingFile,
  type UploadProgress,
} from '../../electron/contract/recordings.js';

/** The server's answer: the file's outcome, or why it was refused before it could be added. */
function outcomeOf(name: string, status: number, text: string): AddedRecording {
  try {
    const body = JSON.parse(text) as { ok?: boolean; added?: unknown; error?: unknown };
    if (body.ok === true) return addedRecordingSchema.parse(body.added);
    if (typeof body.error === 'string') return { name, meetingId: null, error: body.error };
  } catch {
    // Not JSON: fall through to the status.
  }
  return { name, meetingId: null, error: `The worker answered ${String(status)}.` };
}

/** One file to the headless dashboard's upload route; XMLHttpRequest, since fetch reports no upload progress. */
function uploadOne(
  token: string,
  file: File,
  options: AddRecordingsOptions,
  onProgress?: (progress: UploadProgress) => void,
): Promise<AddedRecording> {
  const query = new URLSearchParams({ name: file.name });
  if (options.title !== undefined) query.set('title', options.title);
  if (options.language !== undefined) query.set('language', options.language);
  if (options.expectedSpeakers !== undefined) query.set('speakers', String(options.expectedSpeakers));
  return new Promise((resolve) => {
    const request = new XMLHttpRequest();
    request.open('POST', `${recordingUploadPath}?${query.toString()}`);
    request.setRequestHeader('authorization', `Bearer ${token}`);
    request.upload.addEventListener('progress', (event) => {
      onProgress?.({ name: file.name, sentBytes: event.loaded, totalBytes: event.total || file.size });
    });
    request.addEventListener('load', () => resolve(outcomeOf(file.name, request.status, request.responseText)));
    request.addEventListener('error', () =>
      resolve({ name: file.name, meetingId: null, error: 'The upload was cut off: is the worker still running?' }),
    );
    request.send(file);
  });
}

/** Uploads each file in turn (one at a time keeps the disk and the checks from competing). */
export async function uploadRecordings(
  token: string,
  files: readonly RecordingFile[],
  options: AddRecordingsOptions,
  onProgress?: (progress: UploadProgress) => void,
): Promise<AddedRecording[]> {
  const outcomes: AddedRecording[] = [];
  for (const file of files) {
    // In a page every RecordingFile the WorkerApi receives is a DOM File (a picker or a drop made it).
    outcomes.push(await uploadOne(token, file as File, options, onProgress));
  }
  return outcomes;
}
