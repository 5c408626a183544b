// Catalogue section: the annual review in numbers (issue 15) — `/renkei report` and its charts.
// Part of the one catalogue (merged in ../messages.ts).
export const annualReportJa = {
  "help.cmd.report": "*`/renkei report <開始日> <終了日>`* 年次報告: 四半期・機関別の件数と所要時間を CSV とグラフで受け取る（管理職・管理者。例: `/renkei report 2026-04-01 2027-03-31`）",
  "report.usage": "使い方: `/renkei report <開始日> <終了日>`（例: `/renkei report 2026-04-01 2027-03-31`、終了日を含む）",
  "report.accepted": "{from}〜{to} の年次報告（四半期・機関別の件数と所要時間、CSV とグラフ）を作成しています。できあがり次第、DM でお送りします。",
  "report.already": "{from}〜{to} の年次報告はすでに作成中か、お送り済みです。DM をご確認ください。",
  "report.dm.comment": "*年次報告* {from}〜{to}（{timezone}、四半期は4月始まりの年度）\n登録 {incidents}件、協力案件 {cases}件、合意した協力項目 {items}件（期限内完了 {onTime}/{withDue}）、報告期限の遵守 {met}/{due}\n件数と所要時間のみを含み、本文・氏名は含みません。",
  "report.failed": "年次報告 {from}〜{to} を作成できませんでした（{error}）。時間をおいて、もう一度お試しください。",
  "report.chart.decision.title": "連絡から協力判断までの時間（中央値、四半期別）",
  "report.chart.contact.title": "登録から相手方への連絡までの時間（中央値、四半期別）",
  "report.chart.hours": "時間",
  "report.chart.items.title": "合意した協力項目（種類別・機関別）",
  "report.chart.count": "件",
  "report.chart.all": "両機関",
} as const;

export const annualReportEn: Record<keyof typeof annualReportJa, string> = {
  "help.cmd.report": "*`/renkei report <from> <to>`* the annual report: counts and times per quarter and party as CSV and charts, in your DM (managers and administrators; e.g. `/renkei report 2026-04-01 2027-03-31`)",
  "report.usage": "Usage: `/renkei report <from> <to>` (e.g. `/renkei report 2026-04-01 2027-03-31`; the last day is included)",
  "report.accepted": "Making the annual report for {from} to {to} (counts and times per quarter and party, as CSV and charts). It will arrive in your DM.",
  "report.already": "The annual report for {from} to {to} is already being made or was sent. Check your DM.",
  "report.dm.comment": "*Annual report* {from} to {to} ({timezone}; quarters of the fiscal year starting in April)\nRegistered {incidents}, cooperation cases {cases}, cooperation items agreed {items} (completed on time {onTime}/{withDue}), reporter deadlines met {met}/{due}\nCounts and times only: no text, no names.",
  "report.failed": "The annual report for {from} to {to} could not be made ({error}). Please try again later.",
  "report.chart.decision.title": "Time from contact to the decision on cooperation (median, by quarter)",
  "report.chart.contact.title": "Time from registration to contacting the other party (median, by quarter)",
  "report.chart.hours": "hours",
  "report.chart.items.title": "Cooperation items agreed (by kind and party)",
  "report.chart.count": "items",
  "report.chart.all": "both parties",
};
