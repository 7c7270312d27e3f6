"""Property-based tests: Hypothesis throws arbitrary input (any text, NUL and control
characters, numbers of any size, impossible dates, odd time zones, repeated and missing
parameters, tampered management forms, crafted cursors, random bytes) at

- every list filter and detail address of the partner API (test_api.py),
- every reader page, at any address its URL pattern matches, with any query (test_pages.py),
- every admin add and change form of the project's apps, as a superuser and as an editor
  (test_admin_forms.py),
- the admin's change lists, bulk actions, autocomplete and similar-claims lookups and the
  ClaimReview upload (test_admin_endpoints.py),
- the source workbench's claim and source forms, as a contributor (test_workbench.py).

The properties: never a 500; a bad API parameter is a JSON 400 naming it; a refused form or
upload writes nothing at all; whatever a save writes passes ``full_clean()``.

What is covered is read from the code, not listed here: the OpenAPI schema, the URL
configuration, the FilterSets, the admin registry and the forms as they are rendered. A new
endpoint, parameter, page, admin or form field is covered without editing these files.

Budget: each test has a fixed number of examples, chosen so that the package runs in about
half a minute on SQLite and a minute on PostgreSQL (it runs in CI on both). For a hunt,
``PROPERTY_TESTS_SCALE=20`` runs twenty times the examples. Every run ends with one line of
figures per kind of test ("Admin forms: 28 forms × 2 personas, 328 examples (200: 155,
302: 173), …, 0 server errors"). test_found.py keeps every failing example found so far as
a fixed case.
"""
