import type { ReactNode } from 'react';

/** A labelled form field with its message beside it (`<id>-issue`, announced when it appears). */
export function Field({
  id,
  label,
  issue,
  hint,
  children,
}: {
  id: string;
  label: string;
  issue: string | undefined;
  hint?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div className={`field${issue === undefined ? '' : ' invalid'}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint === undefined ? null : (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {issue === undefined ? null : (
        <p className="field-issue" id={`${id}-issue`} role="alert">
          {issue}
        </p>
      )}
    </div>
  );
}
