/**
 * Removes secrets from text before it is logged or stored. Two nets: the exact values the worker
 * knows are secret (the Supabase key), and shapes that are secrets whatever their value (JWTs,
 * Supabase secret keys, signed-URL tokens, bearer headers, passwords in connection strings).
 */
const secretShapes: [RegExp, string][] = [
  [/eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  [/sb_(?:secret|publishable)_[A-Za-z0-9_-]{8,}/g, '[redacted]'],
  [/([?&]token=)[^&\s"']+/g, '$1[redacted]'],
  [/(Bearer\s+)[^\s"']+/gi, '$1[redacted]'],
  [/(postgres(?:ql)?:\/\/[^:\s/]+:)[^@\s]+@/gi, '$1[redacted]@'],
];

export function createRedactor(secretValues: readonly (string | undefined)[]): (text: string) => string {
  const exact = secretValues.filter((value): value is string => value !== undefined && value.length >= 8);
  return (text) => {
    let out = text;
    for (const value of exact) out = out.split(value).join('[redacted]');
    for (const [shape, replacement] of secretShapes) out = out.replace(shape, replacement);
    return out;
  };
}
