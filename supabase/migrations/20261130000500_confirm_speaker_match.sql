-- Confirming a suggested voiceprint match: the web app (the meeting's owner) or the dashboard (the
-- service role) says "this meeting speaker is that person". The voiceprint then learns the meeting's
-- voice (running mean with a count), lists the meeting, and the speaker's segments link to it.
--
-- The worker stores a suggestion with the meeting voice's embedding (action 'suggest' in
-- complete_meeting's p_result -> 'voiceprints'); nothing else keeps that embedding, and only the
-- service role may read it.

create table if not exists public.voiceprint_suggestions (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  label text not null,
  speaker_id uuid not null references public.speakers (id) on delete cascade,
  embedding_model text not null,
  embedding jsonb not null check (jsonb_typeof(embedding) = 'array'),
  created_at timestamptz not null default now(),
  primary key (meeting_id, label)
);

alter table public.voiceprint_suggestions enable row level security;
revoke all on public.voiceprint_suggestions from anon, authenticated;
grant select, insert, update, delete on public.voiceprint_suggestions to service_role;

-- A person's confirmation is a match of its own kind, apart from the worker's 'auto'.
alter table public.meeting_speakers drop constraint if exists meeting_speakers_match_check;
alter table public.meeting_speakers add constraint meeting_speakers_match_check
  check (match is null or match in ('auto', 'suggested', 'new', 'confirmed'));

-- As in 20261130000300_voiceprints.sql, plus action 'suggest': the meeting voice's embedding kept
-- for a later confirmation (a live voiceprint of the same model only). A re-run of the meeting
-- replaces its suggestions.
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
  delete from public.voiceprint_suggestions where meeting_id = p_meeting_id;
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
    elsif v ->> 'action' = 'suggest' then
      insert into public.voiceprint_suggestions (meeting_id, label, speaker_id, embedding_model, embedding)
      select p_meeting_id, v ->> 'label', s.id, s.embedding_model, v -> 'embedding'
        from public.speakers s
       where s.id = (v ->> 'speakerId')::uuid
         and s.deleted_at is null
         and s.embedding_model = v ->> 'model'
      on conflict (meeting_id, label) do update
        set speaker_id = excluded.speaker_id,
            embedding_model = excluded.embedding_model,
            embedding = excluded.embedding,
            created_at = now();
    end if;
  end loop;
end
$$;

-- Confirms that meeting speaker p_label is voiceprint p_speaker_id (the suggested one, or another
-- voiceprint of the meeting's owner or attendees that a person picked instead). Returns false when
-- there is nothing to confirm: no suggestion for the label, an unknown, deleted or foreign
-- voiceprint, or one of another embedding model (never averaged together). Raises 42501 when a
-- signed-in user confirms in someone else's meeting. Confirming twice counts the meeting once.
create or replace function public.confirm_speaker_match(p_meeting_id uuid, p_label text, p_speaker_id uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_meeting public.meetings%rowtype;
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
  v_print public.speakers%rowtype;
  v_suggestion public.voiceprint_suggestions%rowtype;
begin
  select * into v_meeting from public.meetings where id = p_meeting_id for update;
  if not found then
    return false;
  end if;
  -- Only the service role and signed-in users may execute this (grants below); a signed-in user
  -- must own the meeting. Without request claims the caller is the database itself (embedded queue).
  if coalesce(v_claims ->> 'role', 'service_role') <> 'service_role'
     and v_meeting.user_id is distinct from (select auth.uid()) then
    raise exception 'Only the meeting''s owner can confirm its speakers' using errcode = '42501';
  end if;

  select * into v_suggestion
    from public.voiceprint_suggestions
   where meeting_id = p_meeting_id and label = p_label;
  select * into v_print
    from public.speakers
   where id = p_speaker_id
     and deleted_at is null
     and embedding is not null
     and (user_id is not distinct from v_meeting.user_id or id = any(v_meeting.attendee_ids))
     for update;
  if v_suggestion.meeting_id is null or v_print.id is null
     or v_print.embedding_model is distinct from v_suggestion.embedding_model
     or jsonb_array_length(v_print.embedding) <> jsonb_array_length(v_suggestion.embedding) then
    return false;
  end if;

  if not (p_meeting_id = any(v_print.meeting_ids)) then
    update public.speakers s
       set embedding = (
             select jsonb_agg(
                      ((old.value::text)::float8 * s.sample_count + (new.value::text)::float8)
                        / (s.sample_count + 1)
                      order by old.ordinality)
               from jsonb_array_elements(s.embedding) with ordinality as old
               join jsonb_array_elements(v_suggestion.embedding) with ordinality as new
                 on new.ordinality = old.ordinality),
           sample_count = s.sample_count + 1,
           meeting_ids = s.meeting_ids || p_meeting_id,
           last_matched_at = now(),
           updated_at = now()
     where s.id = p_speaker_id;
  end if;

  update public.meeting_speakers
     set speaker_id = p_speaker_id, name = v_print.name, match = 'confirmed'
   where meeting_id = p_meeting_id and label = p_label;
  update public.transcript_segments
     set speaker_id = p_speaker_id
   where meeting_id = p_meeting_id and speaker_label = p_label;
  delete from public.voiceprint_suggestions where meeting_id = p_meeting_id and label = p_label;
  return true;
end
$$;

-- As in 20261130000300_voiceprints.sql, plus: suggestions pointing at the voiceprint go too.
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
  delete from public.voiceprint_suggestions where speaker_id = p_speaker_id;
  update public.meeting_speakers set speaker_id = null, match = null, score = null where speaker_id = p_speaker_id;
  update public.transcript_segments set speaker_id = null where speaker_id = p_speaker_id;
  return true;
end
$$;

revoke execute on function public.apply_meeting_voiceprints(uuid, jsonb) from public, anon, authenticated;
revoke execute on function public.delete_voiceprint(uuid) from public, anon, authenticated;
revoke execute on function public.confirm_speaker_match(uuid, text, uuid) from public, anon;
grant execute on function public.apply_meeting_voiceprints(uuid, jsonb) to service_role;
grant execute on function public.delete_voiceprint(uuid) to service_role;
grant execute on function public.confirm_speaker_match(uuid, text, uuid) to authenticated, service_role;
