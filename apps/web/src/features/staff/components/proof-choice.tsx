import type { StaffMe } from "@portier/shared/staff";
import { useTranslation } from "react-i18next";
import { RadioGroup } from "../../../components/radio-group.tsx";
import { type IdentityProof, proofOptions } from "./identity-proof.ts";

interface ProofChoiceProps {
  me: StaffMe;
  /** The action's texts: `<texts>.proofLegend` and `<texts>.proof.<option>`. */
  texts: string;
  name: string;
  idPrefix: string;
  value: IdentityProof;
  onChange: (value: IdentityProof) => void;
}

/** How staff know they deal with the customer, for an action that needs it (disable OTP, end all sessions). */
export function ProofChoice({ me, texts, ...radios }: ProofChoiceProps) {
  const { t } = useTranslation();
  return (
    <RadioGroup legend={t(`${texts}.proofLegend`)} options={proofOptions(me, (option) => t(`${texts}.proof.${option}`))} {...radios} />
  );
}
