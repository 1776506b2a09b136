/** What the alarms and the dashboard watch: the stack's names for its API, functions and table. */
export interface MonitoredResources {
  name: string;
  apiName: string;
  stageName: string;
  functionName: string;
  /** The image function (run by uploads). */
  imageFunctionName: string;
  tableName: string;
  metricsNamespace: string;
}
