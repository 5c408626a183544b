import { describe, expect, it } from "vitest";
import { isReceived, receiptChange, receiptFields, receiptsOf, validateReceipts, type Receipts } from "./report-receipts";

const TZ = "Asia/Tokyo";
const aware = { awareAt: new Date("2026-12-01T23:30:00+09:00") };
const NOW = new Date("2026-12-10T10:00:00+09:00");
const r = (p: [string | null, string | null], f: [string | null, string | null] = [null, null]): Receipts => ({
  preliminary: { receivedOn: p[0], receiptNo: p[1] },
  final: { receivedOn: f[0], receiptNo: f[1] },
});

describe("validateReceipts", () => {
  it("accepts a receipt on the day of awareness (local) up to today, with or without a number", () => {
    expect(validateReceipts(aware, r(["2026-12-01", null], ["2026-12-10", "PPC-2026-123"]), NOW, TZ)).toEqual({});
  });
  it.each([
    [r(["2026-11-30", null]), { preliminaryOn: "before_awareness" }],
    [r([null, null], ["2026-12-11", null]), { finalOn: "in_future" }],
    [r(["2026-02-30", null]), { preliminaryOn: "invalid_date" }],
    [r([null, "123"]), { preliminaryNo: "number_without_date" }],
    [r(["2026-12-02", "x".repeat(101)]), { preliminaryNo: "too_long" }],
  ] as const)("refuses %j", (receipts, errors) => {
    expect(validateReceipts(aware, receipts, NOW, TZ)).toEqual(errors);
  });
});

describe("receiptChange", () => {
  it("names recording, undoing and no change", () => {
    expect(receiptChange(r([null, null]), r(["2026-12-02", null]))).toBe("recorded");
    expect(receiptChange(r(["2026-12-02", null]), r(["2026-12-02", "A-1"]))).toBe("recorded");
    expect(receiptChange(r(["2026-12-02", "A-1"]), r([null, null]))).toBe("undone");
    expect(receiptChange(r(["2026-12-02", "A-1"]), r(["2026-12-02", "A-1"]))).toBe("unchanged");
    expect(receiptChange(r([null, null]), r([null, null]))).toBe("unchanged");
  });
  it("keeps no receipt number without a receipt day", () => {
    expect(receiptFields(r([null, "A-1"]))).toMatchObject({ preliminaryReceivedOn: null, preliminaryReceiptNo: null });
    const fields = receiptFields(r(["2026-12-02", "A-1"], ["2026-12-20", null]));
    expect(receiptsOf(fields)).toEqual(r(["2026-12-02", "A-1"], ["2026-12-20", null]));
    expect([isReceived(fields, "preliminary"), isReceived(receiptFields(r([null, null])), "final")]).toEqual([true, false]);
  });
});
