// Item-specific records kept on an agreed cooperation item (Art. 4(2)(i)-(vi)): the reporter's
// consent and hearings, results shared, planned exercises of powers, overseas requests,
// technical advice, joint alert drafts and approvals. The rules that govern them live in
// src/domain/items/.
export type ItemRecord = {
  id: string;
  taskId: string;
  kind: string;
  party: string;
  byUserId: string;
  data: Record<string, unknown>;
  status: string | null;
  version: number | null;
  createdAt: Date;
  updatedAt: Date;
};
