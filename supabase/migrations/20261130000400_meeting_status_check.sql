-- The web app and the workers share `meetings`: a status outside the queue's four is refused when it is
-- written, instead of leaving a row that no worker will ever claim and no one will see finish.
-- NOT VALID: a project that already holds rows with another status keeps them as they are (a person
-- decides what they meant; the worker never claims them); every new insert and every update is checked.
alter table public.meetings drop constraint if exists meetings_status_known;
alter table public.meetings
  add constraint meetings_status_known
  check (status in ('pending', 'processing', 'completed', 'failed')) not valid;

comment on column public.meetings.status is
  'pending | processing | completed | failed (checked by meetings_status_known; older rows may differ)';
