// A ChatDataSource backed by the simulator's archive (its control API): what the Finance SDK's GetChatData
// plus decryption gives the real puller, over HTTP for local runs and tests.
import type { ChatDataSource } from '../shared/archive/archive-feed';
import { archiveEntrySchema, type ArchiveEntry } from '../shared/archive/archive-message';

export class SimulatorChatDataSource implements ChatDataSource {
  constructor(private readonly simulatorUrl: string) {}

  async getChatData(corpId: string, seq: number, limit: number): Promise<ArchiveEntry[]> {
    const url = `${this.simulatorUrl.replace(/\/+$/, '')}/__sim/archive/chatdata?corpId=${encodeURIComponent(corpId)}&seq=${seq}&limit=${limit}`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`archive source answered ${res.status}: ${await res.text()}`);
    const { chatdata } = (await res.json()) as { chatdata: Array<{ seq: number; message: unknown }> };
    return chatdata.map((c) => archiveEntrySchema.parse({ corpId, seq: c.seq, message: c.message }));
  }
}
