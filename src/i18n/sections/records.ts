// Catalogue section: records that keep Art. 7 (issue 12) — what the export withholds, the audit
// chain's head posted each day, and the designation refused when Slack does not confirm the message.
// Part of the one catalogue (merged in ../messages.ts).
export const recordsJa = {
  "export.withheld": "（非開示: 第7条の共有範囲 {level}、提供者 {party}）",
  "export.dm.withheld": "第7条: あなたが共有範囲に含まれない内容 {count}件は「非開示」と記載しています。",
  "digest.audit_head": "*監査ログの先頭（改ざん検知のため、この記録を保管してください）* {count}件、最新のハッシュ `{hash}`\n確認: `npm run audit:verify -- --head {hash} --count {count}`",
  "digest.audit_head.empty": "*監査ログ* まだ記録はありません。",
  "scope.refusal.message_unreadable": "Slack でこの投稿を確認できませんでした（削除されたか、renkei が参加していないチャンネルです）。何も変更されていません。",
  "scope.refusal.author_mismatch": "フォームの投稿者が Slack 上の投稿者と一致しません。何も変更されていません。もう一度、投稿のメニューから「共有範囲を指定」を開いてください。",
} as const;

export const recordsEn: Record<keyof typeof recordsJa, string> = {
  "export.withheld": "(withheld: Art. 7 scope {level}, provider {party})",
  "export.dm.withheld": "Art. 7: {count} values whose sharing scope does not include you read \"withheld\".",
  "digest.audit_head": "*Audit log head (keep this record: it detects tampering)* {count} entries, latest hash `{hash}`\nCheck: `npm run audit:verify -- --head {hash} --count {count}`",
  "digest.audit_head.empty": "*Audit log* nothing recorded yet.",
  "scope.refusal.message_unreadable": "renkei could not read this message in Slack (it was deleted, or renkei is not in that channel). Nothing was changed.",
  "scope.refusal.author_mismatch": "The form's author does not match the message's author in Slack. Nothing was changed. Open \"Designate sharing scope\" again from the message's menu.",
};
