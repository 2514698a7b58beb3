import { useEffect, useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import type { SystemInfo } from '../../../electron/contract/events.js';

/**
 * What the running worker found on this machine (GPUs, backends, models), from its snapshot and then
 * its system-info events (a restarted worker reports again). Null while it has reported nothing.
 */
export function useSystemInfo(api: WorkerApi): SystemInfo | null {
  const [system, setSystem] = useState<SystemInfo | null>(null);
  useEffect(() => {
    let open = true;
    const unsubscribe = api.onEvent((event) => {
      if (event.type === 'system-info') setSystem(event.info);
    });
    api.getSnapshot().then(
      (snapshot) => {
        if (open && snapshot.system !== null) setSystem(snapshot.system);
      },
      // A worker that is not running has nothing to report; the form falls back to the saved values.
      () => undefined,
    );
    return () => {
      open = false;
      unsubscribe();
    };
  }, [api]);
  return system;
}
