-- Voiceprints: the `speakers` table as a library of speaker embeddings that meetings are matched
-- against, updated inside complete_meeting's transaction, deletable for good.
--
-- A voiceprint is the running mean of one person's per-meeting embeddings from ONE embedding model
-- (`embedding_model`); rows from another model are never compared or averaged with it.

-- A voice first heard in a meeting gets an unnamed row; a person names it later in the web app.
-- Names are never guessed from audio, so `name` may be null.
alter table public.speakers alter column name drop not null;
alter table public.speakers add column if not exists sample_count integer not null default 0
  check (sample_count >= 0);
alter table public.speakers add column if not exists last_matched_at timestamptz;
-- Deletion keeps a tombstone (no embedding, no meetings) so that a meeting finishing later cannot
-- bring the voiceprint back, and transcripts keep their (now anonymous) speaker link.
alter table public.speakers add column if not exists deleted_at timestamptz;

create index if not exists speakers_library_idx on public.speakers (user_id, embedding_model)
  where deleted_at is null and embedding is not null;

-- The owner sees their voiceprints, but not deleted ones.
drop policy if exists speakers_owner_read on public.speakers;
create policy speakers_owner_read on public.speakers
  for select to authenticated using (user_id = (select auth.uid()) and deleted_at is null);

-- The voiceprints a meeting is matched against: its owner's and its attendees', from one model.
create or replace function public.meeting_voiceprints(p_meeting_id uuid, p_embedding_model text)
returns table (id uuid, name text, embedding jsonb, embedding_model text, sample_count integer, attendee boolean)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.id, s.name, s.embedding, s.embedding_model, s.sample_count, s.id = any(m.attendee_ids)
    from public.meetings m
    join public.speakers s
      on s.id = any(m.attendee_ids) or s.user_id is not distinct from m.user_id
   where m.id = p_meeting_id
     and s.deleted_at is null
     and s.embedding is not null
     and s.embedding_model = p_embedding_model
     and jsonb_typeof(s.embedding) = 'array'
$$;

-- Applies a meeting's voiceprint changes. Called by complete_meeting, in its transaction.
-- p_voiceprints: [{ speakerId, action: 'create' | 'update', model, embedding: number[] }]
--   create: a new unnamed voiceprint owned by the meeting's owner (skipped if the id exists);
--   update: running mean with the stored one, same model only, never on a deleted row.
create or replace function public.apply_meeting_voiceprints(p_meeting_id uuid, p_voiceprints jsonb)
returns void
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_owner uuid;
  v jsonb;
begin
  select user_id into v_owner from public.meetings where id = p_meeting_id;
  for v in select value from jsonb_array_elements(coalesce(p_voiceprints, '[]'::jsonb)) loop
    if jsonb_typeof(v -> 'embedding') <> 'array' or coalesce(v ->> 'model', '') = '' then
      continue;
    end if;
    if v ->> 'action' = 'create' then
      insert into public.speakers (id, name, embedding, embedding_model, sample_count, meeting_ids, user_id,
                                   last_matched_at)
      values ((v ->> 'speakerId')::uuid, null, v -> 'embedding', v ->> 'model', 1, array[p_meeting_id], v_owner,
              now())
      on conflict (id) do nothing;
    elsif v ->> 'action' = 'update' then
      update public.speakers s
         set embedding = (
               select jsonb_agg(
                        ((old.value::text)::float8 * s.sample_count + (new.value::text)::float8)
                          / (s.sample_count + 1)
                        order by old.ordinality)
                 from jsonb_array_elements(s.embedding) with ordinality as old
                 join jsonb_array_elements(v -> 'embedding') with ordinality as new
                   on new.ordinality = old.ordinality),
             sample_count = s.sample_count + 1,
             meeting_ids = case when p_meeting_id = any(s.meeting_ids) then s.meeting_ids
                                else s.meeting_ids || p_meeting_id end,
             last_matched_at = now(),
             updated_at = now()
       where s.id = (v ->> 'speakerId')::uuid
         and s.deleted_at is null
         and s.embedding_model = v ->> 'model'
         and jsonb_array_length(s.embedding) = jsonb_array_length(v -> 'embedding')
         -- a re-run of the same meeting must not count it twice
         and not (p_meeting_id = any(s.meeting_ids));
    end if;
  end loop;
end
$$;

-- Deletes a voiceprint for good: the embedding and meeting list are erased, the row stays as a
-- tombstone, and every meeting label pointing at it is unlinked.
create or replace function public.delete_voiceprint(p_speaker_id uuid)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.speakers
     set embedding = null,
         sample_count = 0,
         meeting_ids = '{}',
         deleted_at = coalesce(deleted_at, now()),
         updated_at = now()
   where id = p_speaker_id;
  if not found then
    return false;
  end if;
  update public.meeting_speakers set speaker_id = null, match = null, score = null where speaker_id = p_speaker_id;
  update public.transcript_segments set speaker_id = null where speaker_id = p_speaker_id;
  return true;
end
$$;

-- complete_meeting as in 20261130000200_queue_functions.sql, plus p_result -> 'voiceprints' applied
-- first (segments may point at a voiceprint created by this meeting). Ids of deleted voiceprints are
-- dropped from the saved labels and segments.
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

revoke execute on function public.complete_meeting(uuid, text, jsonb) from public, anon, authenticated;
revoke execute on function public.meeting_voiceprints(uuid, text) from public, anon, authenticated;
revoke execute on function public.apply_meeting_voiceprints(uuid, jsonb) from public, anon, authenticated;
revoke execute on function public.delete_voiceprint(uuid) from public, anon, authenticated;

grant execute on function public.complete_meeting(uuid, text, jsonb) to service_role;
grant execute on function public.meeting_voiceprints(uuid, text) to service_role;
grant execute on function public.apply_meeting_voiceprints(uuid, jsonb) to service_role;
grant execute on function public.delete_voiceprint(uuid) to service_role;
