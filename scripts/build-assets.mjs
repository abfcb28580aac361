// Builds the front-end: GOV.UK Frontend's JavaScript and assets copied into static/, and
// our Sass compiled into one stylesheet. Run by `make` whenever package-lock.json changes.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = resolve(root, "node_modules/govuk-frontend/dist/govuk");
const staticDir = resolve(root, "src/practiceqa/static");

mkdirSync(resolve(staticDir, "govuk"), { recursive: true });
mkdirSync(resolve(staticDir, "css"), { recursive: true });
cpSync(resolve(govuk, "govuk-frontend.min.js"), resolve(staticDir, "govuk/govuk-frontend.min.js"));
cpSync(resolve(govuk, "assets/images"), resolve(staticDir, "govuk/assets/images"), { recursive: true });

const result = sass.compile(resolve(root, "src/practiceqa/static_src/app.scss"), {
  loadPaths: [resolve(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
});
writeFileSync(resolve(staticDir, "css/app.css"), result.css);
console.log("Built src/practiceqa/static/css/app.css");
