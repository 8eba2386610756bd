// Fake of the due-marker store (~ shared/db/due-repository.ts DynamoDueStore):
// - one marker per (tenant, job, id); schedule() upserts, scheduleIfAbsent() creates only when none;
// - a marker sits in the bucket of its due day, or of today (its clock) when it is already overdue by
//   more than an hour; due() reads the buckets of the last DUE_LOOKBACK_DAYS days up to now, oldest
//   bucket first and by (dueAt, tenant, id) inside one, never the future and never older buckets;
// - complete()/reschedule() only while the marker is the one given (same dueAt): false otherwise,
//   also for a marker that is gone;
// - each job's "next due" bound: every marker write lowers it to the marker's dueAt when later and bumps its
//   revision (writtenAtMs = the clock); raiseNextDue() only while the revision is the one read.
import { DUE_LOOKBACK_DAYS } from '../../../shared/db/due-repository';
import { shanghaiDay, shanghaiDaysBetween } from '../../../shared/events/time';
import type { Clock } from '../../../shared/clock';
import type { DueMarker, DueStore, JobName, NextDue } from '../../../shared/schedules/due';
import { timeKey } from './common';

interface Row {
  marker: DueMarker;
  bucket: string;
}

export class InMemoryDueStore implements DueStore {
  private readonly rows = new Map<string, Row>();
  private readonly bounds = new Map<JobName, NextDue>();

  constructor(private readonly clock: Clock) {}

  async schedule(m: DueMarker): Promise<void> {
    this.rows.set(rowId(m.corpId, m.job, m.id), this.row(m));
    this.lower(m.job, m.dueAt);
  }

  async scheduleIfAbsent(m: DueMarker): Promise<boolean> {
    const id = rowId(m.corpId, m.job, m.id);
    if (this.rows.has(id)) return false;
    this.rows.set(id, this.row(m));
    this.lower(m.job, m.dueAt);
    return true;
  }

  async get(corpId: string, job: JobName, id: string): Promise<DueMarker | undefined> {
    const r = this.rows.get(rowId(corpId, job, id));
    return r ? { ...r.marker } : undefined;
  }

  async due(job: JobName, nowSec: number, limit: number, corpId?: string): Promise<DueMarker[]> {
    const days = shanghaiDaysBetween(nowSec - DUE_LOOKBACK_DAYS * 86_400, nowSec);
    const sortKey = (r: Row) => `${r.bucket}#${timeKey(r.marker.dueAt, `${r.marker.corpId}#${r.marker.id}`)}`;
    return [...this.rows.values()]
      .filter((r) => r.marker.job === job && days.includes(r.bucket) && r.marker.dueAt <= nowSec && (!corpId || r.marker.corpId === corpId))
      .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1))
      .slice(0, limit)
      .map((r) => ({ ...r.marker }));
  }

  async complete(m: DueMarker): Promise<boolean> {
    const id = rowId(m.corpId, m.job, m.id);
    if (this.rows.get(id)?.marker.dueAt !== m.dueAt) return false;
    this.rows.delete(id);
    return true;
  }

  async reschedule(m: DueMarker, nextDueAt: number): Promise<boolean> {
    const id = rowId(m.corpId, m.job, m.id);
    if (this.rows.get(id)?.marker.dueAt !== m.dueAt) return false;
    this.rows.set(id, this.row({ ...m, dueAt: nextDueAt }));
    this.lower(m.job, nextDueAt);
    return true;
  }

  async cancel(corpId: string, job: JobName, id: string): Promise<void> {
    this.rows.delete(rowId(corpId, job, id));
  }

  async nextDue(job: JobName): Promise<NextDue | undefined> {
    const b = this.bounds.get(job);
    return b ? { ...b } : undefined;
  }

  async raiseNextDue(job: JobName, seen: NextDue | undefined, at: number): Promise<boolean> {
    const b = this.bounds.get(job);
    if (seen ? b?.rev !== seen.rev : b !== undefined) return false;
    this.bounds.set(job, { at, rev: b?.rev ?? 0, writtenAtMs: b?.writtenAtMs ?? 0 });
    return true;
  }

  async earliest(job: JobName, afterSec: number, untilSec: number): Promise<number | undefined> {
    const days = shanghaiDaysBetween(afterSec, untilSec);
    const ahead = [...this.rows.values()].filter(
      (r) => r.marker.job === job && days.includes(r.bucket) && r.marker.dueAt > afterSec && r.marker.dueAt <= untilSec,
    );
    return ahead.length ? Math.min(...ahead.map((r) => r.marker.dueAt)) : undefined;
  }

  /** Every marker (test inspection). */
  all(): DueMarker[] {
    return [...this.rows.values()].map((r) => ({ ...r.marker }));
  }

  private lower(job: JobName, dueAt: number): void {
    const b = this.bounds.get(job);
    this.bounds.set(job, { at: b && b.at <= dueAt ? b.at : dueAt, rev: (b?.rev ?? 0) + 1, writtenAtMs: this.clock.now() });
  }

  private row(m: DueMarker): Row {
    const bucketAt = Math.max(m.dueAt, Math.floor(this.clock.now() / 1000) - 3600);
    return { marker: { corpId: m.corpId, job: m.job, id: m.id, dueAt: m.dueAt }, bucket: shanghaiDay(bucketAt) };
  }
}

const rowId = (corpId: string, job: string, id: string) => `${corpId}\n${job}\n${id}`;
