import { useEffect, useRef } from 'react';

import { useMeetingStore } from '../../stores/use-meeting-store.js';

/**
 * The meeting's recording. Its time drives the highlighted line; a click on a time or a citation
 * moves it (the store's seek request). The source is the host's: the headless server's audio route
 * or the desktop app's pcw-audio:// protocol, both answering Range requests.
 */
export function AudioPlayer({ url }: { url: string | null }) {
  const audio = useRef<HTMLAudioElement>(null);
  const seek = useMeetingStore((store) => store.seek);
  useEffect(() => {
    if (seek === null || audio.current === null) return;
    audio.current.currentTime = seek.time;
  }, [seek]);
  if (url === null)
    return <p className="muted player-missing">The recording is not on this computer, so there is nothing to play.</p>;
  return (
    <audio
      ref={audio}
      className="player"
      controls
      preload="metadata"
      src={url}
      data-testid="meeting-audio"
      onTimeUpdate={(event) => useMeetingStore.getState().setTime(event.currentTarget.currentTime)}
    />
  );
}
