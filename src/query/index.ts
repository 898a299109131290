/** Question DSL → validated plan → parameterized SQL → rows. */
export { QuerySpec, Period, Filter, Sort, Intent, MetricId, DimensionId } from './dsl.ts';
export { validate, resolveSource, type Problem, type Resolution } from './validate.ts';
export { plan, type Plan } from './plan.ts';
export { build, renderSql, type BuildScope } from './build.ts';
export { execute, type Execution, type ExecuteLimits } from './execute.ts';
