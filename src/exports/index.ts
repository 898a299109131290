/** Exports: request → approve (or deny) → deliver → expire. Each stage is one module. */
export { approvalsNeeded, approveExport, approvers, denyExport, latestQueryIn, getExport, listExports, rememberNotices, requestExport, runAnswer, type Approval, type ExportAsk } from './requests.ts';
export { buildExportFile, deliverExport, expireExports, type ExportFile } from './deliver.ts';
export { toCsv } from './csv.ts';
export type { ExportDeps, ExportRequest, ExportSettings } from './types.ts';
