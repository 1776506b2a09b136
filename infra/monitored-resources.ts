/** What the alarms and the dashboard watch: the stack's names for its API, functions and table. */
export interface MonitoredResources {
  name: string;
  apiName: string;
  stageName: string;
  functionName: string;
  /** The image function (run by uploads). */
  imageFunctionName: string;
  /** The stream projector (run by the table's stream) and the queue its failures are described on. */
  projectorFunctionName: string;
  streamFailureQueueName: string;
  tableName: string;
  metricsNamespace: string;
}
