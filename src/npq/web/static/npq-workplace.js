// Workplace type-ahead: an enhancement of the search box on the workplace questions.
// Without JavaScript, or when anything below is missing, the question stays what it is in the
// HTML: a search form (GET ?q=) followed by a list of radios to choose from (POST).
//
// With it, the box suggests workplaces as the person types (from the JSON search the form names
// in data-npq-source). Choosing a suggestion and pressing Continue posts the chosen workplace
// through the page's hidden form, like choosing its radio would; pressing Continue without
// choosing runs the ordinary search.

const form = document.querySelector("form[data-npq-workplace]");
const choice = document.getElementById("npq-workplace-choice");
const original = form && form.querySelector("input[name='q']");

if (form && choice && original && typeof window.accessibleAutocomplete === "function") {
  enhance(form, choice, original);
}

function escapeHtml(text) {
  const holder = document.createElement("div");
  holder.textContent = text;
  return holder.innerHTML;
}

function enhance(form, choice, original) {
  const chosen = choice.querySelector("input[data-npq-chosen]");
  const button = form.querySelector("[data-npq-workplace-button]");
  // The box the library draws cannot point at the page's hint and error message itself, so
  // their words open the description it reads out.
  const described = [`${original.id}-error`, `${original.id}-hint`]
    .map((id) => document.getElementById(id))
    .filter(Boolean)
    .map((element) => element.textContent.trim().replace(/\s+/g, " "))
    .join(". ");
  const container = document.createElement("div");
  let picked = null;
  let request = null;

  const source = (query, populateResults) => {
    if (request) request.abort();
    request = new AbortController();
    const url = new URL(form.dataset.npqSource, window.location.href);
    url.search = new URLSearchParams({ q: query, kind: form.dataset.npqWorkplace }).toString();
    fetch(url, { signal: request.signal, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : { results: [] }))
      .then((body) => populateResults(body.results || []))
      .catch((error) => {
        if (error.name !== "AbortError") populateResults([]);
      });
  };

  original.replaceWith(container);
  window.accessibleAutocomplete({
    element: container,
    id: original.id,
    name: original.name,
    defaultValue: original.value,
    minLength: 2,
    confirmOnBlur: false,
    showNoOptionsFound: true,
    inputClasses: original.classList.contains("govuk-input--error") ? "govuk-input--error" : null,
    source,
    templates: {
      inputValue: (result) => (result && typeof result === "object" ? result.name : result || ""),
      suggestion: (result) =>
        typeof result === "object"
          ? `${escapeHtml(result.name)}<br><span>${escapeHtml(result.hint)}</span>`
          : escapeHtml(result),
    },
    onConfirm: (result) => {
      picked = result && typeof result === "object" ? result : null;
    },
    tNoResults: () => "No workplace found. Check the spelling, or try a postcode or URN",
    tAssistiveHint: () =>
      `${described ? `${described}. ` : ""}When suggestions are available, use the up and down arrows to ` +
      "review them and enter to choose one.",
  });

  // With a list of results below, the box stays a "Search" and the list's own button continues.
  if (button && !document.querySelector("[data-npq-workplace-results]")) {
    button.textContent = "Continue";
    button.classList.remove("govuk-button--secondary");
  }

  form.addEventListener("submit", (event) => {
    const typed = document.getElementById(original.id);
    if (picked && typed && typed.value.trim() === picked.name) {
      event.preventDefault();
      chosen.value = picked.value;
      choice.submit();
    }
  });
}
