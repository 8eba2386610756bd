// In-memory custom fields and stages (the port of shared/db/customer-field-repository.ts): definitions,
// the pipeline, each customer's values and stage (revision-guarded), stage moves.
import { shanghaiDay } from '../../../shared/events/time';
import type { StoredAttributes } from '../../../shared/db/customer-field-repository';
import type { FieldDefinition, FieldValue, StageMove } from '../../../shared/domain/customer-fields';

export class InMemoryCustomerFieldStore {
  readonly defs = new Map<string, FieldDefinition>();
  readonly pipelines = new Map<string, string[]>();
  readonly attrs = new Map<string, StoredAttributes>();
  readonly moves: StageMove[] = [];

  async definitions(corpId: string): Promise<FieldDefinition[]> {
    return [...this.defs.values()].filter((d) => d.corpId === corpId).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  async definition(corpId: string, id: string): Promise<FieldDefinition | undefined> {
    return this.defs.get(`${corpId}#${id}`);
  }
  async putDefinition(d: FieldDefinition): Promise<void> {
    this.defs.set(`${d.corpId}#${d.id}`, structuredClone(d));
  }
  async stages(corpId: string): Promise<string[] | undefined> {
    return this.pipelines.get(corpId);
  }
  async putStages(corpId: string, stages: readonly string[]): Promise<void> {
    this.pipelines.set(corpId, [...stages]);
  }
  async attributes(corpId: string, externalUserId: string): Promise<StoredAttributes | undefined> {
    const a = this.attrs.get(`${corpId}#${externalUserId}`);
    return a ? structuredClone(a) : undefined;
  }
  async putFields(corpId: string, externalUserId: string, fields: Record<string, FieldValue>, rev: number): Promise<boolean> {
    const a = this.attrs.get(`${corpId}#${externalUserId}`);
    if ((a?.rev ?? 0) !== rev) return false;
    this.attrs.set(`${corpId}#${externalUserId}`, { stage: a?.stage ?? null, fields: structuredClone(fields), rev: rev + 1, stageAtMs: a?.stageAtMs ?? 0 });
    return true;
  }
  async moveStage(move: StageMove, _nonce?: string, atMs: number = move.at * 1000): Promise<boolean> {
    const key = `${move.corpId}#${move.externalUserId}`;
    const a = this.attrs.get(key);
    if ((a?.stage ?? null) !== move.from) return false;
    this.attrs.set(key, { stage: move.to, fields: a?.fields ?? {}, rev: a?.rev ?? 0, stageAtMs: atMs });
    this.moves.push(structuredClone(move));
    return true;
  }
  async history(corpId: string, externalUserId: string, limit: number): Promise<StageMove[]> {
    return this.moves
      .filter((m) => m.corpId === corpId && m.externalUserId === externalUserId)
      .reverse()
      .slice(0, limit);
  }
  async movesOfDay(corpId: string, day: string): Promise<StageMove[]> {
    return this.moves.filter((m) => m.corpId === corpId && shanghaiDay(m.at) === day);
  }
  async countInStage(corpId: string, stage: string): Promise<number> {
    return [...this.attrs.entries()].filter(([k, a]) => k.startsWith(`${corpId}#`) && a.stage === stage).length;
  }
}
