-- Reviewing suggested voiceprint matches from the dashboard (or the web app): the list of open
-- suggestions, with what a person needs to decide (the suggested voiceprint's name, or the meeting
-- where that unnamed voice was first heard, and the longest thing the meeting speaker said), and a
-- way to say "not this person". Confirming is confirm_speaker_match (20261130000500).

-- Open suggestions, newest first; service role only (the dashboard). The meeting voice's embedding
-- stays in voiceprint_suggestions: the list carries none.
create or replace function public.pending_speaker_suggestions(p_limit integer default 20)
returns table (
  meeting_id uuid,
  meeting_title text,
  label text,
  speaker_id uuid,
  speaker_name text,
  first_heard_in text,
  score real,
  sample_text text,
  suggested_at timestamptz
)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.meeting_id,
         m.title,
         s.label,
         s.speaker_id,
         p.name,
         (select first.title from public.meetings first where first.id = p.meeting_ids[1]),
         ms.score,
         (select left(t.text, 240)
            from public.transcript_segments t
           where t.meeting_id = s.meeting_id and t.speaker_label = s.label
           order by t.end_time - t.start_time desc, t.seq
           limit 1),
         s.created_at
    from public.voiceprint_suggestions s
    join public.meetings m on m.id = s.meeting_id
    join public.speakers p on p.id = s.speaker_id and p.deleted_at is null
    left join public.meeting_speakers ms on ms.meeting_id = s.meeting_id and ms.label = s.label
   order by s.created_at desc, s.meeting_id, s.label
   limit greatest(p_limit, 0);
$$;

-- "Meeting speaker p_label is not the suggested person": the suggestion and its stored voice go,
-- the meeting speaker stays unlinked (no voiceprint is made from a voice a person turned down; the
-- next meeting with that voice starts afresh). Returns false when there is no such suggestion.
-- Same callers and ownership rule as confirm_speaker_match.
create or replace function public.dismiss_speaker_suggestion(p_meeting_id uuid, p_label text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_owner uuid;
  v_claims jsonb := nullif(current_setting('request.jwt.claims', true), '')::jsonb;
begin
  select user_id into v_owner from public.meetings where id = p_meeting_id for update;
  if not found then
    return false;
  end if;
  if coalesce(v_claims ->> 'role', 'service_role') <> 'service_role'
     and v_owner is distinct from (select auth.uid()) then
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

revoke execute on function public.pending_speaker_suggestions(integer) from public, anon, authenticated;
revoke execute on function public.dismiss_speaker_suggestion(uuid, text) from public, anon;
grant execute on function public.pending_speaker_suggestions(integer) to service_role;
grant execute on function public.dismiss_speaker_suggestion(uuid, text) to authenticated, service_role;
