// Bar charts as standalone SVG documents: pure functions from numbers and labels to text, opened
// by any browser or image viewer, printable, and small enough to upload with a report. Grouped
// bars (one group per category, one bar per series) with a value axis, a legend and the figures
// written on the bars, so the chart reads without colour too. Text is escaped; nothing is fetched.

export type BarSeries = { name: string; values: Array<number | null> };
export type BarChart = {
  title: string;
  /** What the values are, e.g. "hours" — written along the value axis. */
  unit: string;
  categories: string[];
  series: BarSeries[];
};

const PALETTE = ["#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d"];

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** A round step for the value axis: 1, 2 or 5 times a power of ten, about five ticks. */
function niceStep(max: number): number {
  if (max <= 0) return 1;
  const raw = max / 5;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const m = raw / pow;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * pow;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function barChartSvg(chart: BarChart): string {
  const groups = Math.max(1, chart.categories.length);
  const perGroup = Math.max(1, chart.series.length);
  const barW = 22;
  const groupW = perGroup * barW + 18;
  const left = 64;
  const top = 48;
  const plotH = 240;
  const width = Math.max(420, left + groups * groupW + 24);
  const legendH = 22 * Math.ceil(chart.series.length / 3);
  const height = top + plotH + 56 + legendH;
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const step = niceStep(max);
  const axisMax = Math.max(step, Math.ceil(max / step) * step);
  const y = (v: number) => top + plotH - (v / axisMax) * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="'Noto Sans CJK JP', 'Noto Sans JP', sans-serif" font-size="12" role="img" aria-label="${esc(chart.title)}">`);
  out.push(`<title>${esc(chart.title)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${left}" y="24" font-size="15" font-weight="bold">${esc(chart.title)}</text>`);
  for (let v = 0; v <= axisMax + 1e-9; v += step) {
    out.push(`<line x1="${left}" x2="${width - 16}" y1="${y(v)}" y2="${y(v)}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${fmt(v)}</text>`);
  }
  out.push(`<text x="14" y="${top + plotH / 2}" transform="rotate(-90 14 ${top + plotH / 2})" text-anchor="middle" fill="#555">${esc(chart.unit)}</text>`);
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/>`);
  out.push(`<line x1="${left}" x2="${width - 16}" y1="${top + plotH}" y2="${top + plotH}" stroke="#333"/>`);
  chart.categories.forEach((category, g) => {
    const x0 = left + 12 + g * groupW;
    chart.series.forEach((s, i) => {
      const v = s.values[g];
      const x = x0 + i * barW;
      if (v === null || v === undefined) {
        out.push(`<text x="${x + barW / 2 - 1}" y="${top + plotH - 4}" text-anchor="middle" fill="#999">–</text>`);
        return;
      }
      out.push(`<rect x="${x}" y="${y(v)}" width="${barW - 4}" height="${Math.max(0, top + plotH - y(v))}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(`${s.name}, ${category}: ${fmt(v)} ${chart.unit}`)}</title></rect>`);
      out.push(`<text x="${x + (barW - 4) / 2}" y="${y(v) - 3}" text-anchor="middle" font-size="10">${fmt(v)}</text>`);
    });
    out.push(`<text x="${x0 + (perGroup * barW) / 2 - 2}" y="${top + plotH + 18}" text-anchor="middle">${esc(category)}</text>`);
  });
  chart.series.forEach((s, i) => {
    const lx = left + (i % 3) * 180;
    const ly = top + plotH + 44 + Math.floor(i / 3) * 22;
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`);
    out.push(`<text x="${lx + 18}" y="${ly}">${esc(s.name)}</text>`);
  });
  out.push(`</svg>`);
  return `${out.join("\n")}\n`;
}
