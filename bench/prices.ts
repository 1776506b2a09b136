/**
 * What AWS charges, in one place: us-east-1, on-demand, list prices without free tiers or savings
 * plans, as AWS's pricing pages give them (aws.amazon.com/<service>/pricing), read 2026-12-02.
 * AWS changes them; a deployment elsewhere or under an agreement pays other ones.
 */
export const pricesReadOn = "2026-12-02";

export const dynamoOnDemandUsd = {
  /** After the November 2024 on-demand price cut. */
  perMillionReadRequestUnits: 0.125,
  perMillionWriteRequestUnits: 0.625,
  perGbMonthStored: 0.25,
  /** Continuous backups (point-in-time recovery), on the table's size. */
  perGbMonthPointInTimeRecovery: 0.2,
  /** Streams: reads by a Lambda event source mapping are free. */
};

export const lambdaUsd = {
  perMillionRequests: 0.2,
  /** arm64, the first 7.5 billion GB-seconds a month. */
  perGbSecondArm64: 0.0000133334,
};

/** REST APIs, the first 333 million requests a month. */
export const apiGatewayRestUsd = { perMillionRequests: 3.5 };

export const cloudFrontUsd = {
  /** HTTPS requests, United States, Mexico and Canada (PriceClass_100 keeps edges in North America and Europe; Europe is the same price). */
  perMillionHttpsRequests: 1.0,
  /** Data out to the internet, the first 10 TB a month. */
  perGbOut: 0.085,
};

export const wafUsd = { perWebAclMonth: 5, perRuleMonth: 1, perMillionRequests: 0.6 };

export const cloudWatchUsd = {
  /** Logs: standard-class ingestion, and storage (compressed; the retention decides how long). */
  perGbLogsIngested: 0.5,
  perGbMonthLogsStored: 0.03,
  /** Custom metrics (what EMF creates), the first 10,000; a metric costs only in the hours it is sent. */
  perMetricMonth: 0.3,
  perStandardAlarmMonth: 0.1,
  /** Beyond the three free dashboards of an account. */
  perDashboardMonth: 3,
};
