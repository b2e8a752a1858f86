import type { ReactNode } from "react";
import { Link } from "react-router";
import { Alert } from "./alert.tsx";

/** A flow from an emailed link is done and the way on is signing in: the success, then a Sign in button. */
export function SuccessWithSignIn({ message, signIn }: { message: ReactNode; signIn: string }) {
  return (
    <>
      <Alert tone="success">{message}</Alert>
      <p>
        <Link className="button" to="/sign-in">
          {signIn}
        </Link>
      </p>
    </>
  );
}
