// A real OpenID provider for the end-to-end tests (oidc-provider, on 127.0.0.1): the app signs
// residents and staff in against it exactly as against an e-ID broker or Entra ID. Started by
// playwright.config.ts. Its login form (oidc-provider's devInteractions) takes any login name as
// the person's `sub`:
//   "staff-…"  a staff member whose `groups` claim is ["samskapa-moderatorer"] unless the test set
//              other groups (POST /test/groups?sub=…&groups=a,b; empty: none)
//   "noname-…" a person whose provider gives no name (the app asks for one)
//   anything else: a resident named "Eva Eidsson"
// Options: --port N, --app-url URL (for the client's redirect URIs), --clock-offset SECONDS (this
// provider's clock runs that far off: with a negative offset its ID tokens are expired on arrival,
// as from a provider whose clock is wrong), --id-token-ttl SECONDS.
import http from "node:http";
import Provider from "oidc-provider";

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const port = Number(option("port", "4400"));
const appUrl = option("app-url", "http://127.0.0.1:3000");
const clockOffset = Number(option("clock-offset", "0"));
const idTokenTtl = Number(option("id-token-ttl", "3600"));
const issuer = `http://127.0.0.1:${port}`;

if (clockOffset) {
  // oidc-provider stamps iat/exp from Date.now(): a provider whose clock is off.
  const realNow = Date.now.bind(Date);
  Date.now = () => realNow() + clockOffset * 1000;
}

export const CLIENT_ID = "samskapa-e2e";
export const CLIENT_SECRET = "e2e-only-client-secret";
const ACR = "urn:grn:authn:se:bankid:same-device";

const groupsBySub = new Map();

function claimsFor(sub) {
  if (sub.startsWith("noname-")) return { sub };
  if (sub.startsWith("staff-")) {
    return {
      sub,
      name: "Stina Stadsanställd",
      groups: groupsBySub.get(sub) ?? ["samskapa-moderatorer"],
    };
  }
  return { sub, name: "Eva Eidsson", given_name: "Eva", family_name: "Eidsson" };
}

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: ["bankid", "staff", "skewed", "noname"].map(
        (id) => `${appUrl}/auth/${id}/callback`,
      ),
      grant_types: ["authorization_code"],
      response_types: ["code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  async findAccount(_ctx, sub) {
    return { accountId: sub, claims: async () => claimsFor(sub) };
  },
  claims: {
    openid: ["sub"],
    profile: ["name", "given_name", "family_name"],
    groups: ["groups"],
  },
  // The claims in the ID token itself (as brokers and Entra ID do), not only from userinfo.
  conformIdTokenClaims: false,
  acrValues: [ACR],
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  ttl: { IdToken: idTokenTtl, Interaction: 3600, Session: 3600, Grant: 3600 },
  cookies: { keys: ["e2e-only-cookie-key"] },
  // No consent screen: the app is the city's own client.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope("openid profile groups");
    grant.addOIDCClaims(["name", "given_name", "family_name", "groups", "acr"]);
    await grant.save();
    return grant;
  },
});
// Quiet: an error here shows in the app's refusal, which is what the tests look at.
provider.on("server_error", (_ctx, error) => console.error("oidc-provider:", error.message));

const callback = provider.callback();

async function readForm(req) {
  let body = "";
  for await (const chunk of req) body += chunk;
  return new URLSearchParams(body);
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", issuer);
    // The tests' control: which directory groups a staff member has from now on.
    if (req.method === "POST" && url.pathname === "/test/groups") {
      const sub = url.searchParams.get("sub") ?? "";
      const groups = (url.searchParams.get("groups") ?? "").split(",").filter(Boolean);
      groupsBySub.set(sub, groups);
      res.writeHead(204).end();
      return;
    }
    // The login form's answer: the person signed in, at the level a BankID broker reports.
    if (req.method === "POST" && /^\/interaction\/[^/]+$/.test(url.pathname)) {
      const form = await readForm(req);
      if (form.get("prompt") === "login" && form.get("login")) {
        try {
          await provider.interactionFinished(
            req,
            res,
            { login: { accountId: form.get("login"), acr: ACR } },
            { mergeWithLastSubmission: false },
          );
        } catch (error) {
          res.writeHead(400).end(String(error.message));
        }
        return;
      }
      res.writeHead(400).end("only the login prompt is expected");
      return;
    }
    callback(req, res);
  })
  .listen(port, "127.0.0.1", () => console.log(`oidc-provider for e2e on ${issuer}`));
