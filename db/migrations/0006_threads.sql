CREATE TABLE "threads" (
	"id" text PRIMARY KEY NOT NULL,
	"actor" text NOT NULL,
	"query" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
