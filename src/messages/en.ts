/**
 * Every user-facing sentence, in English: the source of truth. `zh.ts` is typed against these
 * keys, so a missing translation does not compile. Placeholders look like {name}.
 */
export const en = {
  'errors.config_invalid': 'The configuration is invalid: {problems}',
  'errors.data_key_invalid': 'PRECIS_DATA_KEY must be 32 random bytes, written as 64 hex characters or base64 ({detail}).',
  'errors.data_key_mismatch':
    'This database was encrypted with a different data key. Set PRECIS_DATA_KEY to the key it was created with.',
  'errors.db_unreachable': 'Cannot reach the database: {detail}',
  'errors.not_migrated': 'The database has no Precis tables yet. Run `precis db migrate` first.',
  'errors.query_invalid': 'That question cannot be answered as asked: {problems}',
  'errors.access_denied': 'You do not have access to Precis yet. Ask an admin to grant you a role (`/precis role grant @you marketer`).',
  'errors.role_forbids': 'Your role ({role}) may not {action}.',
  'errors.query_timeout': 'That question took too long to answer (over {seconds} s). Try a shorter period or fewer breakdowns.',
  'errors.usage': '{detail}',
  'errors.input_invalid': '{detail}',
  'errors.internal': 'Something went wrong on our side (reference {ref}). The team can look it up in the log.',

  'answer.not_understood': "I didn't understand that question yet. Here are things I can answer:",
  'answer.no_rows': 'No data matched this question.',
  'answer.truncated': 'Showing the first {shown} rows of more; narrow the question or ask for an export.',
  'answer.redacted': 'Masked personal data in: {fields}.',
  'answer.fallback_buyers': '"Customers" here counts customers with a paid order, because the question involves orders or a period.',

  'problems.not_on_source': '{metric} cannot be broken down or filtered by {dimension}',
  'problems.mixed_sources': '{a} and {b} cannot be combined in one question yet; ask for them separately',
  'problems.period_order': 'the period ends before it starts',
  'problems.top_needs_dimension': 'a top list needs exactly one thing to rank (products, cities, …)',
  'problems.trend_needs_time': 'a trend needs a time breakdown (by day, week, month, quarter or year)',
  'problems.filter_on_time': 'filter by a period ("in 2025") rather than by {dimension}',
  'problems.duplicate_dimension': '{dimension} is asked for twice',
  'problems.compare_needs_period': 'a comparison needs a period to compare ("this month vs last month", "2025 vs 2024")',
  'problems.sort_not_asked': 'cannot sort by {metric}, which the question does not ask for',

  'reading.all_time': 'all time',
  'reading.versus': 'vs {period}',
  'reading.definition': '{label}: {description}',
  'reading.in_currency': 'Amounts in {currency}.',
  'answer.verified': 'Verified',
  'answer.stale': 'The newest data is from {date} ({days} days ago): figures for recent periods may be incomplete.',
  'answer.previous': '{label} (before)',
  'answer.change': 'Change',
  'reading.by': 'by {dims}',
  'reading.top': 'top {n} by {dim}',
  'reading.where': '{dim}: {values}',

  'help.title': 'Ask Precis about your customers, orders and products in plain words. For example:',
  'help.examples': [
    'how many customers do we have?',
    'revenue by city last 30 days',
    'orders by platform in 2025',
    'top 10 products by revenue this year',
    'customers by category last month',
    'revenue by month this year',
    '上个月各平台的销售额',
    '今年销售额前5的商品',
  ].join('\n'),
  'help.metrics': 'Metrics: {list}',
  'help.dimensions': 'Break down by: {list}',
  'help.periods': 'Periods: last 30 days, last 2 weeks, this month, last month, this year, last year, in 2025, Q3 2025',

  'console.welcome': 'Precis — ask about your customers, orders and products. Type `help` for examples, Ctrl-D to leave.',
  'console.store': 'Store: {store} · {customers} customers · {orders} orders',
  'console.bye': 'Bye.',
  'setup.migrating': 'Preparing the embedded database in {dir}…',
  'setup.key_generated':
    'Generated a data key for personal fields in {path}. Keep it safe: without it the personal fields cannot be read. Set PRECIS_DATA_KEY to use your own.',
  'setup.demo_loading': 'Loading demo data',
} as const;

export type MessageKey = keyof typeof en;
