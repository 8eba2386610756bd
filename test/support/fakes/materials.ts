// Fakes of the material library's ports.
// - InMemoryMaterialStore ~ shared/db/material-repository.ts: id order, paged by the same cursor codec, put replaces,
//   saveMedia patches an existing material only.
// - InMemoryBlobStore ~ shared/aws/s3-blob-store.ts: objects by key (copies in and out); `puts` counts writes.
import { decodeCursor, encodeCursor } from '../../../shared/db/cursor';
import type { BlobStore, MediaPatch, Material, MaterialKind, MaterialPage, MaterialStore } from '../../../shared/materials/material';

export class InMemoryMaterialStore implements MaterialStore {
  readonly items = new Map<string, Material>();
  private key = (corpId: string, id: string) => `${corpId}\n${id}`;

  async put(m: Material): Promise<void> {
    this.items.set(this.key(m.corpId, m.id), structuredClone(m));
  }

  async get(corpId: string, id: string): Promise<Material | undefined> {
    const m = this.items.get(this.key(corpId, id));
    return m && structuredClone(m);
  }

  async list(corpId: string, o: { kind?: MaterialKind | undefined; limit: number; cursor?: string | undefined }): Promise<MaterialPage> {
    const after = o.cursor === undefined ? undefined : decodeCursor('materials', o.cursor).a;
    const all = [...this.items.values()]
      .filter((m) => m.corpId === corpId && (after === undefined || m.id > after) && (o.kind === undefined || m.kind === o.kind))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
    const page = all.slice(0, o.limit).map((m) => structuredClone(m));
    return { items: page, nextCursor: all.length > o.limit ? encodeCursor('materials', { a: page[page.length - 1]!.id }) : null };
  }

  async delete(corpId: string, id: string): Promise<boolean> {
    return this.items.delete(this.key(corpId, id));
  }

  async saveMedia(corpId: string, id: string, patch: MediaPatch): Promise<void> {
    const m = this.items.get(this.key(corpId, id));
    if (m) this.items.set(this.key(corpId, id), { ...m, ...patch });
  }
}

export class InMemoryBlobStore implements BlobStore {
  readonly objects = new Map<string, { data: Uint8Array; contentType: string }>();
  puts = 0;

  async put(key: string, data: Uint8Array, contentType: string): Promise<void> {
    this.puts++;
    this.objects.set(key, { data: new Uint8Array(data), contentType });
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const o = this.objects.get(key);
    return o && new Uint8Array(o.data);
  }

  async delete(key: string): Promise<void> {
    this.objects.delete(key);
  }
}
