import { useState, type DragEvent } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import { useAddRecordingsStore } from '../../stores/use-add-recordings-store.js';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

/**
 * Makes an element a drop target for recordings: files dragged over it are added like picked ones.
 * Other drags (text, links) are left to the browser.
 */
export function useRecordingDrop(api: WorkerApi, enabled: boolean) {
  const [dropping, setDropping] = useState(false);
  const add = useAddRecordingsStore((store) => store.add);
  if (!enabled) return { dropping: false, handlers: {} };
  return {
    dropping,
    handlers: {
      onDragOver(event: DragEvent) {
        if (!carriesFiles(event)) return;
        // Without preventDefault the browser would open the file instead of dropping it here.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDropping(true);
      },
      onDragLeave(event: DragEvent) {
        if (event.currentTarget === event.target) setDropping(false);
      },
      onDrop(event: DragEvent) {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        setDropping(false);
        void add(api, [...event.dataTransfer.files]);
      },
    },
  };
}
