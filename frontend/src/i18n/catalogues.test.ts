import { describe, expect, it } from "vitest";
import { en, NAMESPACES, zhCN } from "./resources";

// Plural forms differ by language (English has _one and _other, Chinese only _other).
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(tree: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object") keys(v, path).forEach((text, key) => out.set(key, text));
    else out.set(path.replace(PLURAL, ""), String(v));
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

describe("message catalogues", () => {
  it.each(NAMESPACES)("%s has the same keys in English and Chinese", (ns) => {
    const english = keys(en[ns]);
    const chinese = keys(zhCN[ns]);
    const missingInChinese = [...english.keys()].filter((k) => !chinese.has(k));
    const missingInEnglish = [...chinese.keys()].filter((k) => !english.has(k));
    expect({ missingInChinese, missingInEnglish }).toEqual({ missingInChinese: [], missingInEnglish: [] });
  });

  it.each(NAMESPACES)("%s fills every message and keeps its placeholders", (ns) => {
    const english = keys(en[ns]);
    const chinese = keys(zhCN[ns]);
    const wrong = [...english].filter(([key, text]) => {
      const other = chinese.get(key);
      return !text.trim() || !other?.trim() || placeholders(text).join() !== placeholders(other).join();
    });
    expect(wrong.map(([key]) => key)).toEqual([]);
  });

  it("a key missing in Chinese is caught", () => {
    const english = keys({ a: { b: "x", c_one: "1 c", c_other: "{{count}} c" } });
    const chinese = keys({ a: { c_other: "{{count}} 个" } });
    expect([...english.keys()].filter((k) => !chinese.has(k))).toEqual(["a.b"]);
  });
});
