#!/usr/bin/env bash
# Rebuild docs/screenshots/page-*.png: a fact-check web page (`factdesk export html`) at phone
# and desktop widths, and the report's publication layout, on the demo workspace with a few
# verdicts. Needs chromium and pdftoppm. Run from the repository root:
#     bash docs/page_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
F="${FACTDESK:-.venv/bin/factdesk}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export FACTDESK_HOME="$tmp/home" FACTDESK_USER="editor"
db="$tmp/workspace.sqlite"
cat > "$tmp/statement.txt" <<'TXT'
Turkish Foreign Ministry statement on Gaza, 20 October 2025.
The Ministry confirmed that Türkiye has offered to contribute personnel to an international stabilisation force for Gaza.
No decision on sending troops has been taken, a ministry official said.
UN figures show that the amount of aid entering Gaza remains well below what Israel pledged under the ceasefire.
TXT
"$F" --db "$db" demo > /dev/null
doc=$("$F" --db "$db" import "$tmp/statement.txt" --as source --title "Foreign Ministry statement on Gaza" \
      --outlet "Ministry of Foreign Affairs" --published 2025-10-20 \
      --no-match 2> /dev/null)
passage() { "$F" --db "$db" sources show "$doc" --format json |
            python3 -c "import json,sys; print([p['id'] for p in json.load(sys.stdin) if '$1' in p['text']][0])"; }
"$F" --db "$db" claims link 1 "$(passage 'offered to contribute')" --stance supports > /dev/null
"$F" --db "$db" claims link 1 "$(passage 'No decision')" --stance contradicts > /dev/null
"$F" --db "$db" claims link 9 "$(passage 'UN figures')" --stance supports > /dev/null
"$F" --db "$db" claims set-status 1 partly-supported \
    --rationale "The ministry confirms the offer of personnel, but says no decision on troops has been taken." > /dev/null
"$F" --db "$db" claims set-status 9 supported --rationale "UN figures confirm it." > /dev/null
"$F" --db "$db" claims set-status 3 unverifiable --rationale "The plan's text has not been published." > /dev/null
"$F" --db "$db" settings set organisation "Gaza Desk" > /dev/null
"$F" --db "$db" settings set organisation_url "https://desk.example" > /dev/null
"$F" --db "$db" settings set review_url_template "https://desk.example/checks/claim-{id}.html" > /dev/null
"$F" --db "$db" export html --out "$tmp/site" > /dev/null
"$F" --db "$db" report --out "$tmp/report.pdf" > /dev/null

out=docs/screenshots
mkdir -p "$out"
shot() {  # shot NAME WIDTH,HEIGHT PAGE
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
        --user-data-dir="$tmp/profile" --host-resolver-rules="MAP * ~NOTFOUND" \
        --screenshot="$out/$1.png" --window-size="$2" "file://$tmp/site/$3" > /dev/null 2>&1
}
shot page-phone 390,1500 claim-1.html
shot page-desktop 1280,1200 claim-1.html
shot page-index-phone 390,700 index.html
pdftoppm -png -r 60 -f 1 -l 3 "$tmp/report.pdf" "$tmp/pub"
for n in 1 2 3; do cp "$tmp/pub-$n.png" "$out/report-publication-$n.png"; done
echo "wrote $(ls "$out" | wc -l) screenshots to $out"
