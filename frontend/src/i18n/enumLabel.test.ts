import { afterEach, describe, expect, it } from "vitest";
import i18n from ".";
import { enumLabel } from "./enumLabel";

describe("enumLabel", () => {
  afterEach(() => i18n.changeLanguage("en"));

  it("names a known value in English and in Chinese", async () => {
    await i18n.changeLanguage("en");
    expect(enumLabel("PARTIALLY_SHIPPED")).toBe("Partially shipped");
    expect(enumLabel("QUARANTINE")).toBe("Quarantine");
    await i18n.changeLanguage("zh-CN");
    expect(enumLabel("PARTIALLY_SHIPPED")).toBe("部分发货");
    expect(enumLabel("QUARANTINE")).toBe("待检");
  });

  it("reads an unknown value as its words, in either language", async () => {
    await i18n.changeLanguage("zh-CN");
    expect(enumLabel("SOMETHING_NEW")).toBe("Something new");
  });
});
