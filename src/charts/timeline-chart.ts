// A timeline chart as a standalone SVG document (an exercise's after-action report): time on the x
// axis, events above it (e.g. injects), marks below it (e.g. responses: on time green, late or
// missing red, with their target drawn as a grey bar). Pure: text in, text out; text is escaped.

export type TimelineEvent = { offsetMs: number; label: string };
export type TimelineMark = { label: string; actualMs: number | null; targetMs: number | null; ok: boolean };
export type TimelineChart = { title: string; events: readonly TimelineEvent[]; marks: readonly TimelineMark[]; formatOffset: (ms: number) => string };

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);

export function timelineChartSvg(chart: TimelineChart): string {
  const { events, formatOffset } = chart;
  const width = 900;
  const rowH = 22;
  const left = 40;
  const right = 40;
  const marks = chart.marks.filter((m) => m.actualMs !== null || m.targetMs !== null);
  const maxMs = Math.max(60_000, ...events.map((i) => i.offsetMs), ...marks.map((r) => Math.max(r.actualMs ?? 0, r.targetMs ?? 0)));
  const x = (ms: number) => left + ((width - left - right) * ms) / maxMs;
  const axisY = 60 + events.length * rowH;
  const height = axisY + 40 + marks.length * rowH + 20;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`);
  parts.push(`<rect width="100%" height="100%" fill="#fff"/>`);
  parts.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">${esc(chart.title)}</text>`);
  parts.push(`<line x1="${left}" y1="${axisY}" x2="${width - right}" y2="${axisY}" stroke="#333"/>`);
  for (let i = 0; i <= 4; i++) {
    const ms = (maxMs * i) / 4;
    parts.push(`<line x1="${x(ms).toFixed(1)}" y1="${axisY - 4}" x2="${x(ms).toFixed(1)}" y2="${axisY + 4}" stroke="#333"/><text x="${x(ms).toFixed(1)}" y="${axisY + 18}" text-anchor="middle" fill="#333">${esc(formatOffset(ms))}</text>`);
  }
  events.forEach((ev, i) => {
    const y = 48 + i * rowH;
    parts.push(`<line x1="${x(ev.offsetMs).toFixed(1)}" y1="${y + 4}" x2="${x(ev.offsetMs).toFixed(1)}" y2="${axisY}" stroke="#99c" stroke-dasharray="2,2"/>`);
    parts.push(`<circle cx="${x(ev.offsetMs).toFixed(1)}" cy="${y}" r="5" fill="#36c"/><text x="${(x(ev.offsetMs) + 8).toFixed(1)}" y="${y + 4}">${esc(`${formatOffset(ev.offsetMs)} ${ev.label}`)}</text>`);
  });
  marks.forEach((m, i) => {
    const y = axisY + 40 + i * rowH;
    if (m.targetMs !== null) parts.push(`<line x1="${x(m.targetMs).toFixed(1)}" y1="${y - 8}" x2="${x(m.targetMs).toFixed(1)}" y2="${y + 8}" stroke="#999" stroke-width="2"/>`);
    const at = m.actualMs ?? m.targetMs ?? 0;
    const colour = m.ok ? "#2a2" : "#c22";
    parts.push(`<rect x="${(x(at) - 5).toFixed(1)}" y="${y - 5}" width="10" height="10" fill="${colour}"/><text x="${(x(at) + 9).toFixed(1)}" y="${y + 4}" fill="${colour}">${esc(m.label)}</text>`);
  });
  parts.push(`</svg>`);
  return parts.join("\n");
}
