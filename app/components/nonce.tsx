// The CSP nonce of this response, for the few inline scripts Remix writes (server only; in the
// browser the value is empty, as browsers hide nonces after load).
import { createContext, useContext } from "react";

export const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
