CREATE INDEX "agreements_list_order_idx" ON "agreements" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS FIRST,"unit_code","status");--> statement-breakpoint
CREATE INDEX "agreements_stage_kind_idx" ON "agreements" USING btree ("stage","kind","unit_code","status");--> statement-breakpoint
CREATE INDEX "agreements_due_idx" ON "agreements" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "agreements_overdue_idx" ON "agreements" USING btree ("id") WHERE "agreements"."overdue";--> statement-breakpoint
CREATE INDEX "agreements_active_end_idx" ON "agreements" USING btree ("end_date") WHERE "agreements"."status" = 'active';