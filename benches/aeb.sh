#!/usr/bin/env bash
# Scores briefing's cleaner on the article-extraction benchmark's pages (saved HTML and
# copied page text) and prints the table in README's "Cleaning quality" and the worst
# pages. Data: ../shared/aeb-dev beside the checkout, or AEB_DIR. Extra arguments go to
# the scorer (--worst N, --page ID, --reasons; --show-heldout only at the end of a piece
# of work: the 20 held-out pages are not to be looked at while tuning).
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo run --release --quiet --example aeb_score -- "${AEB_DIR:-../shared/aeb-dev}" "$@"
