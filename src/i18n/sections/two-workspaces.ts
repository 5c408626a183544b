// Catalogue section: two organisations in two Slack workspaces (issue 11) — Slack Connect
// invitations of incident channels told to both parties' liaison officers, sending one again, and
// an organisation's installation revoked. Part of the one catalogue (merged in ../messages.ts).
export const twoWorkspacesJa = {
  "share.button.resend": "招待を再送",
  "card.share.resent": ":arrows_counterclockwise: {org}へのSlackコネクトの招待を再送しています",
  "card.share.declined.resend": ":no_entry: {org}がSlackコネクトの招待を断りました。このチャンネルは{org}と共有されていません。{org}のSlack管理者に当組織とのSlackコネクトを許可してもらい、「招待を再送」を押してください（両当事者の連絡調整担当）",
  "card.share.expired.resend": ":no_entry: {org}へのSlackコネクトの招待が期限切れになりました。このチャンネルは{org}と共有されていません。「招待を再送」を押してください（両当事者の連絡調整担当）",
  "share.dm.waiting_approval":
    ":hourglass_flowing_sand: *{ref}* {title}: 共有チャンネル <#{channel}> は{org}の承認待ちです（{org}のSlack管理者がSlackコネクトのチャンネルを承認するまで、{org}の担当者は参加できません）。\n*すること:* {org}の連絡調整担当は、自組織のSlack管理者に{host}からのSlackコネクトのチャンネルを承認するよう依頼してください。承認されると renkei が{org}の担当者を招待し、設定を終えます。",
  "share.dm.declined":
    ":no_entry: *{ref}* {title}: {org}がSlackコネクトの招待を断りました。チャンネル <#{channel}> は{org}と共有されていません。\n*すること:* {org}の連絡調整担当は、自組織のSlack管理者に{host}とのSlackコネクトを許可するよう依頼してください。許可されたら「招待を再送」を押してください（どちらの当事者の連絡調整担当でも押せます。カードにも同じボタンがあります）。",
  "share.dm.expired":
    ":no_entry: *{ref}* {title}: {org}へのSlackコネクトの招待が期限切れになりました。チャンネル <#{channel}> は{org}と共有されていません。\n*すること:* 「招待を再送」を押してください（どちらの当事者の連絡調整担当でも押せます。カードにも同じボタンがあります）。{org}の承認が必要な場合は、{org}の連絡調整担当が自組織のSlack管理者に承認を依頼してください。",
  "share.resend.resending": "*{ref}* の{org}への招待を再送しています。結果はカードに表示され、両当事者の連絡調整担当に知らせます。",
  "share.dm.normal_times.waiting_approval":
    ":hourglass_flowing_sand: 平時の連携チャンネル <#{channel}>（第5条・第6条・第8条）は{org}の承認待ちです（{org}のSlack管理者がSlackコネクトのチャンネルを承認するまで、{org}の担当者は参加できません）。\n*すること:* {org}の連絡調整担当は、自組織のSlack管理者に{host}からのSlackコネクトのチャンネルを承認するよう依頼してください。承認されると renkei が{org}の連絡調整担当と管理職を招待します。",
  "share.dm.normal_times.declined":
    ":no_entry: {org}が平時の連携チャンネル <#{channel}>（第5条・第6条・第8条）へのSlackコネクトの招待を断りました。このチャンネルは{org}と共有されていません。\n*すること:* {org}の連絡調整担当は、自組織のSlack管理者に{host}とのSlackコネクトを許可するよう依頼してください。許可されたら「招待を再送」を押してください（どちらの当事者の連絡調整担当でも押せます）。",
  "share.dm.normal_times.expired":
    ":no_entry: 平時の連携チャンネル <#{channel}>（第5条・第6条・第8条）の{org}へのSlackコネクトの招待が期限切れになりました。このチャンネルは{org}と共有されていません。\n*すること:* 「招待を再送」を押してください（どちらの当事者の連絡調整担当でも押せます）。",
  "share.resend.resending.normal_times": "平時の連携チャンネル <#{channel}> の{org}への招待を再送しています。結果はチャンネルに表示され、両当事者の連絡調整担当に知らせます。",
  "share.resend.not_needed": "この招待は再送の必要がありません（既に再送されたか、まだ有効です）。何も変更されていません。",
  "share.resend.not_found": "この招待は見つかりませんでした。何も変更されていません。",
  "installation.revoked.dm":
    ":warning: {org}のワークスペースで renkei のインストールが取り消されました（{reason}、{date}）。\n再インストールされるまで、renkei は{org}の人へのDM・App Homeと、{org}のワークスペースにあるチャンネルへの投稿ができません。記録は失われません。届けられなかった通知は保存され、再インストール後に送られます。\n*すること:* {org}の連絡調整担当に連絡し、{org}のSlack管理者が renkei を再インストール（renkei の /slack/install）するよう依頼してください。",
} as const;

export const twoWorkspacesEn: Record<keyof typeof twoWorkspacesJa, string> = {
  "share.button.resend": "Re-send invitation",
  "card.share.resent": ":arrows_counterclockwise: Sending the Slack Connect invitation to {org} again",
  "card.share.declined.resend": ":no_entry: {org} declined the Slack Connect invitation: this channel is not shared with {org}. Ask {org}'s Slack admins to allow Slack Connect with your organisation, then press Re-send invitation (either party's liaison officers)",
  "card.share.expired.resend": ":no_entry: The Slack Connect invitation to {org} expired: this channel is not shared with {org}. Press Re-send invitation (either party's liaison officers)",
  "share.dm.waiting_approval":
    ":hourglass_flowing_sand: *{ref}* {title}: the shared channel <#{channel}> is waiting for approval by {org} ({org}'s people cannot join until {org}'s Slack admins approve the Slack Connect channel).\n*What to do:* {org}'s liaison officers ask their Slack admins to approve the Slack Connect channel from {host}. Once approved, renkei invites {org}'s liaison officers and finishes the set-up.",
  "share.dm.declined":
    ":no_entry: *{ref}* {title}: {org} declined the Slack Connect invitation; the channel <#{channel}> is not shared with {org}.\n*What to do:* {org}'s liaison officers ask their Slack admins to allow Slack Connect with {host}. Once allowed, press *Re-send invitation* (a liaison officer of either party can; the card has the same button).",
  "share.dm.expired":
    ":no_entry: *{ref}* {title}: the Slack Connect invitation to {org} expired; the channel <#{channel}> is not shared with {org}.\n*What to do:* press *Re-send invitation* (a liaison officer of either party can; the card has the same button). Where {org}'s admins must approve, {org}'s liaison officers ask them to.",
  "share.resend.resending": "Sending the invitation of *{ref}* to {org} again. The card shows how it goes, and both parties' liaison officers are told.",
  "share.dm.normal_times.waiting_approval":
    ":hourglass_flowing_sand: The normal-times channel <#{channel}> (Arts. 5, 6, 8) is waiting for approval by {org} ({org}'s people cannot join until {org}'s Slack admins approve the Slack Connect channel).\n*What to do:* {org}'s liaison officers ask their Slack admins to approve the Slack Connect channel from {host}. Once approved, renkei invites {org}'s liaison officers and managers.",
  "share.dm.normal_times.declined":
    ":no_entry: {org} declined the Slack Connect invitation to the normal-times channel <#{channel}> (Arts. 5, 6, 8); it is not shared with {org}.\n*What to do:* {org}'s liaison officers ask their Slack admins to allow Slack Connect with {host}. Once allowed, press *Re-send invitation* (a liaison officer of either party can).",
  "share.dm.normal_times.expired":
    ":no_entry: The Slack Connect invitation of the normal-times channel <#{channel}> (Arts. 5, 6, 8) to {org} expired; it is not shared with {org}.\n*What to do:* press *Re-send invitation* (a liaison officer of either party can).",
  "share.resend.resending.normal_times": "Sending the invitation of the normal-times channel <#{channel}> to {org} again. The channel shows how it goes, and both parties' liaison officers are told.",
  "share.resend.not_needed": "This invitation needs no re-sending (it was sent again already, or is still valid). Nothing was changed.",
  "share.resend.not_found": "This invitation was not found. Nothing was changed.",
  "installation.revoked.dm":
    ":warning: renkei's installation in {org}'s workspace was revoked ({reason}, {date}).\nUntil it is installed again, renkei cannot send DMs or App Home to {org}'s people, nor post in channels of {org}'s workspace. No record is lost: notifications that cannot be delivered are kept and sent once it is installed again.\n*What to do:* contact {org}'s liaison officers and ask {org}'s Slack admins to install renkei again (renkei's /slack/install).",
};
