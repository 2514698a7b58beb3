import { settingsInputSchema, type SettingsInput } from '../../../electron/contract/api.js';

export type FieldIssues = Partial<Record<string, string>>;

/** The same schema main applies, run as the person types, so each message sits next to its field. */
export function fieldIssues(input: SettingsInput, hasStoredKey: boolean): FieldIssues {
  const issues: FieldIssues = {};
  const result = settingsInputSchema.safeParse(input);
  if (!result.success) for (const issue of result.error.issues) issues[String(issue.path[0] ?? '')] ??= issue.message;
  if (input.supabaseUrl !== undefined && input.newSupabaseKey === undefined && !hasStoredKey) {
    issues['newSupabaseKey'] ??= 'Enter the service-role key for this Supabase project.';
  }
  return issues;
}
