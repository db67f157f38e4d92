import { PALETTE } from './storage';

/** A stable color for a name (authorship, chat lines of people who are not here now). */
export function colorForName(name: string): string {
  let hash = 2166136261;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 16777619);
  return PALETTE[(hash >>> 0) % PALETTE.length]!;
}
