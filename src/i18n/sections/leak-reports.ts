// Catalogue section: the reporter's leak reports tracked to receipt (issue 12): recording when PPC
// (or the delegated minister, APPI Art. 150) received the 速報 and 確報, and the overdue notices
// until it did. Part of the one catalogue (merged in ../messages.ts).
export const leakReportsJa = {
  "refusal.recipient_party_only": "報告の受理は、漏えい等報告を受ける{party}が記録します。何も変更されていません。",
  "receipt.button": "報告の受理を記録",
  "receipt.title": "報告の受理",
  "receipt.submit": "保存",
  "receipt.intro":
    "*{ref}* について、報告者等の漏えい等報告を受理した日（{recipient}）を記録します。受理番号は任意です。日付を消して保存すると受理の記録を取り消します。変更は監査ログに記録されます。",
  "receipt.recipient.ppc": "個人情報保護委員会",
  "receipt.recipient.delegated": "権限の委任を受けた{minister}（法第150条）",
  "receipt.preliminary.on": "速報の受理日",
  "receipt.preliminary.no": "速報の受理番号（任意）",
  "receipt.final.on": "確報の受理日",
  "receipt.final.no": "確報の受理番号（任意）",
  "receipt.error.before_awareness": "報告者等が知った日（{date}）より前にはできません。",
  "receipt.error.in_future": "今日より後の日付にはできません。",
  "receipt.error.too_long": "{max}文字以内で入力してください。",
  "receipt.error.number_without_date": "受理番号を記録するには受理日も入力してください。",
  "receipt.error.invalid_date": "日付の形式が正しくありません。",
  "receipt.received": " — *受理済み* {date}{no}",
  "receipt.received.no": "（受理番号 {no}）",
  "receipt.pending": " — 未受理",
  "report.which.preliminary": "速報",
  "report.which.final": "確報",
  "remind.report_overdue":
    ":warning: *{ref}* 報告者等の漏えい等報告（{which}）の期限 {date} を{days}日過ぎましたが、受理の記録がありません（規則第{article}条）。受理したら、カードの「報告の受理を記録」で記録してください（記録すると、この通知は止まります）。法的助言ではありません。",
  "remind.report_overdue_escalation":
    ":rotating_light: *{ref}* 報告者等の漏えい等報告（{which}）の期限 {date} から{days}日過ぎていますが、受理の記録がありません（規則第{article}条）。状況を確認してください。{channel}",
  "digest.deadline.received": "（受理済み {date}）",
  "digest.deadline.overdue": "（*期限超過・未受理*）",
  "action.incident.report_received": "報告の受理を記録",
  "action.incident.report_receipt_undone": "報告の受理の記録を取り消し",
} as const;

export const leakReportsEn: Record<keyof typeof leakReportsJa, string> = {
  "refusal.recipient_party_only": "Receipts of leak reports are recorded by {party}, which receives them. Nothing was changed.",
  "receipt.button": "Record report receipt",
  "receipt.title": "Report receipts",
  "receipt.submit": "Save",
  "receipt.intro":
    "Record the day the reporter's leak reports for *{ref}* were received ({recipient}). The receipt number is optional. Clearing a date and saving undoes that receipt. Changes are audited.",
  "receipt.recipient.ppc": "Personal Information Protection Commission",
  "receipt.recipient.delegated": "{minister}, delegated under APPI Art. 150",
  "receipt.preliminary.on": "Preliminary report received on",
  "receipt.preliminary.no": "Preliminary report receipt number (optional)",
  "receipt.final.on": "Final report received on",
  "receipt.final.no": "Final report receipt number (optional)",
  "receipt.error.before_awareness": "Cannot be before the reporter became aware ({date}).",
  "receipt.error.in_future": "Cannot be after today.",
  "receipt.error.too_long": "At most {max} characters.",
  "receipt.error.number_without_date": "Enter the day it was received to record a receipt number.",
  "receipt.error.invalid_date": "Not a valid date.",
  "receipt.received": " — *received* {date}{no}",
  "receipt.received.no": " (receipt no. {no})",
  "receipt.pending": " — not received yet",
  "report.which.preliminary": "preliminary",
  "report.which.final": "final",
  "remind.report_overdue":
    ":warning: *{ref}* The reporter's {which} leak report was due {date}, {days} day(s) ago, and no receipt is recorded (Rules Art. {article}). When it is received, record it with the card's \"Record report receipt\" (this notice then stops). Not legal advice.",
  "remind.report_overdue_escalation":
    ":rotating_light: *{ref}* The reporter's {which} leak report is {days} day(s) past its deadline {date} and no receipt is recorded (Rules Art. {article}). Please check. {channel}",
  "digest.deadline.received": " (received {date})",
  "digest.deadline.overdue": " (*overdue, not received*)",
  "action.incident.report_received": "report receipt recorded",
  "action.incident.report_receipt_undone": "report receipt undone",
};
