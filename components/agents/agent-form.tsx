"use client";
// Register a new agent or edit one: the same form, two API calls. Field errors
// from the API land next to their field; anything else above the buttons.
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { splitErrors } from "@/lib/client/api";
import { useRegisterAgent, useUpdateAgent } from "@/lib/client/use-agent-mutations";
import { useEligibleOwners } from "@/lib/client/use-people";
import type { AgentView } from "@/lib/client/types";
import { Alert } from "@/components/ui/alert";
import { Button, LinkButton } from "@/components/ui/button";
import { useCan, useViewer } from "@/components/viewer-context";
import { describeParam, fieldOfParam, initialValues, localErrors, toPayload, type AgentFormField, type AgentFormValues } from "./agent-form-model";
import { CeilingSection, IdentitySection, KeysSection, OwnersSection } from "./agent-form-sections";
import { FederatedSection } from "./federated-section";

type Props = { mode: "register" } | { mode: "edit"; agent: AgentView };

type Errors = { fields: Partial<Record<AgentFormField, string>>; form: string | null };

export function AgentForm(props: Props) {
  const router = useRouter();
  const viewer = useViewer();
  const agent = props.mode === "edit" ? props.agent : null;
  // People who cannot list people (owners) register agents for themselves.
  const choosesOwners = useCan("people:read") && props.mode === "register";
  const owners = useEligibleOwners(choosesOwners);
  const register = useRegisterAgent();
  const update = useUpdateAgent(agent?.id ?? "");
  const [values, setValues] = useState<AgentFormValues>(() => initialValues(agent, viewer.id));
  const [errors, setErrors] = useState<Errors>({ fields: {}, form: null });
  const pending = register.isPending || update.isPending;

  const set = <K extends keyof AgentFormValues>(key: K, value: AgentFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const local = localErrors(values);
    if (Object.keys(local).length) {
      setErrors({ fields: local, form: "Some fields need attention." });
      return;
    }
    setErrors({ fields: {}, form: null });
    try {
      const payload = toPayload(values, props.mode, choosesOwners);
      const saved = agent ? await update.mutateAsync(payload) : await register.mutateAsync(payload);
      router.push(`/agents/${saved.id}`);
    } catch (error) {
      const split = splitErrors(error, fieldOfParam, describeParam);
      setErrors({ fields: split.fields, form: split.form ?? "Some fields need attention." });
    }
  }

  const section = { values, set, errors: errors.fields };
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-6" aria-label={agent ? `Edit ${agent.name}` : "Register agent"}>
      <IdentitySection {...section} />
      <CeilingSection {...section} />
      <KeysSection {...section} />
      <FederatedSection {...section} />
      {choosesOwners && <OwnersSection {...section} people={owners.data} loading={owners.isPending} />}
      {errors.form && <Alert tone="error">{errors.form}</Alert>}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? "Saving…" : agent ? "Save changes" : "Register agent"}
        </Button>
        <LinkButton href={agent ? `/agents/${agent.id}` : "/agents"}>Cancel</LinkButton>
      </div>
    </form>
  );
}
