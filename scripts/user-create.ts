// `npm run user:create -- --email E --password P --name N --role R`: creates or updates an account.
import { parseArgs } from "node:util";
import { z } from "zod";
import { ROLES, upsertUser } from "~/models/users.server";
import { hashPassword } from "~/utils/password.server";
import { env } from "~/utils/env.server";

const Args = z.object({
  email: z.string().trim().toLowerCase().email("--email must be an e-mail address"),
  password: z.string().min(10, "--password must be at least 10 characters"),
  name: z.string().trim().min(1, "--name is required").max(100),
  role: z.enum(ROLES, {
    errorMap: () => ({ message: `--role must be one of ${ROLES.join(", ")}` }),
  }),
});

try {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      role: { type: "string", default: "resident" },
    },
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    console.error(parsed.error.issues.map((i) => i.message).join("\n"));
    process.exit(2);
  }
  const { email, password, name, role } = parsed.data;
  const { id, created } = upsertUser({
    email,
    name,
    role,
    passwordHash: await hashPassword(password),
  });
  console.log(
    `${created ? "Created" : "Updated"} ${role} ${email} (id ${id}) in ${env().DATABASE_PATH}`,
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(2);
}
