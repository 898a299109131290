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
  export_unavailable: 'Exports need an admin’s approval and are not available yet. I noted your request for when they are.',
  feedback_thanks: 'Thanks, noted for review.',
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
    'Usage: `/precis help` shows what you can ask; `/precis ask <question>` (or just `/precis <question>`) answers it here. Admins: `/precis role grant @someone marketer`, `/precis role revoke @someone`, `/precis role list`.',
  role_granted: '<@{user}> is now {role}.',
  role_granted_until: '<@{user}> is now {role} until {until}.',
  role_revoked: '<@{user}> has no role any more.',
  role_none: '<@{user}> had no role.',
  role_list_empty: 'No roles granted yet: `/precis role grant @someone marketer`.',
  started_socket: 'Precis is in Slack (Socket Mode). Ctrl-C stops it.',
  started_http: 'Precis is in Slack: listening on port {port} (HTTP, events at /slack/events, health at /health). Ctrl-C stops it.',
} as const;

export type WordKey = keyof typeof en;

const zh: Record<WordKey, string> = {
  working: '正在查询…',
  sent_privately: '我已通过私信把答案发给你：客户名单只在私下显示。',
  private_answer_intro: '你在 <#{channel}> 提的问题，答案如下：',
  export_unavailable: '导出需要管理员批准，目前尚不可用。我已记下你的请求。',
  feedback_thanks: '谢谢，已记录，稍后会有人查看。',
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
    '用法：`/precis help` 查看可以问什么；`/precis ask <问题>`（或直接 `/precis <问题>`）在这里回答。管理员：`/precis role grant @某人 marketer`、`/precis role revoke @某人`、`/precis role list`。',
  role_granted: '<@{user}> 现在的角色是 {role}。',
  role_granted_until: '<@{user}> 现在的角色是 {role}，到 {until} 为止。',
  role_revoked: '<@{user}> 已不再有角色。',
  role_none: '<@{user}> 本来就没有角色。',
  role_list_empty: '还没有授予任何角色：`/precis role grant @某人 marketer`。',
  started_socket: 'Precis 已接入 Slack（Socket Mode）。按 Ctrl-C 停止。',
  started_http: 'Precis 已接入 Slack：监听端口 {port}（HTTP，事件地址 /slack/events，健康检查 /health）。按 Ctrl-C 停止。',
};

const catalogs: Record<Lang, Record<WordKey, string>> = { en, zh };

/** The door's sentence `key` in `lang`, with its {placeholders} filled. */
export function word(lang: Lang, key: WordKey, params: MessageParams = {}): string {
  return catalogs[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Keys of both catalogs, for the coverage test. */
export const wordCatalogs = catalogs;
