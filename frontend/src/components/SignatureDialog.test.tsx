import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { SignatureDialog } from "./SignatureDialog";

describe("SignatureDialog", () => {
  it("signs with password and meaning using only the keyboard", async () => {
    const onSign = vi.fn();
    render(
      <SignatureDialog title="Approve order" signer="manager" meanings={["Approved"]} onSign={onSign} onCancel={() => {}} />,
    );
    expect(screen.getByRole("dialog", { name: "Approve order" })).toBeInTheDocument();
    expect(screen.getByLabelText("Password")).toHaveFocus();
    await userEvent.keyboard("demo1234{Enter}");
    expect(onSign).toHaveBeenCalledWith({ password: "demo1234", meaning: "Approved" });
  });

  it("shows a refused signature next to the password field", () => {
    render(
      <SignatureDialog
        title="Release lot"
        signer="qa"
        meanings={["Released for distribution"]}
        errors={[{ field: ["input", "signature", "password"], message: "The password is incorrect.", code: "SIGNATURE_INVALID" }]}
        onSign={() => {}}
        onCancel={() => {}}
      />,
    );
    const password = screen.getByLabelText("Password");
    expect(password).toHaveAttribute("aria-invalid", "true");
    expect(password).toHaveAccessibleDescription("The password is incorrect.");
  });

  it("closes on Escape", async () => {
    const onCancel = vi.fn();
    render(<SignatureDialog title="Sign" signer="qa" meanings={["x"]} onSign={() => {}} onCancel={onCancel} />);
    await userEvent.keyboard("{Escape}");
    expect(onCancel).toHaveBeenCalled();
  });
});
