-- PC Worker schema: the seed's four tables (meetings, transcript_segments, meeting_summaries, speakers),
-- extended for a real work queue, plus workers and per-meeting speaker labels.
-- The queue logic itself lives in 20261130000200_queue_functions.sql.

create table if not exists public.speakers (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  -- Voiceprint: the mean speaker embedding (JSON array of numbers) and the model that produced it.
  embedding jsonb,
  embedding_model text,
  meeting_ids uuid[] not null default '{}',
  user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table if not exists public.meetings (
  id uuid primary key default gen_random_uuid(),
  title text,
  -- Object path inside the `meeting-audio` storage bucket.
  audio_path text,
  status text not null default 'pending',
  error_message text,
  -- Hints from the web app: language ('auto' or ISO-639-1), expected speaker count, known attendees.
  requested_language text,
  expected_speakers integer check (expected_speakers is null or expected_speakers between 1 and 32),
  attendee_ids uuid[] not null default '{}',
  -- Queue state, written only by the queue functions.
  claimed_by text,
  lease_expires_at timestamptz,
  attempts integer not null default 0,
  max_attempts integer not null default 3 check (max_attempts between 1 and 20),
  next_attempt_at timestamptz,
  stage text,
  progress real check (progress is null or progress between 0 and 1),
  processed_by text,
  -- Results.
  language text,
  duration_sec real,
  user_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz,
  completed_at timestamptz
);

-- Unknown statuses written by another app are tolerated (the worker never claims them) but the
-- known ones are the only ones the queue functions set.
comment on column public.meetings.status is 'pending | processing | completed | failed';

create index if not exists meetings_claimable_idx on public.meetings (created_at)
  where status in ('pending', 'processing');

create table if not exists public.transcript_segments (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  seq integer not null,
  speaker_id uuid references public.speakers (id) on delete set null,
  speaker_label text,
  start_time real not null,
  end_time real not null,
  text text not null,
  confidence real,
  words jsonb not null default '[]',
  created_at timestamptz not null default now(),
  unique (meeting_id, seq),
  check (end_time >= start_time)
);

create table if not exists public.meeting_summaries (
  meeting_id uuid primary key references public.meetings (id) on delete cascade,
  summary text,
  items jsonb not null default '[]',
  backend text,
  created_at timestamptz not null default now()
);

create table if not exists public.meeting_speakers (
  meeting_id uuid not null references public.meetings (id) on delete cascade,
  label text not null,
  speaker_id uuid references public.speakers (id) on delete set null,
  name text,
  match text check (match is null or match in ('auto', 'suggested', 'new')),
  score real,
  primary key (meeting_id, label)
);

create table if not exists public.workers (
  id text primary key,
  name text not null,
  state text not null default 'running' check (state in ('running', 'paused', 'offline')),
  current_meeting_id uuid references public.meetings (id) on delete set null,
  system_info jsonb not null default '{}',
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);

create index if not exists transcript_segments_speaker_idx on public.transcript_segments (speaker_id);
create index if not exists meeting_speakers_speaker_idx on public.meeting_speakers (speaker_id);
create index if not exists workers_current_meeting_idx on public.workers (current_meeting_id);

-- Row level security: on everywhere. The worker uses the service role, which bypasses RLS; a signed-in
-- user reads only their own meetings and voiceprints; anon reads nothing.
alter table public.meetings enable row level security;
alter table public.transcript_segments enable row level security;
alter table public.meeting_summaries enable row level security;
alter table public.meeting_speakers enable row level security;
alter table public.speakers enable row level security;
alter table public.workers enable row level security;

create policy meetings_owner_read on public.meetings
  for select to authenticated using (user_id = (select auth.uid()));
create policy speakers_owner_read on public.speakers
  for select to authenticated using (user_id = (select auth.uid()));
create policy transcript_segments_owner_read on public.transcript_segments
  for select to authenticated using (
    exists (select 1 from public.meetings m where m.id = meeting_id and m.user_id = (select auth.uid()))
  );
create policy meeting_summaries_owner_read on public.meeting_summaries
  for select to authenticated using (
    exists (select 1 from public.meetings m where m.id = meeting_id and m.user_id = (select auth.uid()))
  );
create policy meeting_speakers_owner_read on public.meeting_speakers
  for select to authenticated using (
    exists (select 1 from public.meetings m where m.id = meeting_id and m.user_id = (select auth.uid()))
  );

-- Since late 2026 Supabase no longer grants new tables to the API roles: grant exactly what is needed.
revoke all on public.meetings, public.transcript_segments, public.meeting_summaries,
  public.meeting_speakers, public.speakers, public.workers from anon, authenticated;
grant select on public.meetings, public.transcript_segments, public.meeting_summaries,
  public.meeting_speakers, public.speakers to authenticated;
grant select, insert, update, delete on public.meetings, public.transcript_segments,
  public.meeting_summaries, public.meeting_speakers, public.speakers, public.workers to service_role;
