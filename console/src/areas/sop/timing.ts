// How a step's timing reads: "添加后 1 天 2 小时" / "每周一、三 09:30" — with the page's t().
import { durationParts, type SopStep, type Trigger } from './types';

type T = (key: string, named?: Record<string, unknown>) => string;

export function stepTiming(t: T, step: SopStep, trigger: Trigger, index: number): string {
  if (step.at !== undefined && trigger === 'calendar') {
    const days = step.days?.length ? step.days.map((d) => t(`sop.weekday.${d}`)).join('、') : t('sop.everyDay');
    return t('sop.calendarAt', { days, at: step.at });
  }
  const parts = Object.entries(durationParts(step.after ?? 'P0D'))
    .map(([unit, n]) => t(`sop.unit.${unit}`, { n }))
    .join(' ');
  const after = t(index === 0 ? 'sop.afterEnrol' : 'sop.afterPrevious', { d: parts || t('sop.now') });
  return step.at !== undefined ? `${after} ${t('sop.atTime', { at: step.at })}` : after;
}
