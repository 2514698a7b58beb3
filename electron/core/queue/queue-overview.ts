import type { PGlite } from '@electric-sql/pglite';
import type { SupabaseClient } from '@supabase/supabase-js';

import type { MeetingSummary } from '../../contract/api.js';

export interface QueueOverview {
  counts: Record<string, number>;
  recent: MeetingSummary[];
  processedToday: number;
  failedToday: number;
}

/** Reads what the dashboard shows of the queue; one implementation per backing (Supabase, PGlite). */
export type QueueOverviewReader = (workerId: string, since: Date) => Promise<QueueOverview>;

const recentLimit = 25;

interface MeetingRow {
  id: string;
  title: string | null;
  status: string;
  duration_sec: number | null;
  claimed_by: string | null;
  processed_by: string | null;
  started_at: string | Date | null;
  completed_at: string | Date | null;
  error_message: string | null;
  attempts: number;
}

const meetingColumns =
  'id, title, status, duration_sec, claimed_by, processed_by, started_at, completed_at, error_message, attempts';

const isoOrNull = (value: string | Date | null): string | null =>
  value === null ? null : new Date(value).toISOString();

function toSummary(row: MeetingRow): MeetingSummary {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    durationSec: row.duration_sec,
    worker: row.claimed_by ?? row.processed_by,
    startedAt: isoOrNull(row.started_at),
    completedAt: isoOrNull(row.completed_at),
    errorMessage: row.error_message,
    attempts: row.attempts,
  };
}

/** The embedded queue: plain SQL on the in-process database. */
export function pgliteQueueOverview(db: PGlite): QueueOverviewReader {
  return async (workerId, since) => {
    const counts = await db.query<{ status: string; n: number }>(
      'select status, count(*)::int as n from public.meetings group by status',
    );
    const recent = await db.query<MeetingRow>(
      `select ${meetingColumns} from public.meetings order by updated_at desc, id limit $1`,
      [recentLimit],
    );
    const today = await db.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from public.meetings
        where processed_by = $1 and completed_at >= $2 and status in ('completed', 'failed') group by status`,
      [workerId, since.toISOString()],
    );
    const todayCount = (status: string) => today.rows.find((row) => row.status === status)?.n ?? 0;
    return {
      counts: Object.fromEntries(counts.rows.map((row) => [row.status, row.n])),
      recent: recent.rows.map(toSummary),
      processedToday: todayCount('completed'),
      failedToday: todayCount('failed'),
    };
  };
}

const knownStatuses = ['pending', 'processing', 'completed', 'failed'] as const;

/** Supabase: PostgREST selects with the service key (head requests for the counts). */
export function supabaseQueueOverview(client: SupabaseClient): QueueOverviewReader {
  const count = async (build: (query: ReturnType<typeof head>) => ReturnType<typeof head>): Promise<number> => {
    const { count: n, error } = await build(head());
    if (error !== null) throw new Error(`Could not count meetings: ${error.message}`);
    return n ?? 0;
  };
  function head() {
    return client.from('meetings').select('id', { count: 'exact', head: true });
  }
  return async (workerId, since) => {
    const statusCounts = await Promise.all(knownStatuses.map((status) => count((q) => q.eq('status', status))));
    const { data, error } = await client
      .from('meetings')
      .select(meetingColumns)
      .order('updated_at', { ascending: false })
      .limit(recentLimit);
    if (error !== null) throw new Error(`Could not read recent meetings: ${error.message}`);
    const finishedToday = (status: string) =>
      count((q) => q.eq('status', status).eq('processed_by', workerId).gte('completed_at', since.toISOString()));
    return {
      counts: Object.fromEntries(knownStatuses.map((status, index) => [status, statusCounts[index] ?? 0])),
      recent: (data as MeetingRow[]).map(toSummary),
      processedToday: await finishedToday('completed'),
      failedToday: await finishedToday('failed'),
    };
  };
}
