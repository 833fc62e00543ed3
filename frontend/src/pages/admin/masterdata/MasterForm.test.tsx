import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import type { UserError } from "../../../lib/errors";
import { MasterForm, type Rows, type Values } from "./MasterForm";

/** A form whose "server" refuses the first submit, naming fields, as a mutation would. */
function Harness({ refusal }: { refusal: UserError[] }) {
  const [errors, setErrors] = useState<readonly UserError[]>([]);
  const [sent, setSent] = useState<{ values: Values; rows: Rows } | null>(null);
  return (
    <>
      <MasterForm
        label="New customer"
        fields={[{ name: "code", label: "Code" }, { name: "country", label: "Country" }]}
        lists={[{ name: "contacts", label: "Contacts", item: "Contact", fields: [{ name: "email", label: "Email" }] }]}
        initial={{ code: "", country: "" }}
        initialRows={{ contacts: [] }}
        submitLabel="Create"
        errors={errors}
        failure={null}
        busy={false}
        onSubmit={(values, rows) => {
          setSent({ values, rows });
          setErrors(refusal);
        }}
      />
      {sent && <output>{JSON.stringify(sent)}</output>}
    </>
  );
}

describe("MasterForm", () => {
  it("shows each refusal at the field the server names and keeps what was typed", async () => {
    render(
      <Harness
        refusal={[
          { field: ["input", "country"], message: "'XQ' is not an ISO 3166-1 alpha-2 country code.", code: "INVALID" },
          { field: ["input", "contacts", "0", "email"], message: "Not a valid e-mail address.", code: "INVALID" },
          { field: null, message: "Something about the whole record.", code: "INVALID" },
        ]}
      />,
    );
    await userEvent.type(screen.getByLabelText("Code"), "C-1");
    await userEvent.type(screen.getByLabelText("Country"), "XQ");
    await userEvent.click(screen.getByRole("button", { name: "Add contact" }));
    const contact = screen.getByRole("group", { name: "Contact 1" });
    await userEvent.type(within(contact).getByLabelText("Email"), "nope");
    await userEvent.click(screen.getByRole("button", { name: "Create" }));

    expect(screen.getByLabelText("Country")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByText(/not an ISO 3166-1/)).toBeInTheDocument();
    expect(within(contact).getByLabelText("Email")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("Code")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByText("Something about the whole record.")).toBeInTheDocument();
    expect(screen.getByLabelText("Code")).toHaveValue("C-1");
    expect(within(contact).getByLabelText("Email")).toHaveValue("nope");
    expect(JSON.parse(screen.getByRole("status").textContent ?? "{}")).toEqual({
      values: { code: "C-1", country: "XQ" },
      rows: { contacts: [{ email: "nope" }] },
    });
  });
});
