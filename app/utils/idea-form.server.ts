// The idea page's form read with its schema, on the server only. The route's action could import
// the schema itself, but a module's import used only by the action still ships to the browser
// when the imported module does work at its top (zod's schemas are built there): zod, the Borås
// boundary and the place list were in every idea page's scripts (issue 8). A .server module never is.
import { parseWithZod } from "@conform-to/zod";
import { IdeaActionSchema } from "~/domain/idea-schemas";

/** POST /ideas/:id — the form, one schema per intent. */
export function parseIdeaAction(formData: FormData) {
  return parseWithZod(formData, { schema: IdeaActionSchema });
}
