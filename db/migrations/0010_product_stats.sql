CREATE TABLE "product_stats" (
	"product_id" bigint PRIMARY KEY NOT NULL,
	"buyers" integer NOT NULL,
	"repeat_share" double precision NOT NULL,
	"gap_days" double precision
);
--> statement-breakpoint
ALTER TABLE "product_stats" ADD CONSTRAINT "product_stats_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "product_stats_buyers" ON "product_stats" USING btree ("buyers");