import path from 'node:path';

import { shippedFolderCandidates } from '../shipped-files.js';

import { hubPlaces, type ModelLocation } from './model-location.js';
import { sileroVadModel } from './model-manifest.js';
import { locatePinnedFile } from './model-store.js';

/** The VAD shipped with the app (resources/models/silero/…), found beside the sources or in an installed build. */
function bundledModelDirs(): string[] {
  return shippedFolderCandidates(path.join('resources', 'models'), 'models');
}

/** Where the Silero VAD may be: `vadDirs` when given, else the model folders, then the copy shipped with the app. */
export interface VadLocation extends ModelLocation {
  vadDirs?: readonly string[];
}

/**
 * The first intact copy of the Silero VAD. It is never downloaded (it ships with the app), so a missing
 * or damaged copy is a ModelUnavailableError whatever the download setting.
 */
export function locateSileroVad(location: VadLocation): Promise<string> {
  const dirs = location.vadDirs ?? [...hubPlaces(location).searchDirs, ...bundledModelDirs()];
  return locatePinnedFile(dirs, sileroVadModel.file, 'voice activity (Silero VAD)');
}
