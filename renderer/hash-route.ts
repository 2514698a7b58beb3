import { useEffect, useState } from 'react';

/** Where the dashboard window is: its panels, or one meeting (optionally at one transcript line). */
export type Route = { view: 'dashboard' } | { view: 'meeting'; meetingId: string; segment: number | null };

const meetingPattern = /^#\/meetings\/([0-9a-f-]{36})(?:\?segment=(\d+))?$/;

/** The route in the address's hash, so a reloaded page (or a link from search) opens the same meeting. */
export function readRoute(hash: string): Route {
  const match = meetingPattern.exec(hash);
  if (match?.[1] === undefined) return { view: 'dashboard' };
  return { view: 'meeting', meetingId: match[1], segment: match[2] === undefined ? null : Number(match[2]) };
}

export function meetingHref(meetingId: string, segment?: number): string {
  return `#/meetings/${meetingId}${segment === undefined ? '' : `?segment=${String(segment)}`}`;
}

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => readRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(readRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}
