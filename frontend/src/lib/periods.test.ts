import { describe, expect, it } from "vitest";
import i18n from "../i18n";
import { lastMonths, recentAccountingPeriods } from "./periods";

describe("lastMonths", () => {
  it("covers whole past months and the current month to date", () => {
    const periods = lastMonths(3, new Date(2026, 0, 15));
    expect(periods.map((p) => [p.from, p.to])).toEqual([
      ["2025-11-01", "2025-11-30"],
      ["2025-12-01", "2025-12-31"],
      ["2026-01-01", "2026-01-15"],
    ]);
  });
});

describe("month labels", () => {
  it("follow the chosen language", async () => {
    const today = new Date(2026, 11, 10);
    await i18n.changeLanguage("zh-CN");
    expect(lastMonths(1, today)[0].label).toBe("26年12月");
    await i18n.changeLanguage("en");
    expect(lastMonths(1, today)[0].label).toBe(new Intl.DateTimeFormat("en-GB", { month: "short", year: "2-digit" }).format(today));
  });
});

describe("recentAccountingPeriods", () => {
  const months = (year: number) => Array.from({ length: 12 }, (_, i) => ({ year, month: i + 1 }));

  it("shows last December in January, and the twelve months before the current one", () => {
    const shown = recentAccountingPeriods([...months(2026), ...months(2025)], new Date(2026, 0, 10));
    expect(shown).toHaveLength(13);
    expect(shown[0]).toEqual({ year: 2025, month: 1 });
    expect(shown.at(-2)).toEqual({ year: 2025, month: 12 });
    expect(shown.at(-1)).toEqual({ year: 2026, month: 1 });
  });

  it("leaves out months after the current one", () => {
    const shown = recentAccountingPeriods([...months(2025), ...months(2026)], new Date(2026, 5, 30));
    expect(shown.at(-1)).toEqual({ year: 2026, month: 6 });
    expect(shown[0]).toEqual({ year: 2025, month: 6 });
  });
});
