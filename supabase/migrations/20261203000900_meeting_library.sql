-- The meeting library a person works in (issue 21 §3): rename a speaker, correct a line, delete a
-- meeting, search every transcript. Plain SQL functions, so the embedded PGlite and a Supabase
-- project run the very same statements.

-- What the worker wrote before a person corrected the line; null while nobody has. `text` always
-- holds the line as it should be read, so every export uses the correction without knowing of it.
alter table public.transcript_segments add column if not exists original_text text;

-- Full-text search over the lines. 'simple' (no stemming, no stop words) because meetings come in
-- every Whisper language; a language's stemmer would mangle the others.
create index if not exists transcript_segments_text_search_idx
  on public.transcript_segments using gin (to_tsvector('simple', text));

-- Names meeting speaker p_label; an empty name gives the label back. When the label is linked to
-- a voiceprint, the voiceprint takes the name too, so the next meeting with that voice shows it.
create or replace function public.rename_meeting_speaker(p_meeting_id uuid, p_label text, p_name text)
returns boolean
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_name text := nullif(btrim(p_name), '');
  v_speaker uuid;
begin
  update public.meeting_speakers
     set name = v_name
   where meeting_id = p_meeting_id and label = p_label
  returning speaker_id into v_speaker;
  if not found then
    return false;
  end if;
  if v_speaker is not null and v_name is not null then
    update public.speakers set name = v_name, updated_at = now()
     where id = v_speaker and deleted_at is null;
  end if;
  return true;
end
$$;

-- Replaces line p_seq's text, keeping the worker's first version in original_text. Correcting a
-- line back to that version forgets the correction.
create or replace function public.correct_transcript_segment(p_meeting_id uuid, p_seq integer, p_text text)
returns boolean
language sql
security invoker
set search_path = ''
as $$
  with changed as (
    update public.transcript_segments
       set original_text = case when btrim(p_text) = coalesce(original_text, text) then null
                                else coalesce(original_text, text) end,
           text = btrim(p_text)
     where meeting_id = p_meeting_id and seq = p_seq
    returning 1)
  select exists (select 1 from changed)
$$;

-- Deletes a meeting and its transcript, speakers and summary (cascade); voiceprints stay, without
-- this meeting in their list. A meeting being processed is left alone. Returns the recording's
-- object path for the caller to remove, or null when nothing was deleted.
create or replace function public.delete_meeting(p_meeting_id uuid)
returns text
language plpgsql
security invoker
set search_path = ''
as $$
declare
  v_audio_path text;
begin
  delete from public.meetings
   where id = p_meeting_id and status <> 'processing'
  returning coalesce(audio_path, '') into v_audio_path;
  if not found then
    return null;
  end if;
  update public.speakers
     set meeting_ids = array_remove(meeting_ids, p_meeting_id), updated_at = now()
   where p_meeting_id = any(meeting_ids);
  return v_audio_path;
end
$$;

-- Lines matching a search (web-search syntax: words, "a phrase", -not, or), best first. The
-- snippet marks each hit between chr(2) and chr(3), which no transcript contains, so a page can
-- highlight it without reading HTML.
create or replace function public.search_transcripts(p_query text, p_limit integer default 50)
returns table (meeting_id uuid, title text, seq integer, start_time real, speaker text, snippet text,
               rank real)
language sql
stable
security invoker
set search_path = ''
as $$
  select s.meeting_id, m.title, s.seq, s.start_time,
         coalesce(ms.name, s.speaker_label),
         pg_catalog.ts_headline('simple', s.text, q.query,
                                'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', HighlightAll=true'),
         pg_catalog.ts_rank(to_tsvector('simple', s.text), q.query)
    from (select pg_catalog.websearch_to_tsquery('simple', p_query) as query) q
    join public.transcript_segments s on to_tsvector('simple', s.text) @@ q.query
    join public.meetings m on m.id = s.meeting_id
    left join public.meeting_speakers ms on ms.meeting_id = s.meeting_id and ms.label = s.speaker_label
   order by 7 desc, m.created_at desc, s.seq
   limit least(greatest(p_limit, 1), 500)
$$;

revoke execute on function public.rename_meeting_speaker(uuid, text, text) from public, anon, authenticated;
revoke execute on function public.correct_transcript_segment(uuid, integer, text) from public, anon, authenticated;
revoke execute on function public.delete_meeting(uuid) from public, anon, authenticated;
revoke execute on function public.search_transcripts(text, integer) from public, anon, authenticated;
grant execute on function public.rename_meeting_speaker(uuid, text, text) to service_role;
grant execute on function public.correct_transcript_segment(uuid, integer, text) to service_role;
grant execute on function public.delete_meeting(uuid) to service_role;
grant execute on function public.search_transcripts(text, integer) to service_role;
