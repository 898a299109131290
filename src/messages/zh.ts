import type { MessageKey } from './en.ts';

/** 中文文案。键与 en.ts 一一对应；缺一个键就无法通过类型检查。 */
export const zh: Record<MessageKey, string> = {
  'errors.config_invalid': '配置有误：{problems}',
  'errors.data_key_invalid': 'PRECIS_DATA_KEY 必须是 32 字节随机密钥，写成 64 位十六进制或 base64（{detail}）。',
  'errors.data_key_mismatch': '该数据库是用另一把数据密钥加密的。请把 PRECIS_DATA_KEY 设为创建时的密钥。',
  'errors.db_unreachable': '无法连接数据库：{detail}',
  'errors.not_migrated': '数据库里还没有 Precis 的表。请先运行 `precis db migrate`。',
  'errors.query_invalid': '这个问题无法按原样回答：{problems}',
  'errors.access_denied': '你还没有 Precis 的访问权限。请联系管理员为你分配角色（`/precis role grant @你 marketer`）。',
  'errors.role_forbids': '你的角色（{role}）不能{action}。',
  'errors.query_timeout': '这个问题耗时过长（超过 {seconds} 秒）。请缩短时间范围或减少拆分维度。',
  'errors.usage': '{detail}',
  'errors.input_invalid': '{detail}',
  'errors.internal': '系统出了点问题（编号 {ref}），团队可以在日志中查到。',

  'answer.not_understood': '这个问题我暂时还看不懂。你可以这样问：',
  'answer.no_rows': '没有符合条件的数据。',
  'answer.truncated': '仅显示前 {shown} 行；请缩小问题范围或申请导出。',
  'answer.redacted': '已遮蔽个人信息：{fields}。',
  'answer.fallback_buyers': '这里的“客户数”指有已付款订单的客户，因为问题涉及订单维度或时间段。',

  'problems.not_on_source': '{metric}不能按{dimension}拆分或筛选',
  'problems.mixed_sources': '{a}和{b}暂时不能放在同一个问题里，请分开问',
  'problems.period_order': '时间段的结束早于开始',
  'problems.top_needs_dimension': '排行需要且只能有一个排名对象（商品、城市等）',
  'problems.trend_needs_time': '趋势需要按时间拆分（按天、周、月、季度或年）',
  'problems.filter_on_time': '请用时间段（如“2025年”）而不是用{dimension}筛选',
  'problems.duplicate_dimension': '{dimension}重复出现',
  'problems.sort_not_asked': '不能按问题中没有的{metric}排序',

  'reading.all_time': '全部时间',
  'reading.by': '按{dims}',
  'reading.top': '{dim}前{n}',
  'reading.where': '{dim}：{values}',

  'help.title': '用日常语言询问客户、订单和商品。例如：',
  'help.examples': [
    '我们有多少客户？',
    '近30天各城市的销售额',
    '2025年各平台的订单数',
    '今年销售额前10的商品',
    '上个月各品类的客户数',
    '今年每月销售额',
    'revenue by city last 30 days',
    'top 5 products by revenue this year',
  ].join('\n'),
  'help.metrics': '指标：{list}',
  'help.dimensions': '可按以下维度拆分：{list}',
  'help.periods': '时间：近30天、最近两周、本月、上个月、今年、去年、2025年、2025年第三季度',

  'console.welcome': 'Precis —— 询问你的客户、订单和商品。输入 `help` 查看示例，Ctrl-D 退出。',
  'console.store': '数据：{store} · {customers} 位客户 · {orders} 笔订单',
  'console.bye': '再见。',
  'setup.migrating': '正在 {dir} 准备内置数据库…',
  'setup.key_generated': '已在 {path} 生成个人信息数据密钥。请妥善保管：没有它就无法读取个人信息。可设置 PRECIS_DATA_KEY 使用自己的密钥。',
  'setup.demo_loading': '正在加载演示数据',
};
