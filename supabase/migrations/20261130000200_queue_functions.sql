-- The work queue, in SQL so that hosted Supabase, the test PostgreSQL and the embedded PGlite share it.
-- Every function runs as its caller (security invoker) with a pinned search_path, and only the
-- service role may execute it. Lease-checked functions return false/null instead of raising when the
-- caller no longer holds the meeting, so a worker whose lease was taken over can stop quietly.

-- p_meeting_id narrows the claim to one meeting (the CLI's `process <file>` on the embedded queue).
create or replace function public.claim_next_meeting(
  p_worker_id text,
  p_lease_seconds integer default 300,
  p_meeting_id uuid default null)
returns setof public.meetings
language plpgsql
security invoker
set search_path = ''
as $$
begin
  if coalesce(length(p_worker_id), 0) = 0 then
    raise exception 'claim_next_meeting: worker id is required' using errcode = '22023';
  end if;
  if p_lease_seconds is null or p_lease_seconds < 5 then
    raise exception 'claim_next_meeting: lease must be at least 5 seconds' using errcode = '22023';
  end if;

  -- A meeting whose last allowed attempt lost its worker (crash, kill, lost network) is given up:
  -- a recording that kills every worker must not loop forever.
  update public.meetings m
     set status = 'failed',
         error_message = format(
           'Processing stopped %s times without finishing (the worker crashed, was stopped or lost its '
           'connection). Check that the recording plays, then retry.', m.attempts),
         claimed_by = null,
         lease_expires_at = null,
         completed_at = now(),
         updated_at = now()
   where m.status = 'processing'
     and m.lease_expires_at < now()
     and m.attempts >= m.max_attempts;

  return query
  update public.meetings m
     set status = 'processing',
         claimed_by = p_worker_id,
         lease_expires_at = now() + make_interval(secs => p_lease_seconds),
         attempts = m.attempts + 1,
         stage = 'queued',
         progress = 0,
         next_attempt_at = null,
         started_at = now(),
         completed_at = null,
         updated_at = now()
   where m.id = (
     select c.id
       from public.meetings c
      where (p_meeting_id is null or c.id = p_meeting_id)
        and ((c.status = 'pending' and (c.next_attempt_at is null or c.next_attempt_at <= now()))
          or (c.status = 'processing' and c.lease_expires_at < now() and c.attempts < c.max_attempts))
      order by c.created_at, c.id
      for update skip locked
      limit 1)
  returning m.*;
end
$$;

create or replace function public.heartbeat_meeting(
  p_meeting_id uuid,
  p_worker_id text,
  p_stage text,
  p_progress real,
  p_lease_seconds integer default 300)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.meetings
     set lease_expires_at = now() + make_interval(secs => greatest(p_lease_seconds, 5)),
         stage = coalesce(p_stage, stage),
         -- greatest() ignores NULLs, so a stage-only heartbeat must not go through it.
         progress = case when p_progress is null then progress else least(greatest(p_progress, 0), 1) end,
         updated_at = now()
   where id = p_meeting_id
     and claimed_by = p_worker_id
     and status = 'processing';
  return found;
end
$$;

-- Saves a meeting's whole result and marks it completed, in one transaction. Idempotent: a re-run
-- replaces the segments, speakers and summary, it never duplicates them.
-- p_result: { language, durationSec, segments: [{start, end, text, speaker, speakerId, confidence,
--   words}], speakers: [{label, speakerId, name, match, score}], summary: {overview, items, backend} | null }
create or replace function public.complete_meeting(p_meeting_id uuid, p_worker_id text, p_result jsonb)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform 1
    from public.meetings
   where id = p_meeting_id and claimed_by = p_worker_id and status = 'processing'
     for update;
  if not found then
    return false;
  end if;

  delete from public.transcript_segments where meeting_id = p_meeting_id;
  delete from public.meeting_speakers where meeting_id = p_meeting_id;

  insert into public.meeting_speakers (meeting_id, label, speaker_id, name, match, score)
  select p_meeting_id, s.label, s."speakerId", s.name, s.match, s.score
    from jsonb_to_recordset(coalesce(p_result -> 'speakers', '[]'::jsonb))
      as s(label text, "speakerId" uuid, name text, match text, score real);

  insert into public.transcript_segments
    (meeting_id, seq, speaker_id, speaker_label, start_time, end_time, text, confidence, words)
  select p_meeting_id,
         (seg.ordinality - 1)::integer,
         nullif(seg.value ->> 'speakerId', '')::uuid,
         seg.value ->> 'speaker',
         (seg.value ->> 'start')::real,
         (seg.value ->> 'end')::real,
         coalesce(seg.value ->> 'text', ''),
         (seg.value ->> 'confidence')::real,
         coalesce(seg.value -> 'words', '[]'::jsonb)
    from jsonb_array_elements(coalesce(p_result -> 'segments', '[]'::jsonb)) with ordinality as seg;

  if jsonb_typeof(p_result -> 'summary') = 'object' then
    insert into public.meeting_summaries (meeting_id, summary, items, backend)
    values (p_meeting_id,
            p_result -> 'summary' ->> 'overview',
            coalesce(p_result -> 'summary' -> 'items', '[]'::jsonb),
            p_result -> 'summary' ->> 'backend')
    on conflict (meeting_id) do update
      set summary = excluded.summary,
          items = excluded.items,
          backend = excluded.backend,
          created_at = now();
  else
    delete from public.meeting_summaries where meeting_id = p_meeting_id;
  end if;

  update public.meetings
     set status = 'completed',
         processed_by = p_worker_id,
         claimed_by = null,
         lease_expires_at = null,
         stage = 'done',
         progress = 1,
         error_message = null,
         language = p_result ->> 'language',
         duration_sec = (p_result ->> 'durationSec')::real,
         completed_at = now(),
         updated_at = now()
   where id = p_meeting_id;
  return true;
end
$$;

-- Records a failure. A retryable failure puts the meeting back in the queue with a growing delay until
-- its attempts are used up; a final one (bad input) ends it at once. Returns the new status, or null
-- when the caller no longer holds the meeting.
create or replace function public.fail_meeting(
  p_meeting_id uuid,
  p_worker_id text,
  p_reason text,
  p_retryable boolean)
returns text
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_status text;
begin
  update public.meetings m
     set status = case when p_retryable and m.attempts < m.max_attempts then 'pending' else 'failed' end,
         next_attempt_at = case
           when p_retryable and m.attempts < m.max_attempts
             then now() + make_interval(secs => least(15 * power(2, greatest(m.attempts - 1, 0)), 600))
         end,
         error_message = left(coalesce(nullif(p_reason, ''), 'Processing failed for an unknown reason.'), 2000),
         processed_by = p_worker_id,
         claimed_by = null,
         lease_expires_at = null,
         completed_at = case when p_retryable and m.attempts < m.max_attempts then null else now() end,
         updated_at = now()
   where m.id = p_meeting_id and m.claimed_by = p_worker_id and m.status = 'processing'
  returning m.status into v_status;
  return v_status;
end
$$;

-- Hands a meeting back untouched (pause, graceful shutdown): it does not count as an attempt.
create or replace function public.release_meeting(p_meeting_id uuid, p_worker_id text)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.meetings
     set status = 'pending',
         attempts = greatest(attempts - 1, 0),
         claimed_by = null,
         lease_expires_at = null,
         stage = null,
         progress = null,
         updated_at = now()
   where id = p_meeting_id and claimed_by = p_worker_id and status = 'processing';
  return found;
end
$$;

-- A person's "Retry" on a failed meeting: back to pending with a fresh attempt budget.
create or replace function public.retry_meeting(p_meeting_id uuid)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.meetings
     set status = 'pending',
         attempts = 0,
         next_attempt_at = null,
         error_message = null,
         stage = null,
         progress = null,
         completed_at = null,
         updated_at = now()
   where id = p_meeting_id and status = 'failed';
  return found;
end
$$;

create or replace function public.report_worker(
  p_worker_id text,
  p_name text,
  p_state text,
  p_current_meeting_id uuid,
  p_system_info jsonb)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
begin
  insert into public.workers as w (id, name, state, current_meeting_id, system_info, last_seen_at)
  values (p_worker_id, p_name, p_state, p_current_meeting_id, coalesce(p_system_info, '{}'::jsonb), now())
  on conflict (id) do update
    set name = excluded.name,
        state = excluded.state,
        current_meeting_id = excluded.current_meeting_id,
        system_info = case when excluded.system_info = '{}'::jsonb then w.system_info
                           else excluded.system_info end,
        last_seen_at = now();
end
$$;

revoke execute on function public.claim_next_meeting(text, integer, uuid) from public, anon, authenticated;
revoke execute on function public.heartbeat_meeting(uuid, text, text, real, integer) from public, anon, authenticated;
revoke execute on function public.complete_meeting(uuid, text, jsonb) from public, anon, authenticated;
revoke execute on function public.fail_meeting(uuid, text, text, boolean) from public, anon, authenticated;
revoke execute on function public.release_meeting(uuid, text) from public, anon, authenticated;
revoke execute on function public.retry_meeting(uuid) from public, anon, authenticated;
revoke execute on function public.report_worker(text, text, text, uuid, jsonb) from public, anon, authenticated;

grant execute on function public.claim_next_meeting(text, integer, uuid) to service_role;
grant execute on function public.heartbeat_meeting(uuid, text, text, real, integer) to service_role;
grant execute on function public.complete_meeting(uuid, text, jsonb) to service_role;
grant execute on function public.fail_meeting(uuid, text, text, boolean) to service_role;
grant execute on function public.release_meeting(uuid, text) to service_role;
grant execute on function public.retry_meeting(uuid) to service_role;
grant execute on function public.report_worker(text, text, text, uuid, jsonb) to service_role;
