// mkdocs-material's search overlay has role="dialog" but no name; give it one
// so screen readers announce what opened.
for (const dialog of document.querySelectorAll(".md-search[role=dialog]:not([aria-label])")) {
  dialog.setAttribute("aria-label", "Search this site");
}
