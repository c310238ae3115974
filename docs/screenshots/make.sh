#!/usr/bin/env bash
# Rebuild the screenshot gallery in docs/screenshots/ with the app's own screenshot mode
# (`factdesk gui --screenshot`), on the demo workspace plus one later source, matched, with a
# few links and verdicts and the aid pledge's figures, and on an empty workspace. Run from
# the repository root:
#     bash docs/screenshots/make.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
F="${FACTDESK:-.venv/bin/factdesk}"
out=docs/screenshots
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
# The aid pledge as a measure, with figures reported over time (the Figures tab).
"$F" --db "$db" measure set 9 --what "aid trucks entering Gaza" --unit trucks --rate day \
    --reference 600 --kind pledged --compare below > /dev/null
"$F" --db "$db" observations add 9 --value 145 --unit trucks --date 2025-10-19 --reporter UN \
    --passage "$(passage 'UN figures')" > /dev/null
"$F" --db "$db" observations add 9 --value 4200 --unit "trucks per week" \
    --date 2025-10-13..2025-10-19 --reporter OCHA > /dev/null
"$F" --db "$db" observations add 9 --value 700 --unit trucks --date 2025-10-20 \
    --reporter COGAT > /dev/null
"$F" --db "$db" claims add "Aid deliveries to Gaza were cut by half in October." --speaker "UN OCHA" \
    --review-by 2025-11-01 > /dev/null 2>&1

shot() { name=$1; shift; "$F" --db "$db" gui --screenshot "$out/$name.png" "$@" > /dev/null; echo "$out/$name.png"; }
shot main-1280x800 --size 1280x800 --select 1
shot main-1920x1080 --size 1920x1080 --select 1
shot claim-with-suggestions --size 1280x800 --select 11 --tab suggestions
shot source-being-linked --size 1280x800 --select 11 --source "$doc" \
    --select-text "ready to hand over the governance of Gaza"
shot inbox --size 1280x800 --select 4 --inbox
shot dark --size 1280x800 --select 1 --dark
shot figures --size 1280x800 --select 9 --tab figures
shot report-options --size 1280x800 --select 1 --report-options
shot search-sources --size 1280x800 --select 1 --search
"$F" --db "$tmp/empty.sqlite" init > /dev/null
"$F" --db "$tmp/empty.sqlite" gui --screenshot "$out/empty-workspace.png" --size 1280x800 > /dev/null
echo "$out/empty-workspace.png"
"$F" --db "$tmp/empty.sqlite" gui --screenshot "$out/import-dialog.png" --size 1280x800 \
    --import-file seeds/fidan-gaza-interview.txt > /dev/null
echo "$out/import-dialog.png"
