-- Staging rows live for one batch and are rebuilt on a retry: they need no WAL.
ALTER TABLE "stage_customers" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "stage_products" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "stage_order_lines" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "stage_events" SET UNLOGGED;--> statement-breakpoint
ALTER TABLE "stage_quarantine" SET UNLOGGED;
