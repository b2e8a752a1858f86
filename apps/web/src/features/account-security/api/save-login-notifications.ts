import { LoginNotificationSettings, type LoginNotificationSettingsRequest } from "@portier/shared/login-notifications";
import { mutationOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import { useMutationStoring } from "../../../lib/mutations.ts";
import { loginNotificationsQueryKey } from "./get-login-notifications.ts";

export const saveLoginNotifications = (body: LoginNotificationSettingsRequest) =>
  api("/account/login-notifications", { method: "PUT", body, schema: LoginNotificationSettings });

export const saveLoginNotificationsMutationOptions = () =>
  mutationOptions({ mutationKey: ["account", "login-notifications", "save"], mutationFn: saveLoginNotifications });

export const useSaveLoginNotifications = () => useMutationStoring(saveLoginNotificationsMutationOptions(), loginNotificationsQueryKey);
