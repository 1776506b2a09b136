/**
 * AWS prices the bench turns capacity into money with: us-east-1, on-demand, as AWS's DynamoDB
 * pricing page lists them (read 2026-12-02; the November 2024 on-demand price cut).
 */
export const dynamoOnDemandUsd = {
  perMillionReadRequestUnits: 0.125,
  perMillionWriteRequestUnits: 0.625,
};
