import { OtpStatus } from "@portier/shared/otp";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { queryKeys } from "../../../lib/query-keys.ts";

/** Whether two-factor authentication is on, and whether it can be (verified email and phone). */
export const getOtpStatus = () => api("/account/otp", { schema: OtpStatus });

/** It may have been switched in another browser (or by the lost-device procedure): read it on every visit. */
export const otpStatusQueryOptions = () => queryOptions({ queryKey: queryKeys.otpStatus, queryFn: getOtpStatus, staleTime: 0 });

export const useOtpStatus = () => useQuery(otpStatusQueryOptions());
