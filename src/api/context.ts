/** What route handlers need, passed to each route module when the app is built. */
import type { Client } from '@temporalio/client';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { WorkflowGateway } from './workflow-gateway.js';

export interface ApiContext {
  db: Database;
  config: Config;
  gateway: WorkflowGateway;
  temporal: Client;
}
