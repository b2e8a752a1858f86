import { Fragment } from "react";

/** An IPv6 address may break after its colons (it has no spaces); IPv4 stays whole. */
export function IpAddress({ ip }: { ip: string }) {
  return ip.split(":").map((group, i) => (
    <Fragment key={i}>
      {i > 0 && (
        <>
          :<wbr />
        </>
      )}
      {group}
    </Fragment>
  ));
}
