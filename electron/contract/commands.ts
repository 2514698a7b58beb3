import { z } from 'zod';

/** What a host (tray, dashboard, CLI) may ask the worker to do. */
export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('retry-meeting'), meetingId: z.uuid() }),
  z.object({ type: z.literal('reload-settings') }),
  z.object({ type: z.literal('shutdown') }),
]);
export type Command = z.infer<typeof commandSchema>;
