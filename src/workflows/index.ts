/** Entry point of the workflow bundle: every workflow the worker runs. */
export { agreementWorkflow } from './agreement-workflow.js';
export { emailDeliveryWorkflow } from './email-delivery.js';
export { webhookDeliveryWorkflow } from './webhook-delivery.js';
