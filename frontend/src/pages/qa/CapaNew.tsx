import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQuery } from "urql";
import { useAction } from "../../api/useAction";
import { FormErrors, SelectField, TextField } from "../../components/Field";
import { ErrorState, Loading } from "../../components/States";
import { errorAt } from "../../lib/errors";
import { isoDate } from "../../lib/format";
import { ActionFields, emptyAction, type ActionDraft } from "./CapaActionFields";
import { CreateCapaMutation, NewCapaQuery } from "./capaQueries";

const inDays = (days: number) => isoDate(new Date(Date.now() + days * 86_400_000));

/** QA_MANAGER opens a CAPA on one or more nonconformances, with an owner, a due date and its first action. */
export default function CapaNew() {
  const { t } = useTranslation("qa");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [{ data, error }, refetch] = useQuery({ query: NewCapaQuery, requestPolicy: "network-only" });
  const [title, setTitle] = useState("");
  const [problem, setProblem] = useState("");
  const [ncIds, setNcIds] = useState<string[]>(params.getAll("nc"));
  const [ownerId, setOwnerId] = useState("");
  const [dueOn, setDueOn] = useState(inDays(30));
  const [action, setAction] = useState<ActionDraft>(emptyAction(inDays(14)));
  const create = useAction(CreateCapaMutation);

  if (error && !data) return <ErrorState error={error} retry={() => refetch({ requestPolicy: "network-only" })} />;
  if (!data) return <Loading label={t("capaNew.loading")} />;
  const users = [...(data.viewer ? [data.viewer] : []), ...data.approvalDelegateCandidates];
  const owner = ownerId || data.viewer?.id || "";
  const ncs = data.nonconformances.edges.map((e) => e.node);
  const err = (...path: string[]) => errorAt(create.userErrors, "input", ...path);
  const placed = new Set(["title", "problemStatement", "nonconformanceIds", "ownerId", "dueOn", "actions"]);
  const others = create.userErrors.filter((e) => !e.field || !placed.has(e.field[1] ?? "")).map((e) => e.message);

  return (
    <section aria-labelledby="capa-new-title">
      <h1 id="capa-new-title">{t("capaNew.title")}</h1>
      <p>
        <Link to="/qa">{t("capaNew.back")}</Link>
      </p>
      <form
        className="stacked"
        onSubmit={async (e) => {
          e.preventDefault();
          const done = await create.run({
            input: {
              title: title.trim(),
              problemStatement: problem.trim(),
              nonconformanceIds: ncIds,
              ownerId: owner,
              dueOn,
              actions: [{ ...action, description: action.description.trim(), ownerId: action.ownerId || owner }],
              idempotencyKey: crypto.randomUUID(),
            },
          });
          if (done?.capa) navigate(`/qa/capas/${encodeURIComponent(done.capa.id)}`);
        }}
      >
        <TextField label={t("capaNew.titleField")} value={title} onChange={(e) => setTitle(e.target.value)} error={err("title")} />
        <TextField
          label={t("capaNew.problem")}
          value={problem}
          onChange={(e) => setProblem(e.target.value)}
          error={err("problemStatement")}
        />
        <fieldset>
          <legend>{t("capaNew.ncsAddressed")}</legend>
          {ncs.map((nc) => (
            <label key={nc.id} className="check">
              <input
                type="checkbox"
                checked={ncIds.includes(nc.id)}
                onChange={(e) => setNcIds((ids) => (e.target.checked ? [...ids, nc.id] : ids.filter((i) => i !== nc.id)))}
              />
              {nc.number} {nc.title}
            </label>
          ))}
          {err("nonconformanceIds") && (
            <p className="field-error" role="alert">
              {err("nonconformanceIds")}
            </p>
          )}
        </fieldset>
        <SelectField label={t("capaNew.owner")} value={owner} onChange={(e) => setOwnerId(e.target.value)} error={err("ownerId")}>
          {users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.displayName}
            </option>
          ))}
        </SelectField>
        <TextField label={t("capaNew.due")} type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} error={err("dueOn")} />
        <fieldset>
          <legend>{t("capaNew.firstAction")}</legend>
          <ActionFields
            value={{ ...action, ownerId: action.ownerId || owner }}
            onChange={setAction}
            users={users}
            errors={create.userErrors}
            at={["input", "actions", "0"]}
          />
          {err("actions") && (
            <p className="field-error" role="alert">
              {err("actions")}
            </p>
          )}
        </fieldset>
        <FormErrors messages={[...others, ...(create.failure ? [create.failure] : [])]} />
        <button type="submit" className="primary" disabled={create.busy}>
          {t("capaNew.create")}
        </button>
      </form>
    </section>
  );
}
