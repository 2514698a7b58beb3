import type { WorkerApi } from '../../electron/contract/api.js';
import { useHashRoute } from '../hash-route.js';

import { Dashboard } from './dashboard/Dashboard.js';
import { MeetingView } from './meeting/MeetingView.js';

/** The dashboard window shows its panels, or one meeting when the address names it. */
export function DashboardRoutes({ api, desktop }: { api: WorkerApi; desktop: boolean }) {
  const route = useHashRoute();
  if (route.view === 'meeting')
    return <MeetingView api={api} meetingId={route.meetingId} segment={route.segment} desktop={desktop} />;
  return <Dashboard api={api} desktop={desktop} />;
}
