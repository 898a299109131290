CREATE TABLE "verified_queries" (
	"phrasing" text PRIMARY KEY NOT NULL,
	"query" jsonb NOT NULL,
	"verified_by" text NOT NULL,
	"verified_at" timestamp with time zone DEFAULT now() NOT NULL
);
