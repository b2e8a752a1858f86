import { SendSmsResponse } from "@portier/shared/signup";
import { mutationOptions, useMutation } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

export const sendPhoneCode = () => api("/account/phone/send-code", { method: "POST", schema: SendSmsResponse });

export const sendPhoneCodeMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "phone", "send-code"], mutationFn: sendPhoneCode });

export const useSendPhoneCode = () => useMutation(sendPhoneCodeMutationOptions());
