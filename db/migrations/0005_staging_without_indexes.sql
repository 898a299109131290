DROP INDEX "stage_customers_batch";--> statement-breakpoint
DROP INDEX "stage_events_batch";--> statement-breakpoint
DROP INDEX "stage_order_lines_batch";--> statement-breakpoint
DROP INDEX "stage_products_batch";--> statement-breakpoint
DROP INDEX "stage_quarantine_batch";