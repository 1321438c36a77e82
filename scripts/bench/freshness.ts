// Freshness after a write: sign in, post ideas through the form, and poll /api/map until each one
// shows up as a point. Only HTTP, as a browser would.

export const BENCH_ACCOUNT = {
  email: "bench@example.se",
  password: "bench-password-123",
  name: "Bench",
  role: "resident",
} as const;

type Feature = { properties?: { cluster?: boolean; title?: string } };

export type Freshness = {
  /** POST sent → first /api/map answer that contains the new idea, per post (NaN: never seen) */
  samplesMs: number[];
  /** how long the POST itself took (the server's write), per post */
  postMs: number[];
  polls: number;
};

function sessionCookie(response: Response): string {
  const cookies = response.headers.getSetCookie();
  const session = cookies.map((c) => c.split(";")[0]).filter((c) => c.includes("="));
  if (session.length === 0) throw new Error("POST /login set no cookie");
  return session.join("; ");
}

export async function signIn(
  baseUrl: string,
  account: { email: string; password: string } = BENCH_ACCOUNT,
): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({
      email: account.email,
      password: account.password,
      redirectTo: "/",
    }),
  });
  await response.arrayBuffer();
  if (response.status < 300 || response.status >= 400) {
    throw new Error(`POST /login answered ${response.status}, expected a redirect`);
  }
  return sessionCookie(response);
}

/** A box of about `meters` around a point, as W,S,E,N. */
function boxAround(lat: number, lng: number, meters: number) {
  const dLat = meters / 2 / 111_320;
  const dLng = meters / 2 / (111_320 * Math.cos((lat * Math.PI) / 180));
  return [lng - dLng, lat - dLat, lng + dLng, lat + dLat].map((n) => n.toFixed(6)).join(",");
}

export async function measureFreshness(
  baseUrl: string,
  { posts = 5, pollEveryMs = 20, giveUpMs = 30_000 } = {},
): Promise<Freshness> {
  const cookie = await signIn(baseUrl);
  const run = Date.now().toString(36);
  const samplesMs: number[] = [];
  const postMs: number[] = [];
  let polls = 0;

  for (let n = 1; n <= posts; n++) {
    const lat = 57.721 + (Math.random() - 0.5) * 0.002;
    const lng = 12.9401 + (Math.random() - 0.5) * 0.003;
    const title = `Benchmark ${run}-${n}: cykelställ vid torget`;
    const form = new URLSearchParams({
      title,
      body: "En idé som benchmarken skapar för att mäta hur snart den syns på kartan.",
      focusArea: "mobility",
      lat: lat.toFixed(6),
      lng: lng.toFixed(6),
    });
    const mapUrl = `${baseUrl}/api/map?bbox=${boxAround(lat, lng, 100)}&zoom=18`;

    const started = performance.now();
    const response = await fetch(`${baseUrl}/ideas/new`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        Origin: baseUrl,
        Cookie: cookie,
      },
      body: form,
    });
    const text = await response.text();
    postMs.push(performance.now() - started);
    if (response.status < 300 || response.status >= 400) {
      throw new Error(
        `POST /ideas/new answered ${response.status}, expected a redirect:\n${text.slice(0, 500)}`,
      );
    }

    let seenAfter = NaN;
    while (performance.now() - started < giveUpMs) {
      polls++;
      const answer = await fetch(mapUrl, { headers: { "Accept-Encoding": "gzip" } });
      if (answer.ok) {
        const collection = (await answer.json()) as { features?: Feature[] };
        if (
          collection.features?.some(
            (f) => f.properties?.cluster !== true && f.properties?.title === title,
          )
        ) {
          seenAfter = performance.now() - started;
          break;
        }
      } else {
        await answer.arrayBuffer();
      }
      await new Promise((resolve) => setTimeout(resolve, pollEveryMs));
    }
    samplesMs.push(seenAfter);
  }
  return { samplesMs, postMs, polls };
}
