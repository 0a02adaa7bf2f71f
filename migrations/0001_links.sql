ALTER TABLE "agreements" ADD COLUMN "renewal_of" uuid;--> statement-breakpoint
ALTER TABLE "agreements" ADD COLUMN "changes" jsonb;