// The reporter's leak reports tracked to receipt: PPC (the recipient of leak reports, or the
// minister it delegated to under APPI Art. 150) records on the incident when the reporter's 速報
// and 確報 were received, with the receipt number when there is one. Until a report is received
// its deadline is reminded and, once past, its overdue notice repeats; once received, never again.
import { localDateOf, type LocalDate } from "./time";

export type ReportKind = "preliminary" | "final";
export const REPORT_KINDS: readonly ReportKind[] = ["preliminary", "final"];

/** Receipt of one report: the local day it was received (YYYY-MM-DD) and the receipt number, if any. */
export type Receipt = { receivedOn: string | null; receiptNo: string | null };
export type Receipts = Record<ReportKind, Receipt>;

export type ReceiptFields = {
  preliminaryReceivedOn: string | null;
  preliminaryReceiptNo: string | null;
  finalReceivedOn: string | null;
  finalReceiptNo: string | null;
};

export const RECEIPT_NO_MAX = 100;

export function receiptsOf(i: ReceiptFields): Receipts {
  return {
    preliminary: { receivedOn: i.preliminaryReceivedOn, receiptNo: i.preliminaryReceiptNo },
    final: { receivedOn: i.finalReceivedOn, receiptNo: i.finalReceiptNo },
  };
}

export function receiptFields(r: Receipts): ReceiptFields {
  return {
    preliminaryReceivedOn: r.preliminary.receivedOn,
    preliminaryReceiptNo: r.preliminary.receivedOn ? r.preliminary.receiptNo : null,
    finalReceivedOn: r.final.receivedOn,
    finalReceiptNo: r.final.receivedOn ? r.final.receiptNo : null,
  };
}

export function isReceived(i: ReceiptFields, which: ReportKind): boolean {
  return (which === "preliminary" ? i.preliminaryReceivedOn : i.finalReceivedOn) !== null;
}

export type ReceiptError = "before_awareness" | "in_future" | "too_long" | "number_without_date" | "invalid_date";
export type ReceiptErrors = Partial<Record<`${ReportKind}${"On" | "No"}`, ReceiptError>>;

const isoDay = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

function isCalendarDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() + 1 === Number(m[2]) && d.getUTCDate() === Number(m[3]);
}

/** A receipt day may not be before the day of awareness nor after today (local). */
export function validateReceipts(incident: { awareAt: Date }, r: Receipts, now: Date, timeZone: string): ReceiptErrors {
  const errors: ReceiptErrors = {};
  const first = isoDay(localDateOf(incident.awareAt, timeZone));
  const today = isoDay(localDateOf(now, timeZone));
  for (const which of REPORT_KINDS) {
    const { receivedOn, receiptNo } = r[which];
    if (receivedOn !== null) {
      if (!isCalendarDay(receivedOn)) errors[`${which}On`] = "invalid_date";
      else if (receivedOn < first) errors[`${which}On`] = "before_awareness";
      else if (receivedOn > today) errors[`${which}On`] = "in_future";
    }
    if (receiptNo !== null && Array.from(receiptNo).length > RECEIPT_NO_MAX) errors[`${which}No`] = "too_long";
    else if (receiptNo !== null && receivedOn === null) errors[`${which}No`] = "number_without_date";
  }
  return errors;
}

/** What an edit does, for the audit log: a receipt undone is named as such. */
export function receiptChange(before: Receipts, after: Receipts): "unchanged" | "recorded" | "undone" {
  const same = (a: Receipt, b: Receipt) => a.receivedOn === b.receivedOn && (a.receivedOn === null || a.receiptNo === b.receiptNo);
  if (REPORT_KINDS.every((k) => same(before[k], after[k]))) return "unchanged";
  return REPORT_KINDS.some((k) => before[k].receivedOn !== null && after[k].receivedOn === null) ? "undone" : "recorded";
}
