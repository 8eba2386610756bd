// The SOP plan shapes the console reads and writes (functions/admin-api/sop-plans.view.ts), and how a
// step's timing reads to an operator: "P1DT2H" → 1 天 2 小时 after the previous step.
export type Trigger = 'added' | 'tagged' | 'joined_group' | 'calendar';
export type Outcome = 'sent' | 'blocked' | 'failed' | 'reminded' | 'stopped';

export interface SopStep {
  after?: string;
  at?: string;
  days?: number[];
  send: { text?: string; attachments?: readonly unknown[]; nameFallback?: string };
  via: 'mass_message' | 'staff_reminder';
}

export interface SopPlan {
  id: string;
  name: string;
  trigger: Trigger;
  audience: { channels?: string[]; tags?: string[]; chatIds?: string[]; owners?: string[] };
  steps: SopStep[];
  status: 'active' | 'paused';
  enrolledUpTo: string;
  createdAt: string;
  updatedAt: string;
  results: { enrolled: number; steps: Record<string, Partial<Record<Outcome, number>>>; blockedByReason: Record<string, number> };
}

export interface SopRun {
  recipient: string;
  userId: string;
  chatId?: string;
  enrolledAt: number;
  step: number;
  nextAt: number;
  status: 'active' | 'done' | 'stopped';
  reason?: string;
  outcomes: Array<{ step: number; at: number; outcome: Outcome; reason?: string }>;
}

export const OUTCOMES: Outcome[] = ['sent', 'blocked', 'failed', 'reminded', 'stopped'];

const UNITS = [
  ['W', 'w'],
  ['D', 'd'],
  ['H', 'h'],
  ['M', 'm'],
  ['S', 's'],
] as const;

/** The parts of an ISO-8601 duration (weeks, days, hours, minutes, seconds), e.g. P1DT2H → { d: 1, h: 2 }. */
export function durationParts(iso: string): Partial<Record<'w' | 'd' | 'h' | 'm' | 's', number>> {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  if (!m) return {};
  const out: Partial<Record<'w' | 'd' | 'h' | 'm' | 's', number>> = {};
  UNITS.forEach(([, k], i) => {
    const v = m[i + 1];
    if (v !== undefined && Number(v) > 0) out[k] = Number(v);
  });
  return out;
}

/** An amount of minutes, hours or days as an ISO-8601 duration. */
export const isoDuration = (n: number, unit: 'm' | 'h' | 'd'): string => (unit === 'd' ? `P${n}D` : `PT${n}${unit.toUpperCase()}`);
