ALTER TABLE "stage_customers" DROP COLUMN "row_hash";--> statement-breakpoint
ALTER TABLE "stage_events" DROP COLUMN "row_hash";--> statement-breakpoint
ALTER TABLE "stage_order_lines" DROP COLUMN "row_hash";--> statement-breakpoint
ALTER TABLE "stage_products" DROP COLUMN "row_hash";