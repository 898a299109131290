/**
 * The Slack door's own words, in English (the source of truth) and Chinese, typed against the
 * English keys so a missing translation does not compile. Answers themselves are worded by the
 * core and src/present; these are only what the door adds around them. Placeholders: {name}.
 */
import type { Lang, MessageParams } from '../messages/index.ts';

const en = {
  working: 'Working on it…',
  sent_privately: 'I sent you this answer in a direct message: lists of customers are only shown privately.',
  private_answer_intro: 'The answer to your question in <#{channel}>:',
  feedback_thanks: 'Thanks, noted for review.',
  feedback_form_title: 'What was wrong?',
  feedback_form_label: 'What was wrong with this answer? (the figures, how the question was read, something missing…)',
  feedback_form_submit: 'Send',
  feedback_form_close: 'Skip',
  quality_run_unknown: 'That data-quality run is no longer in the history.',
  query_title: 'The query behind this answer:',
  query_unknown: 'I no longer have the query of this answer.',
  breakdown_question: 'by {dimension}',
  clarify_picked: 'You picked: {label}',
  home_title: 'Precis',
  home_intro: 'Ask about customers, orders and products in plain words: mention me in a channel, write to me here, or use `/precis ask …`.',
  home_role: 'Your role: *{role}*',
  home_recent: 'Your recent questions',
  home_recent_none: 'You have not asked anything yet.',
  command_usage:
    'Usage: `/precis help` shows what you can ask; `/precis ask <question>` (or just `/precis <question>`) answers it here. Admins: `/precis role grant @someone marketer`, `/precis role revoke @someone`, `/precis role list`; scheduled reports: `/precis schedule add "0 9 * * 1" #channel quality [--tz Zone] [--gate]`, `/precis schedule list`, `pause <n>`, `resume <n>`, `remove <n>`.',
  role_granted: '<@{user}> is now {role}.',
  role_granted_until: '<@{user}> is now {role} until {until}.',
  role_revoked: '<@{user}> has no role any more.',
  role_none: '<@{user}> had no role.',
  role_list_empty: 'No roles granted yet: `/precis role grant @someone marketer`.',
  // Scheduled reports (issue 7): replies to /precis schedule.
  schedule_added: 'Added schedule {id}: {line}',
  schedule_line: '*{id}*  `{cron}` ({zone}) → <#{channel}>  {kind}{flags}  · {last}',
  schedule_flag_gated: ' · only when something changed or fails',
  schedule_flag_paused: ' · paused',
  schedule_last_run: 'last: {status} {at}',
  schedule_never_run: 'not run yet',
  schedule_paused: 'Schedule {id} is paused.',
  schedule_resumed: 'Schedule {id} runs again.',
  schedule_already_paused: 'Schedule {id} already was paused.',
  schedule_already_running: 'Schedule {id} already was running.',
  schedule_removed: 'Removed schedule {id}.',
  schedule_list_empty: 'No scheduled reports yet: `/precis schedule add "0 9 * * 1" #channel quality`.',
  schedule_usage:
    'Usage: `/precis schedule add "<cron>" #channel <report> [--tz Asia/Shanghai] [--gate]` (e.g. `"0 9 * * 1"` is Mondays at 09:00; `--gate` posts only when something changed or a check fails), `/precis schedule list`, `pause <n>`, `resume <n>`, `remove <n>`.',
  started_socket: 'Precis is in Slack (Socket Mode). Ctrl-C stops it.',
  started_http: 'Precis is in Slack: listening on port {port} (HTTP, events at /slack/events, health at /health). Ctrl-C stops it.',
  // Exports (issue 8 item 5)
  export_form_title: 'Export this',
  export_reason_label: 'Why do you need this export? Admins decide on it.',
  export_scope_label: 'Personal data',
  export_scope_answer: 'the answer’s table, redacted',
  export_scope_personal: 'customer list with email, phone and name in clear (needs two admins)',
  export_submit: 'Request',
  export_cancel: 'Cancel',
  export_requested: 'Export #{id} requested: {words} ({rows} rows). An admin other than you will approve or deny it; the file then comes to you in a direct message.',
  export_requested_personal: 'Export #{id} requested: {words} ({rows} customers). Two admins other than you must approve it; the file then comes to you in a direct message.',
  export_reason_missing: 'Say why you need it: "export this because …" in the answer’s thread, or `/precis export <reason>`.',
  export_no_query: 'There is no answer here to export yet. Ask a question first, then "export this because …" in its thread or `/precis export <reason>` in its channel.',
  export_admin: '*Export request #{id}* from <@{user}>: {rows} rows\n*What:* {words}\n*Scope:* {scope}\n*Reason:* {reason}',
  export_approve: 'Approve',
  export_deny: 'Deny',
  export_deny_title: 'Deny export',
  export_deny_label: 'Reason (the requester gets it)',
  export_approved_partly: 'Approved by {admins} ({n} of {needed}): waiting for another admin.',
  export_approved: 'Approved by {admins}; the file was sent to <@{user}>. It is deleted at {until}.',
  export_denied_admin: 'Denied by <@{admin}>: {reason}',
  export_delivered: 'Your export #{id}: {words} ({rows} rows). This file is deleted at {until}.',
  export_denied: 'Your export #{id} ({words}) was denied by <@{admin}>: {reason}',
} as const;

export type WordKey = keyof typeof en;

const zh: Record<WordKey, string> = {
  working: '正在查询…',
  sent_privately: '我已通过私信把答案发给你：客户名单只在私下显示。',
  private_answer_intro: '你在 <#{channel}> 提的问题，答案如下：',
  feedback_thanks: '谢谢，已记录，稍后会有人查看。',
  feedback_form_title: '哪里不对？',
  feedback_form_label: '这个回答哪里不对？（数字、对问题的理解、缺了什么……）',
  feedback_form_submit: '提交',
  feedback_form_close: '跳过',
  quality_run_unknown: '历史记录里已经没有这次数据质量检查了。',
  query_title: '这个答案背后的查询：',
  query_unknown: '找不到这个答案的查询了。',
  breakdown_question: '按{dimension}',
  clarify_picked: '你选择了：{label}',
  home_title: 'Precis',
  home_intro: '用日常语言询问客户、订单和商品：在频道里 @我、在这里给我发消息，或使用 `/precis ask …`。',
  home_role: '你的角色：*{role}*',
  home_recent: '你最近的问题',
  home_recent_none: '你还没有提过问题。',
  command_usage:
    '用法：`/precis help` 查看可以问什么；`/precis ask <问题>`（或直接 `/precis <问题>`）在这里回答。管理员：`/precis role grant @某人 marketer`、`/precis role revoke @某人`、`/precis role list`；定时报告：`/precis schedule add "0 9 * * 1" #频道 quality [--tz 时区] [--gate]`、`/precis schedule list`、`pause <编号>`、`resume <编号>`、`remove <编号>`。',
  role_granted: '<@{user}> 现在的角色是 {role}。',
  role_granted_until: '<@{user}> 现在的角色是 {role}，到 {until} 为止。',
  role_revoked: '<@{user}> 已不再有角色。',
  role_none: '<@{user}> 本来就没有角色。',
  role_list_empty: '还没有授予任何角色：`/precis role grant @某人 marketer`。',
  schedule_added: '已添加计划 {id}：{line}',
  schedule_line: '*{id}*  `{cron}`（{zone}）→ <#{channel}>  {kind}{flags}  · {last}',
  schedule_flag_gated: ' · 仅在有变化或检查失败时发送',
  schedule_flag_paused: ' · 已暂停',
  schedule_last_run: '上次：{status} {at}',
  schedule_never_run: '尚未运行',
  schedule_paused: '计划 {id} 已暂停。',
  schedule_resumed: '计划 {id} 已恢复运行。',
  schedule_already_paused: '计划 {id} 本来就已暂停。',
  schedule_already_running: '计划 {id} 本来就在运行。',
  schedule_removed: '已删除计划 {id}。',
  schedule_list_empty: '还没有定时报告：`/precis schedule add "0 9 * * 1" #频道 quality`。',
  schedule_usage:
    '用法：`/precis schedule add "<cron>" #频道 <报告> [--tz Asia/Shanghai] [--gate]`（例如 `"0 9 * * 1"` 表示每周一 09:00；`--gate` 表示仅在有变化或检查失败时发送）、`/precis schedule list`、`pause <编号>`、`resume <编号>`、`remove <编号>`。',
  started_socket: 'Precis 已接入 Slack（Socket Mode）。按 Ctrl-C 停止。',
  started_http: 'Precis 已接入 Slack：监听端口 {port}（HTTP，事件地址 /slack/events，健康检查 /health）。按 Ctrl-C 停止。',
  // Exports (issue 8 item 5)
  export_form_title: '导出这份数据',
  export_reason_label: '为什么需要导出？管理员会据此决定。',
  export_scope_label: '个人信息',
  export_scope_answer: '答案表格（已脱敏）',
  export_scope_personal: '含明文邮箱、电话和姓名的客户名单（需两位管理员批准）',
  export_submit: '申请',
  export_cancel: '取消',
  export_requested: '已申请导出 #{id}：{words}（{rows} 行）。将由你以外的管理员批准或拒绝，批准后文件会私信发给你。',
  export_requested_personal: '已申请导出 #{id}：{words}（{rows} 位客户）。需要你以外的两位管理员批准，批准后文件会私信发给你。',
  export_reason_missing: '请说明原因：在答案的话题里写“导出这份数据，因为……”，或使用 `/precis export <原因>`。',
  export_no_query: '这里还没有可以导出的答案。请先提问，再在该话题里写“导出这份数据，因为……”，或在该频道使用 `/precis export <原因>`。',
  export_admin: '*导出申请 #{id}*，来自 <@{user}>：{rows} 行\n*内容：* {words}\n*范围：* {scope}\n*原因：* {reason}',
  export_approve: '批准',
  export_deny: '拒绝',
  export_deny_title: '拒绝导出',
  export_deny_label: '原因（申请人会看到）',
  export_approved_partly: '{admins} 已批准（{n}/{needed}）：等待另一位管理员。',
  export_approved: '{admins} 已批准；文件已发给 <@{user}>，将于 {until} 删除。',
  export_denied_admin: '<@{admin}> 已拒绝：{reason}',
  export_delivered: '你的导出 #{id}：{words}（{rows} 行）。此文件将于 {until} 删除。',
  export_denied: '你的导出 #{id}（{words}）被 <@{admin}> 拒绝：{reason}',
};

const catalogs: Record<Lang, Record<WordKey, string>> = { en, zh };

/** The door's sentence `key` in `lang`, with its {placeholders} filled. */
export function word(lang: Lang, key: WordKey, params: MessageParams = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys of both catalogs, for the coverage test. */
export const wordCatalogs = catalogs;
