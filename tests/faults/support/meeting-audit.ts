/**
 * What the fault suite counts per meeting, recorded by the database itself (in a schema PostgREST
 * does not expose), so a scenario never trusts the worker's own logs:
 *
 * - accepted completions: every time a completion was accepted, i.e. complete_meeting's final update
 *   ran (the row set to `completed` with a new completed_at), including on a row that was completed
 *   already. A status-transition count would miss exactly that case (completed → completed).
 * - saved results: every statement that inserted a meeting's transcript segments. complete_meeting
 *   deletes the old segments before it inserts, so counting rows (or repeated `seq`, which the unique
 *   constraint forbids anyway) can never show a second save; counting the inserts can.
 *
 * Security definer: the worker's role has no rights on this test-only schema. Runs on the test stack's
 * PostgreSQL and on the embedded PGlite alike.
 */
export const auditSql = `
  create schema if not exists fault_audit;
  create table if not exists fault_audit.completions (
    meeting_id uuid not null, lease uuid, worker text, at timestamptz not null default clock_timestamp());
  create table if not exists fault_audit.saves (
    meeting_id uuid not null, segments integer not null, at timestamptz not null default clock_timestamp());
  create or replace function fault_audit.record_completion() returns trigger language plpgsql
    security definer set search_path = '' as $$
  begin
    if new.status = 'completed'
       and (old.status is distinct from 'completed' or new.completed_at is distinct from old.completed_at) then
      insert into fault_audit.completions (meeting_id, lease, worker)
      values (new.id, new.completed_lease, new.processed_by);
    end if;
    return new;
  end $$;
  create or replace function fault_audit.record_save() returns trigger language plpgsql
    security definer set search_path = '' as $$
  begin
    insert into fault_audit.saves (meeting_id, segments)
    select saved.meeting_id, count(*)::integer from saved group by saved.meeting_id;
    return null;
  end $$;
  drop trigger if exists fault_audit_completions on public.meetings;
  create trigger fault_audit_completions after update on public.meetings
    for each row execute function fault_audit.record_completion();
  drop trigger if exists fault_audit_saves on public.transcript_segments;
  create trigger fault_audit_saves after insert on public.transcript_segments
    referencing new table as saved for each statement execute function fault_audit.record_save();
`;

/** One meeting as a scenario counts it. */
export interface MeetingState {
  id: string;
  title: string | null;
  status: string;
  error_message: string | null;
  attempts: number;
  claimed_by: string | null;
  processed_by: string | null;
  stage: string | null;
  /** Transcript segments the meeting holds now. */
  segments: number;
  /** Completions the database accepted (see auditSql): more than one is a duplicate. */
  completions: number;
  /** Statements that saved the meeting's segments: more than one is a duplicate. */
  saves: number;
}

/** The columns of MeetingState for the meetings `where` selects (`$1` etc. as the caller binds them). */
export const meetingStateSql = (where: string): string => `
  select m.id, m.title, m.status, m.error_message, m.attempts, m.claimed_by, m.processed_by, m.stage,
         (select count(*)::int from public.transcript_segments s where s.meeting_id = m.id) as segments,
         (select count(*)::int from fault_audit.completions c where c.meeting_id = m.id) as completions,
         (select count(*)::int from fault_audit.saves v where v.meeting_id = m.id) as saves
    from public.meetings m ${where} order by m.created_at, m.id`;
