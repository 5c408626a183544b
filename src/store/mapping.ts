// Rows to domain objects and back. The database stores enums as text; the domain narrows them.
import type { Incident as IncidentRow, ItemRecord as ItemRecordRow, Task as TaskRow } from "../generated/sqlite/client";
import type { ItemRecord } from "../domain/item-records";
import type { Incident } from "../domain/incident";
import type { Task } from "../domain/tasks";

export function toIncident(row: IncidentRow): Incident {
  return {
    ...row,
    reporterCategory: row.reporterCategory as Incident["reporterCategory"],
    personalData: row.personalData as Incident["personalData"],
    appiRegime: row.appiRegime as Incident["appiRegime"],
    state: row.state as Incident["state"],
    channelStatus: row.channelStatus as Incident["channelStatus"],
  };
}

/** The columns of an incident (or of a partial patch); undefined fields are left out. */
export function fromIncident(incident: Partial<Incident>): Partial<IncidentRow> & IncidentRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(incident)) if (v !== undefined) out[k] = v;
  return out as Partial<IncidentRow> & IncidentRow;
}

export function toTask(row: TaskRow): Task {
  return {
    ...row,
    kind: row.kind as Task["kind"],
    status: row.status as Task["status"],
    params: JSON.parse(row.params) as Record<string, string>,
  };
}

export function toItemRecord(row: ItemRecordRow): ItemRecord {
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}
