// Fake of the due-marker store (~ shared/db/due-repository.ts DynamoDueStore):
// - one marker per (tenant, job, id); schedule() upserts, scheduleIfAbsent() creates only when none;
// - a marker sits in the bucket of its due day, or of today (its clock) when it is already overdue by
//   more than an hour; due() reads the buckets of the last DUE_LOOKBACK_DAYS days up to now, oldest
//   bucket first and by (dueAt, tenant, id) inside one, never the future and never older buckets;
// - complete()/reschedule() only while the marker is the one given (same dueAt): false otherwise,
//   also for a marker that is gone.
import { DUE_LOOKBACK_DAYS } from '../../../shared/db/due-repository';
import { shanghaiDay, shanghaiDaysBetween } from '../../../shared/events/time';
import type { Clock } from '../../../shared/clock';
import type { DueMarker, DueStore, JobName } from '../../../shared/schedules/due';
import { timeKey } from './common';

interface Row {
  marker: DueMarker;
  bucket: string;
}

export class InMemoryDueStore implements DueStore {
  private readonly rows = new Map<string, Row>();

  constructor(private readonly clock: Clock) {}

  async schedule(m: DueMarker): Promise<void> {
    this.rows.set(rowId(m.corpId, m.job, m.id), this.row(m));
  }

  async scheduleIfAbsent(m: DueMarker): Promise<boolean> {
    const id = rowId(m.corpId, m.job, m.id);
    if (this.rows.has(id)) return false;
    this.rows.set(id, this.row(m));
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
    return true;
  }

  async cancel(corpId: string, job: JobName, id: string): Promise<void> {
    this.rows.delete(rowId(corpId, job, id));
  }

  /** Every marker (test inspection). */
  all(): DueMarker[] {
    return [...this.rows.values()].map((r) => ({ ...r.marker }));
  }

  private row(m: DueMarker): Row {
    const bucketAt = Math.max(m.dueAt, Math.floor(this.clock.now() / 1000) - 3600);
    return { marker: { corpId: m.corpId, job: m.job, id: m.id, dueAt: m.dueAt }, bucket: shanghaiDay(bucketAt) };
  }
}

const rowId = (corpId: string, job: string, id: string) => `${corpId}\n${job}\n${id}`;
