"""The stylesheet every fact-check page carries inline (no remote fonts or files).

System fonts, one readable column that fits a phone, verdict colour from a CSS variable set per
page, and a dark variant when the reader's system asks for it.
"""

CSS = """
:root{color-scheme:light dark;--ink:#1d2330;--muted:#5b6472;--rule:#d5d9e0;--bg:#fff;
--panel:#f4f6f9;--mark:#ffe98a;--link:#1a4f8b}
@media (prefers-color-scheme:dark){:root{--ink:#e6e9ef;--muted:#a3abb8;--rule:#3a4150;
--bg:#15181e;--panel:#1f242d;--mark:#6b5a12;--link:#8fb8ee}}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:17px/1.6 system-ui,-apple-system,
"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif;overflow-wrap:anywhere}
header.site{border-bottom:1px solid var(--rule);padding:.6rem 1rem;font-weight:600;
color:var(--muted);font-size:.9rem}
header.site p{margin:0;max-width:44rem;margin-inline:auto}
main{max-width:44rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.3;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.8rem 0 .5rem;padding-top:.8rem;border-top:1px solid var(--rule)}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--muted);
margin:.5rem 0 0;font-weight:600}
.verdict{border-inline-start:6px solid var(--verdict);background:var(--panel);
padding:.7rem 1rem;margin:0 0 1rem;border-radius:4px}
.verdict strong{display:block;font-size:1.25rem;color:var(--verdict)}
.verdict span{display:block}
@media (prefers-color-scheme:dark){.verdict strong{filter:brightness(1.5)}}
figure{margin:0}
.factdesk-measure svg{max-width:100%;height:auto;background:#fff;border-radius:4px}
.factdesk-measure table{border-collapse:collapse;width:100%;font-size:.85rem;
overflow-wrap:normal;word-break:normal}
.factdesk-measure th,.factdesk-measure td{text-align:left;padding:.2rem .4rem;
border-bottom:1px solid var(--line,#ccc)}
blockquote{margin:0;padding:.6rem 1rem;background:var(--panel);border-radius:4px;
border-inline-start:3px solid var(--rule)}
blockquote p{margin:0}
figcaption,.src,.note{color:var(--muted);font-size:.92rem}
figcaption{margin-top:.4rem}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
q{quotes:none}
ul.evidence{list-style:none;padding:0;margin:0}
ul.evidence li{padding:.5rem 0 .5rem .8rem;border-inline-start:4px solid var(--rule);
margin-bottom:.7rem}
ul.evidence li.supports{border-color:#2e8b57}
ul.evidence li.contradicts{border-color:#c0392b}
ul.evidence p{margin:0}
ol.sources{padding-inline-start:1.6rem}
ol.sources li{margin-bottom:.5rem}
a{color:var(--link)}
a.url{font-size:.85rem;word-break:break-all}
footer{margin-top:2rem;padding-top:1rem;border-top:1px solid var(--rule);color:var(--muted);
font-size:.9rem}
footer p{margin:.2rem 0}
ul.index{list-style:none;padding:0}
ul.index li{padding:.7rem 0;border-bottom:1px solid var(--rule)}
.badge{display:inline-block;font-size:.8rem;font-weight:700;color:#fff;background:var(--verdict);
border-radius:3px;padding:0 .45em;margin-inline-start:.3em;white-space:nowrap}
@media (min-width:50rem){body{font-size:18px}h1{font-size:2rem}}
""".strip().replace("\n", "")
