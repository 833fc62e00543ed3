import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useAuth } from "../auth/AuthProvider";

/**
 * Downloads a document with the bearer token (a plain link would carry no
 * credentials) and hands the bytes to the browser as a file.
 */
export function DownloadButton({ url, fileName, label }: { url: string; fileName?: string; label: string }) {
  const { t } = useTranslation("components");
  const { session } = useAuth();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");

  const download = async () => {
    setState("busy");
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${session?.token}` } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const blob = await response.blob();
      const name = fileName ?? fileNameFrom(response.headers.get("content-disposition")) ?? "document";
      const href = URL.createObjectURL(blob);
      const anchor = document.createElement("a");
      anchor.href = href;
      anchor.download = name;
      document.body.append(anchor);
      anchor.click();
      anchor.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
      setState("idle");
    } catch {
      setState("failed");
    }
  };

  return (
    <span className="download">
      <button type="button" className="link" onClick={download} disabled={state === "busy"}>
        {state === "busy" ? t("download.busy") : label}
      </button>
      {state === "failed" && (
        <span className="field-error" role="alert">
          {" "}
          {t("download.failed")}
        </span>
      )}
    </span>
  );
}

function fileNameFrom(disposition: string | null): string | null {
  const match = disposition && /filename="?([^";]+)"?/.exec(disposition);
  return match ? match[1] : null;
}
