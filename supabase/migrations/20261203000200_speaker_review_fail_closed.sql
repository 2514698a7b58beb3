-- Speaker review and voiceprints, closed by default (issue 15, items 8 and 9, and delete_voiceprint).
--
-- 8. confirm_speaker_match and dismiss_speaker_suggestion took a request without JWT claims for the
--    service role (coalesce(role, 'service_role')): any caller with EXECUTE and no claims (a direct SQL
--    connection as `authenticated`) passed. Now the caller's own role decides (the role PostgREST or a
--    `set role` switched to, never a claim), and without one only a superuser session passes: the
--    embedded queue, whose only user is the database itself.
-- 9. confirm_speaker_match accepted any voiceprint listed as an attendee and copied its name into the
--    owner's rows, and the worker matched meetings against attendees' voiceprints of other users.
--    Voiceprints (biometric data) now reach only meetings of their own owner: attendees are a hint
--    among the owner's own voiceprints. Ownerless meetings (the service role's, the embedded queue's)
--    keep using ownerless voiceprints, which no signed-in user can read or confirm.
-- delete_voiceprint now also erases the name (the row stays as a tombstone, anonymous).

-- Whether the caller may review the speakers of a meeting owned by p_owner.
create or replace function public.speaker_review_allowed(p_owner uuid)
returns boolean
language sql
stable
security invoker
set search_path = ''
as $$
  -- Never null: `p_owner = auth.uid()` without a subject is null, and `not null` would let it pass.
  select coalesce(case
    -- current_setting('role') is the caller's `set role` even inside a security definer function.
    when coalesce(current_setting('role', true), 'none') <> 'none'
      then current_setting('role', true) = 'service_role'
        or (p_owner is not null and p_owner is not distinct from (select auth.uid()))
    else session_user = 'service_role'
      or exists (select 1 from pg_catalog.pg_roles r where r.rolname = session_user and r.rolsuper)
  end, false)
$$;

revoke execute on function public.speaker_review_allowed(uuid) from public, anon, authenticated, service_role;

-- The voiceprints a meeting is matched against: its owner's own, from one model; `attendee` marks the
-- ones the meeting lists as attendees.
create or replace function public.meeting_voiceprints(p_meeting_id uuid, p_embedding_model text)
returns table (id uuid, name text, embedding jsonb, embedding_model text, sample_count integer, attendee boolean)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.id, s.name, s.embedding, s.embedding_model, s.sample_count, s.id = any(m.attendee_ids)
    from public.meetings m
    join public.speakers s on s.user_id is not distinct from m.user_id
   where m.id = p_meeting_id
     and s.deleted_at is null
     and s.embedding is not null
     and s.embedding_model = p_embedding_model
     and jsonb_typeof(s.embedding) = 'array'
$$;

-- As in 20261130000500_confirm_speaker_match.sql; 'update' and 'suggest' only touch a voiceprint of
-- the meeting's owner, whatever id the worker sends.
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
         and s.user_id is not distinct from v_owner
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
         and s.user_id is not distinct from v_owner
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

-- As in 20261130000500_confirm_speaker_match.sql, closed: the caller must be allowed
-- (speaker_review_allowed), and the voiceprint must belong to the meeting's owner.
create or replace function public.confirm_speaker_match(p_meeting_id uuid, p_label text, p_speaker_id uuid)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_meeting public.meetings%rowtype;
  v_print public.speakers%rowtype;
  v_suggestion public.voiceprint_suggestions%rowtype;
begin
  select * into v_meeting from public.meetings where id = p_meeting_id for update;
  if not found then
    return false;
  end if;
  if not public.speaker_review_allowed(v_meeting.user_id) then
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
     and user_id is not distinct from v_meeting.user_id
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

-- As in 20261201000100_speaker_suggestion_review.sql, closed like confirm_speaker_match.
create or replace function public.dismiss_speaker_suggestion(p_meeting_id uuid, p_label text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_owner uuid;
begin
  select user_id into v_owner from public.meetings where id = p_meeting_id for update;
  if not found then
    return false;
  end if;
  if not public.speaker_review_allowed(v_owner) then
    raise exception 'Only the meeting''s owner can review its speakers' using errcode = '42501';
  end if;
  delete from public.voiceprint_suggestions where meeting_id = p_meeting_id and label = p_label;
  if not found then
    return false;
  end if;
  update public.meeting_speakers
     set speaker_id = null, name = null, match = null, score = null
   where meeting_id = p_meeting_id and label = p_label and match = 'suggested';
  return true;
end
$$;

-- As in 20261130000500_confirm_speaker_match.sql, plus the name: a deleted voiceprint is anonymous,
-- in its tombstone and in the meeting labels that showed it.
create or replace function public.delete_voiceprint(p_speaker_id uuid)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
begin
  update public.speakers
     set name = null,
         embedding = null,
         sample_count = 0,
         meeting_ids = '{}',
         deleted_at = coalesce(deleted_at, now()),
         updated_at = now()
   where id = p_speaker_id;
  if not found then
    return false;
  end if;
  delete from public.voiceprint_suggestions where speaker_id = p_speaker_id;
  update public.meeting_speakers
     set speaker_id = null, name = null, match = null, score = null
   where speaker_id = p_speaker_id;
  update public.transcript_segments set speaker_id = null where speaker_id = p_speaker_id;
  return true;
end
$$;
