import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  meetingDetailSchema,
  meetingListItemSchema,
  type AddRecordingRequest,
  type ListMeetingsRequest,
  type LocalLibrary,
} from '../../contract/library.js';

import { localApiFileName, type LocalApiAddress, type LocalApiRoute } from './local-api-server.js';

/** The owner could not be reached (gone, or not listening yet): the caller may look at the lock again. */
export class OwnerUnreachableError extends Error {}

/** The owner's address from its 0600 file in the data folder, or null when there is none (yet). */
export function readLocalApiAddress(dataDir: string): LocalApiAddress | null {
  try {
    const parsed = JSON.parse(readFileSync(path.join(dataDir, localApiFileName), 'utf8')) as Partial<LocalApiAddress>;
    if (typeof parsed.url !== 'string' || typeof parsed.token !== 'string' || typeof parsed.pid !== 'number')
      return null;
    return { url: parsed.url, token: parsed.token, pid: parsed.pid };
  } catch {
    return null;
  }
}

/** The library of a data folder another process owns, through that process's local API. */
export function localApiClient(address: LocalApiAddress): LocalLibrary {
  const call = async (route: LocalApiRoute, body: unknown): Promise<unknown> => {
    let response: Response;
    try {
      response = await fetch(`${address.url}/v1/${route}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${address.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      throw new OwnerUnreachableError(`The worker at ${address.url} did not answer`, { cause: error });
    }
    const reply = (await response.json().catch(() => null)) as { ok?: boolean; value?: unknown; error?: string } | null;
    if (reply === null) throw new OwnerUnreachableError(`The worker at ${address.url} answered ${response.status}`);
    if (reply.ok !== true) throw new Error(reply.error ?? `The worker answered ${response.status}`);
    return reply.value;
  };
  return {
    addRecording: async (request: AddRecordingRequest) =>
      (await call('add-recording', request)) as { meetingId: string; created: boolean },
    listMeetings: async (request: ListMeetingsRequest = {}) =>
      meetingListItemSchema.array().parse(await call('list-meetings', request)),
    getMeeting: async (meetingId: string) =>
      meetingDetailSchema.nullable().parse(await call('get-meeting', { meetingId })),
  };
}
