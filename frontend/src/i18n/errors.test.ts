import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CombinedError } from "@urql/core";
import { GraphQLError } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import i18n from ".";
import { describeError, userErrorText } from "../lib/errors";
import { en, zhCN } from "./resources";

const schema = readFileSync(join(__dirname, "..", "..", "..", "schema.graphql"), "utf8");
const errorCodes = [...(schema.match(/enum ErrorCode \{([^}]*)\}/)?.[1] ?? "").matchAll(/^\s*([A-Z][A-Z0-9_]*)\s*$/gm)].map((m) => m[1]);

// Top-level GraphQL errors carry these as `extensions.code` (backend/api/errors.py).
const apiSource = readFileSync(join(__dirname, "..", "..", "..", "backend", "api", "errors.py"), "utf8");
const apiCodes = [...(apiSource.match(/class ApiErrorCode[^]*?\n\n\n/)?.[0] ?? "").matchAll(/^\s+([A-Z][A-Z0-9_]*) = "/gm)].map((m) => m[1]);

describe("error catalogue", () => {
  afterEach(() => i18n.changeLanguage("en"));

  it("reads the ErrorCode enum of the schema", () => {
    expect(errorCodes).toContain("LOT_NOT_RELEASED");
    expect(errorCodes.length).toBeGreaterThan(30);
    expect(apiCodes).toContain("THROTTLED");
  });

  it.each(errorCodes)("%s has a message in English and Chinese", (code) => {
    const english = (en.errors as Record<string, string>)[code];
    const chinese = (zhCN.errors as Record<string, string>)[code];
    expect(english?.trim()).toBeTruthy();
    expect(chinese?.trim()).toBeTruthy();
    expect(chinese).toMatch(/\p{Script=Han}/u);
  });

  it.each(apiCodes)("the request error %s has a message in English and Chinese", (code) => {
    expect((en.errors as Record<string, string>)[code]?.trim()).toBeTruthy();
    expect((zhCN.errors as Record<string, string>)[code]).toMatch(/\p{Script=Han}/u);
  });

  it("userErrorText gives the server's message in English and the catalogue's in Chinese", async () => {
    const error = { code: "LOT_NOT_RELEASED", message: "Lot L-2026-001 is in QUARANTINE, not released." };
    await i18n.changeLanguage("en");
    expect(userErrorText(error)).toBe("Lot L-2026-001 is in QUARANTINE, not released.");
    await i18n.changeLanguage("zh-CN");
    expect(userErrorText(error)).toBe("该批次尚未放行。");
    expect(userErrorText({ code: "SOMETHING_NEW", message: "As the server said." })).toBe("As the server said.");
  });

  it("a request refused with a code reads in Chinese", async () => {
    const error = new CombinedError({
      graphQLErrors: [new GraphQLError("Query budget exhausted.", { extensions: { code: "THROTTLED" } })],
    });
    await i18n.changeLanguage("en");
    expect(describeError(error)).toBe("Query budget exhausted.");
    await i18n.changeLanguage("zh-CN");
    expect(describeError(error)).toBe("请求过于频繁，请稍后再试。");
  });
});
