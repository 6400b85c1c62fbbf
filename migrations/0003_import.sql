CREATE TABLE "imported_items" (
	"site_id" integer NOT NULL,
	"source_id" text NOT NULL,
	"kind" text NOT NULL,
	"target_id" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_items_site_id_source_id_pk" PRIMARY KEY("site_id","source_id")
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY NOT NULL,
	"last_run_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "comments" ADD COLUMN "author_url" text;--> statement-breakpoint
ALTER TABLE "imported_items" ADD CONSTRAINT "imported_items_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "comments_ip_hash_age_idx" ON "comments" USING btree ("created_at") WHERE "comments"."ip_hash" is not null;