import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { CustomFieldInputs, displayValue, listErrors, valuesInput, type FieldShape, type FieldValues } from "./CustomFields";

const FIELDS: FieldShape[] = [
  { key: "tender", label: "Tender number", type: "TEXT", required: true, helpText: "From the hospital" },
  { key: "budget", label: "Budget", type: "NUMBER" },
  { key: "closes", label: "Closes", type: "DATE" },
  { key: "tier", label: "Tier", type: "ENUM", enumValues: ["Gold", "Silver"] },
  { key: "framework", label: "Framework", type: "BOOLEAN" },
];

function Form({ errors = [] }: { errors?: { field: string[]; message: string; code: string }[] }) {
  const [values, setValues] = useState<FieldValues>({});
  return (
    <>
      <CustomFieldInputs fields={FIELDS} values={values} onChange={setValues} errors={errors} />
      <output data-testid="sent">{JSON.stringify(valuesInput(FIELDS, values))}</output>
    </>
  );
}

describe("custom field inputs", () => {
  it("mark required fields, type each input and send every field, empty ones as null", () => {
    render(<Form />);
    const tender = screen.getByLabelText("Tender number (required)");
    expect(tender).toBeRequired();
    expect(screen.getByLabelText("Budget")).not.toBeRequired();
    expect(screen.getByLabelText("Closes")).toHaveAttribute("type", "date");
    expect(screen.getByText("From the hospital")).toBeInTheDocument();
    fireEvent.change(tender, { target: { value: "T-1" } });
    fireEvent.change(screen.getByLabelText("Tier"), { target: { value: "Silver" } });
    fireEvent.change(screen.getByLabelText("Framework"), { target: { value: "true" } });
    expect(JSON.parse(screen.getByTestId("sent").textContent ?? "")).toEqual([
      { key: "tender", value: "T-1" },
      { key: "budget", value: null },
      { key: "closes", value: null },
      { key: "tier", value: "Silver" },
      { key: "framework", value: "true" },
    ]);
  });

  it("show the server's refusal beside the field it names", () => {
    const errors = [
      { field: ["input", "customFields", "1", "value"], message: "Budget: Expected a decimal number", code: "INVALID" },
      { field: ["input", "customFields"], message: "Tender number is required.", code: "CUSTOM_FIELD_REQUIRED" },
    ];
    render(<Form errors={errors} />);
    expect(screen.getByLabelText("Budget")).toHaveAccessibleDescription("Budget: Expected a decimal number");
    expect(listErrors(errors, ["input", "customFields"])).toEqual(["Tender number is required."]);
  });

  it("read stored values for people", () => {
    expect(displayValue("BOOLEAN", "true")).toBe("Yes");
    expect(displayValue("TEXT", null)).toBe("–");
    expect(displayValue("NUMBER", "1240")).toMatch(/1.?240/);
  });
});
