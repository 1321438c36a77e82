/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  /** What server.ts hands every loader and action. */
  interface AppLoadContext {
    /** the client's address (behind a loopback proxy, from X-Forwarded-For) */
    clientIp: string;
    /** the Content-Security-Policy nonce of this response */
    cspNonce: string;
    /** a new idea's photo upload counted at the door before its body was read (server.ts) */
    photoAdmission?: import("~/services/photos.server").PhotoAdmission;
  }
}
