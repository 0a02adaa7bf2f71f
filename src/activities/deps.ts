/** What every activity needs, handed in once when the worker starts. */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Mailer } from './mailer.js';

export interface ActivityDeps {
  db: Database;
  config: Config;
  mailer: Mailer;
  logger: Logger;
  /**
   * Starts webhook and email delivery workflows; without it webhook deliveries wait in the
   * outbox and emails are sent inline by the activity that records them.
   */
  temporal?: Client;
}
