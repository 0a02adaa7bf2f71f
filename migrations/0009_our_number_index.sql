ALTER TABLE "agreements" DROP CONSTRAINT "agreements_our_number_unique";--> statement-breakpoint
CREATE INDEX "agreements_our_number_idx" ON "agreements" USING btree ("our_number");