CREATE TABLE "agreement_events" (
	"agreement_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"type" text NOT NULL,
	"from_stage" text,
	"stage" text NOT NULL,
	"decision" text,
	"actor_username" text,
	"actor_name" text,
	"actor_role" text,
	"acting_for" text,
	"note" text,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "agreement_events_agreement_id_seq_pk" PRIMARY KEY("agreement_id","seq")
);
--> statement-breakpoint
CREATE TABLE "agreements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"tracking_code" text NOT NULL,
	"kind" text NOT NULL,
	"instrument" text NOT NULL,
	"title" text NOT NULL,
	"partners" jsonb NOT NULL,
	"unit_code" text NOT NULL,
	"purpose" text NOT NULL,
	"scope" text NOT NULL,
	"planned_start" date,
	"duration_months" integer NOT NULL,
	"value_idr" numeric(20, 0),
	"funding_source" text,
	"dprd_trigger" jsonb NOT NULL,
	"initiated_by" text NOT NULL,
	"parent_id" uuid,
	"confidential" boolean DEFAULT false NOT NULL,
	"created_by" text NOT NULL,
	"path" text[] NOT NULL,
	"stage" text NOT NULL,
	"status" text NOT NULL,
	"due_at" timestamp with time zone,
	"overdue" boolean DEFAULT false NOT NULL,
	"projection_seq" integer DEFAULT 0 NOT NULL,
	"signed_at" date,
	"our_number" text,
	"partner_numbers" jsonb,
	"start_date" date,
	"end_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agreements_tracking_code_unique" UNIQUE("tracking_code"),
	CONSTRAINT "agreements_our_number_unique" UNIQUE("our_number")
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"basis" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "counters" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "emails" (
	"key" text PRIMARY KEY NOT NULL,
	"agreement_id" uuid,
	"kind" text NOT NULL,
	"stage" text,
	"reminder_no" integer,
	"recipient" text NOT NULL,
	"recipient_username" text,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"message_id" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "holidays" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"basis" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "obligations" (
	"agreement_id" uuid NOT NULL,
	"key" text NOT NULL,
	"type" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"label" text NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "obligations_agreement_id_key_pk" PRIMARY KEY("agreement_id","key")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"agreement_id" uuid NOT NULL,
	"period" text NOT NULL,
	"activities" text NOT NULL,
	"progress_percent" integer NOT NULL,
	"problems" text,
	"follow_up" text,
	"filed_by" text NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"review_note" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"agreement_id" uuid NOT NULL,
	"task_key" text NOT NULL,
	"stage" text NOT NULL,
	"role" text NOT NULL,
	"unit_code" text,
	"started_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"sla_working_days" integer,
	"sla_basis" text,
	"uncovered_years" integer[],
	"reminders_sent" integer DEFAULT 0 NOT NULL,
	"escalated_to" text,
	"escalated_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" text,
	CONSTRAINT "tasks_agreement_id_task_key_pk" PRIMARY KEY("agreement_id","task_key")
);
--> statement-breakpoint
CREATE TABLE "units" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"roles" text[] NOT NULL,
	"unit_code" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
ALTER TABLE "agreement_events" ADD CONSTRAINT "agreement_events_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreements" ADD CONSTRAINT "agreements_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_agreement_id_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_unit_code_units_code_fk" FOREIGN KEY ("unit_code") REFERENCES "public"."units"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreements_stage_idx" ON "agreements" USING btree ("stage");--> statement-breakpoint
CREATE INDEX "agreements_unit_idx" ON "agreements" USING btree ("unit_code");--> statement-breakpoint
CREATE INDEX "agreements_created_idx" ON "agreements" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "emails_agreement_idx" ON "emails" USING btree ("agreement_id");--> statement-breakpoint
CREATE INDEX "tasks_open_idx" ON "tasks" USING btree ("role","closed_at");