#!/usr/bin/env bash
# Rebuild docs/screenshot.png with the app's own screenshot mode, on the demo workspace plus
# one later source, matched, with a few links and verdicts. Run from the repository root:
#     bash docs/screenshot.sh
set -euo pipefail
cd "$(dirname "$0")/.."
F="${FACTDESK:-.venv/bin/factdesk}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export FACTDESK_HOME="$tmp/home" FACTDESK_USER="editor" QT_QPA_PLATFORM=offscreen
db="$tmp/workspace.sqlite"
cat > "$tmp/statement.txt" <<'TXT'
Turkish Foreign Ministry statement on Gaza, 20 October 2025.
The Ministry confirmed that Türkiye has offered to contribute personnel to an international stabilisation force for Gaza.
No decision on sending troops has been taken, a ministry official said.
UN figures show that the amount of aid entering Gaza remains well below what Israel pledged under the ceasefire.
Hamas said it is ready to hand over the governance of Gaza to a Palestinian-led technocratic body.
TXT
"$F" --db "$db" demo > /dev/null
doc=$("$F" --db "$db" import "$tmp/statement.txt" --as source --title "Foreign Ministry statement on Gaza" \
      --outlet "Ministry of Foreign Affairs" --published 2025-10-20 2> /dev/null)
passage() { "$F" --db "$db" sources show "$doc" --format json |
            python3 -c "import json,sys; print([p['id'] for p in json.load(sys.stdin) if '$1' in p['text']][0])"; }
"$F" --db "$db" claims link 1 "$(passage 'offered to contribute')" --stance supports > /dev/null
"$F" --db "$db" claims link 1 "$(passage 'No decision')" --stance contradicts > /dev/null
"$F" --db "$db" claims link 9 "$(passage 'UN figures')" --stance supports > /dev/null
"$F" --db "$db" claims set-status 1 partly-supported \
    --rationale "The ministry confirms the offer of personnel, but says no decision on troops has been taken." > /dev/null
"$F" --db "$db" claims set-status 9 supported --rationale "UN figures confirm it." > /dev/null
"$F" --db "$db" claims set-status 6 in-review > /dev/null
"$F" --db "$db" gui --screenshot docs/screenshot.png --size 1400x850 --select 1
