/**
 * Every visible string goes through the catalogues: this scans the app's TSX for text
 * written in place (JSX text, and the attributes a user sees or hears) and names each.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..");
// Attributes whose value the user reads or a screen reader speaks.
const VISIBLE = new Set(["label", "title", "placeholder", "alt", "aria-label", "hint", "legend", "heading", "emptyText", "confirmLabel", "description", "aria-description"]);
// Object properties that carry screen text (column headers, option labels, TEXT constants).
const VISIBLE_PROPERTIES = new Set([...VISIBLE, "header", "heading", "text", "message", "empty", "tagline", "caption"]);
const WORD = /\p{L}{2,}/u;
// Navigation labels are the English names that key the catalogue's `nav` section.
const KEYS_NOT_TEXT = new Set(["auth/navigation.ts"]);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    const source = /\.tsx?$/.test(path) && !/\.(test|d)\.tsx?$/.test(path) && !path.includes("/i18n/");
    return source && !KEYS_NOT_TEXT.has(relative(ROOT, path)) ? [path] : [];
  });
}

export function untranslated(path: string, source = readFileSync(path, "utf8")): string[] {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const at = (node: ts.Node, text: string) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${relative(ROOT, path)}:${line + 1} ${JSON.stringify(text.trim().slice(0, 60))}`);
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORD.test(node.text)) at(node, node.text);
    if (ts.isJsxAttribute(node) && VISIBLE.has(node.name.getText())) {
      const value = node.initializer;
      if (value && ts.isStringLiteral(value) && WORD.test(value.text)) at(node, value.text);
      if (value && ts.isJsxExpression(value) && value.expression) {
        const e = value.expression;
        if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && WORD.test(e.text)) at(node, e.text);
      }
    }
    if (ts.isPropertyAssignment(node) && VISIBLE_PROPERTIES.has(node.name.getText().replace(/["']/g, ""))) {
      const e = node.initializer;
      if ((ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && WORD.test(e.text)) at(node, e.text);
    }
    if (ts.isVariableDeclaration(node) && node.name.getText() === "TEXT" && node.initializer) {
      const strings = (n: ts.Node): void => {
        if ((ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) && WORD.test(n.text)) at(n, n.text);
        else ts.forEachChild(n, strings);
      };
      strings(node.initializer);
    }
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const e = node.expression;
      if (e && (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) && WORD.test(e.text)) at(node, e.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

// `I18N_SCAN=src/pages/orders npx vitest run src/i18n` checks one area while it is converted.
const scope = process.env.I18N_SCAN ? join(ROOT, "..", process.env.I18N_SCAN) : ROOT;

describe("visible text", () => {
  it("comes from the message catalogues", () => {
    expect(files(scope).flatMap((path) => untranslated(path))).toEqual([]);
  }, 60_000); // parses every source file

  it("the scan finds text written in place", () => {
    const sample = `const TEXT = { a: "Saved" }; const cols = [{ header: "Lot", key: "lot" }];
      export const A = () => <p title="Open">Hello {"there"}<b aria-label={"Bold"}>{t("ok")}</b> 12</p>;`;
    expect(untranslated(join(ROOT, "sample.tsx"), sample)).toHaveLength(6);
  });
});
