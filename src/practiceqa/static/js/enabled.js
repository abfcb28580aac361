// Tell GOV.UK Frontend's styles that JavaScript runs (kept in a file: the CSP allows no inline script).
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
