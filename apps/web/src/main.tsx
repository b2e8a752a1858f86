// First: before any schema is built (zod-config.ts).
import "./lib/zod-config.ts";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { AppProvider } from "./app/provider.tsx";
import { AppRouter } from "./app/router.tsx";
import { i18nReady } from "./lib/i18n.ts";
import "./app/styles/base.css";
import "./app/styles/layout.css";
import "./app/styles/forms.css";
import "./app/styles/content.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The first paint is in the chosen language: its texts (a chunk of their own) come first.
void i18nReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <AppProvider>
        <AppRouter />
      </AppProvider>
    </StrictMode>,
  ),
);
