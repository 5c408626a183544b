import { describe, expect, it } from "vitest";
import { timelineChartSvg } from "./timeline-chart";

describe("timeline chart", () => {
  it("draws events above the axis and marks below it, escaped, green when on time", () => {
    const svg = timelineChartSvg({
      title: "Drill <1>",
      events: [{ offsetMs: 0, label: "report & call" }],
      marks: [{ label: "registered", actualMs: 720_000, targetMs: 900_000, ok: true }, { label: "decided", actualMs: null, targetMs: 600_000, ok: false }],
      formatOffset: (ms) => `T+${ms / 60_000}m`,
    });
    expect(svg).toMatch(/^<svg xmlns/);
    expect(svg).toContain("Drill &lt;1&gt;");
    expect(svg).toContain("report &amp; call");
    expect(svg).toContain('fill="#2a2">registered');
    expect(svg).toContain('fill="#c22">decided');
    expect(svg).toContain("T+15m");
  });
});
