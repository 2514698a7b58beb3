-- Leases carry a random token (issue 15, item 7). Until now a lease was checked by worker id only, and
-- the desktop app and the CLI on one machine both default to `pc-<hostname>`: each accepted the
-- other's lease (heartbeat, complete, fail, release), so a meeting whose lease had expired and been
-- taken over by the other process could be saved twice or released under it. Now claim_next_meeting
-- draws a fresh token per lease and every lease-checked function needs it; the worker id stays for
-- the dashboards (claimed_by, processed_by). The old signatures are dropped: a worker that cannot
-- present a token can no longer touch a lease.

alter table public.meetings add column if not exists lease_token uuid;
comment on column public.meetings.lease_token is
  'Random per claim; heartbeat/complete/fail/release must present it. Null when not processing.';
-- processed_by and completed_at cannot tell two leases of one worker id apart: the completed row
-- remembers the token that saved it.
alter table public.meetings add column if not exists completed_lease uuid;
comment on column public.meetings.completed_lease is 'The lease token whose complete_meeting saved the result.';

drop function if exists public.heartbeat_meeting(uuid, text, text, real, integer);
drop function if exists public.complete_meeting(uuid, text, jsonb);
drop function if exists public.fail_meeting(uuid, text, text, boolean);
drop function if exists public.release_meeting(uuid, text);

-- As in 20261130000200, plus the token: the returned row's lease_token is the caller's proof of lease.
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
         lease_token = null,
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
         lease_token = gen_random_uuid(),
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
  p_lease_token uuid,
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
     and lease_token = p_lease_token
     and status = 'processing';
  return found;
end
$$;

-- As in 20261130000300_voiceprints.sql (voiceprints applied first, deleted ones dropped), plus the
-- token; the saved row remembers which lease saved it.
create or replace function public.complete_meeting(
  p_meeting_id uuid,
  p_worker_id text,
  p_lease_token uuid,
  p_result jsonb)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  perform 1
    from public.meetings
   where id = p_meeting_id and claimed_by = p_worker_id and lease_token = p_lease_token
     and status = 'processing'
     for update;
  if not found then
    return false;
  end if;

  perform public.apply_meeting_voiceprints(p_meeting_id, p_result -> 'voiceprints');

  delete from public.transcript_segments where meeting_id = p_meeting_id;
  delete from public.meeting_speakers where meeting_id = p_meeting_id;

  insert into public.meeting_speakers (meeting_id, label, speaker_id, name, match, score)
  select p_meeting_id, s.label, live.id, s.name, s.match, s.score
    from jsonb_to_recordset(coalesce(p_result -> 'speakers', '[]'::jsonb))
      as s(label text, "speakerId" uuid, name text, match text, score real)
    left join public.speakers live on live.id = s."speakerId" and live.deleted_at is null;

  insert into public.transcript_segments
    (meeting_id, seq, speaker_id, speaker_label, start_time, end_time, text, confidence, words)
  select p_meeting_id,
         (seg.ordinality - 1)::integer,
         live.id,
         seg.value ->> 'speaker',
         (seg.value ->> 'start')::real,
         (seg.value ->> 'end')::real,
         coalesce(seg.value ->> 'text', ''),
         (seg.value ->> 'confidence')::real,
         coalesce(seg.value -> 'words', '[]'::jsonb)
    from jsonb_array_elements(coalesce(p_result -> 'segments', '[]'::jsonb)) with ordinality as seg
    left join public.speakers live
      on live.id = nullif(seg.value ->> 'speakerId', '')::uuid and live.deleted_at is null;

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
         completed_lease = p_lease_token,
         claimed_by = null,
         lease_token = null,
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

-- Whether this lease's completion was saved: a worker whose reply to complete_meeting was lost asks
-- this before it calls its lease lost (the data may be saved already).
create or replace function public.meeting_completed_by_lease(p_meeting_id uuid, p_lease_token uuid)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  select exists (
    select 1 from public.meetings
     where id = p_meeting_id and status = 'completed' and completed_lease = p_lease_token)
$$;

-- Records a failure (see 20261130000200). Returns the new status, or null when the caller's lease
-- does not hold the meeting.
create or replace function public.fail_meeting(
  p_meeting_id uuid,
  p_worker_id text,
  p_lease_token uuid,
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
         lease_token = null,
         lease_expires_at = null,
         completed_at = case when p_retryable and m.attempts < m.max_attempts then null else now() end,
         updated_at = now()
   where m.id = p_meeting_id and m.claimed_by = p_worker_id and m.lease_token = p_lease_token
     and m.status = 'processing'
  returning m.status into v_status;
  return v_status;
end
$$;

-- Hands a meeting back untouched (pause, graceful shutdown, a machine problem): no attempt spent.
create or replace function public.release_meeting(p_meeting_id uuid, p_worker_id text, p_lease_token uuid)
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
         lease_token = null,
         lease_expires_at = null,
         stage = null,
         progress = null,
         updated_at = now()
   where id = p_meeting_id and claimed_by = p_worker_id and lease_token = p_lease_token
     and status = 'processing';
  return found;
end
$$;

revoke execute on function public.claim_next_meeting(text, integer, uuid) from public, anon, authenticated;
revoke execute on function public.heartbeat_meeting(uuid, text, uuid, text, real, integer)
  from public, anon, authenticated;
revoke execute on function public.complete_meeting(uuid, text, uuid, jsonb) from public, anon, authenticated;
revoke execute on function public.meeting_completed_by_lease(uuid, uuid) from public, anon, authenticated;
revoke execute on function public.fail_meeting(uuid, text, uuid, text, boolean) from public, anon, authenticated;
revoke execute on function public.release_meeting(uuid, text, uuid) from public, anon, authenticated;

grant execute on function public.claim_next_meeting(text, integer, uuid) to service_role;
grant execute on function public.heartbeat_meeting(uuid, text, uuid, text, real, integer) to service_role;
grant execute on function public.complete_meeting(uuid, text, uuid, jsonb) to service_role;
grant execute on function public.meeting_completed_by_lease(uuid, uuid) to service_role;
grant execute on function public.fail_meeting(uuid, text, uuid, text, boolean) to service_role;
grant execute on function public.release_meeting(uuid, text, uuid) to service_role;
