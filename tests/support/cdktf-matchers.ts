import { expect } from "vitest";
import { Testing } from "cdktf";

// cdktf's matchers extend Jest's global `expect`; vitest's has the same `extend`.
(globalThis as { expect?: unknown }).expect = expect;
Testing.setupJest();

interface TerraformConstructor {
  readonly tfResourceType: string;
}

declare module "vitest" {
  interface Assertion<T> {
    toHaveResource(resource: TerraformConstructor): T;
    toHaveResourceWithProperties(resource: TerraformConstructor, properties: Record<string, unknown>): T;
    toBeValidTerraform(): T;
  }
}
