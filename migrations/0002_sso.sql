CREATE TABLE "site_sso_secrets" (
	"site_id" integer PRIMARY KEY NOT NULL,
	"secret" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "readers_site_external_idx";--> statement-breakpoint
ALTER TABLE "site_sso_secrets" ADD CONSTRAINT "site_sso_secrets_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "readers_site_external_key" ON "readers" USING btree ("site_id","external_id") WHERE "readers"."external_id" is not null;