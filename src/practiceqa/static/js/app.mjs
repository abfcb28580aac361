import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();

// Radios and checkboxes that reveal a field under a choice (GOV.UK's conditional reveal).
// GOV.UK Frontend's own reveal marks each radio aria-expanded, which a radio may not have
// (axe-core: aria-allowed-attr), so it is done here; without JavaScript the field shows.
// The page comes with the right part open (a chosen option's, or one with an error).
for (const group of document.querySelectorAll(".govuk-radios, .govuk-checkboxes")) {
  const inputs = group.querySelectorAll("input[data-app-reveals]");
  if (inputs.length === 0) continue;
  const kind = group.classList.contains("govuk-radios") ? "radios" : "checkboxes";
  const sync = () => {
    for (const input of inputs) {
      const revealed = document.getElementById(input.dataset.appReveals);
      revealed?.classList.toggle(`govuk-${kind}__conditional--hidden`, !input.checked);
    }
  };
  group.addEventListener("change", sync);
}
