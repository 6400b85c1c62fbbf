DROP INDEX "outbox_due_idx";--> statement-breakpoint
ALTER TABLE "moderators" ADD COLUMN "alert_pending" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "bounced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "bounce_reason" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "status" text DEFAULT 'queued' NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "site_id" integer;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "recipient" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "locked_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "lease_id" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "last_response" text;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "message" jsonb;--> statement-breakpoint
CREATE INDEX "subscriptions_comment_idx" ON "subscriptions" USING btree ("comment_id");--> statement-breakpoint
CREATE INDEX "outbox_status_idx" ON "outbox" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("run_after") WHERE "outbox"."status" = 'queued';--> statement-breakpoint
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_target_key" UNIQUE NULLS NOT DISTINCT("page_id","kind","comment_id","email");