"""RSS and Atom feeds from a local server: following, polling, only new items stored."""

from __future__ import annotations

from db.queries.documents import get_document, list_documents
from db.queries.feeds import list_feeds
from desktop.cli import main
from desktop.ingest.feeds import html_to_text, parse_feed

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Gaza Aid Monitor</title><link>http://example.org/</link>
<description>Daily figures</description>
{items}
</channel></rss>"""
RSS_ITEM = """<item><title>{title}</title><link>{link}</link>
<pubDate>Mon, 20 Oct 2025 08:00:00 GMT</pubDate>
<description><![CDATA[<p>{body}</p><script>alert("SCRIPT")</script>]]></description></item>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry statements</title>
<id>urn:ministry</id><updated>2025-10-21T09:00:00Z</updated>
<entry><title>Statement on the CMCC</title><link href="https://ministry.example/s/1"/>
<id>urn:ministry:1</id><updated>2025-10-21T09:00:00Z</updated><author><name>Press Office</name>
</author><content type="html">&lt;p&gt;The CMCC opened on 17 October.&lt;/p&gt;&lt;p&gt;It
coordinates 20 agencies.&lt;/p&gt;</content></entry></feed>"""


def rss(*items: tuple[str, str, str]) -> str:
    return RSS.format(items="\n".join(RSS_ITEM.format(title=t, link=link, body=b)
                                      for t, link, b in items))


def test_parse_rss_and_atom() -> None:
    parsed = parse_feed(rss(("Trucks", "https://a.example/1", "600 trucks entered.")).encode(),
                        "http://x/feed")
    assert parsed.title == "Gaza Aid Monitor"
    assert parsed.items[0].text == "600 trucks entered."
    assert parsed.items[0].published.isoformat() == "2025-10-20"
    atom = parse_feed(ATOM.encode(), "http://x/atom")
    item = atom.items[0]
    assert item.url == "https://ministry.example/s/1" and item.author == "Press Office"
    assert item.text.splitlines() == ["The CMCC opened on 17 October.",
                                      "It coordinates 20 agencies."]


def test_html_summaries_lose_scripts() -> None:
    assert html_to_text("<p>One.</p><script>bad()</script><p>Two.</p>") == "One.\nTwo."


def test_feeds_add_and_poll_store_new_items_as_sources(ws, http_server, capsys) -> None:
    feed_url = http_server.add("/feed.xml", rss(
        ("Trucks", "https://a.example/1", "600 trucks entered on Monday."),
        ("Pledge", "https://a.example/2", "Aid remains below the pledged level.")),
        headers={"Content-Type": "application/rss+xml"})
    atom_url = http_server.add("/atom.xml", ATOM,
                               headers={"Content-Type": "application/atom+xml"})
    assert main(["--db", ws.url, "feeds", "add", feed_url]) == 0
    assert main(["--db", ws.url, "feeds", "add", atom_url]) == 0
    capsys.readouterr()
    assert main(["--db", ws.url, "feeds", "poll"]) == 0
    out = capsys.readouterr().out
    assert "2 new sources" in out and "1 new sources" in out
    with ws.session() as s:
        docs = list_documents(s, "source")
        feeds = list_feeds(s)
        first = get_document(s, docs[0].id)
    assert len(docs) == 3 and all(d.feed_id is not None for d in docs)
    assert first.text == "600 trucks entered on Monday." and first.outlet == "Gaza Aid Monitor"
    assert all(f.last_polled is not None for f in feeds)
    assert feeds[0].title == "Gaza Aid Monitor"

    # A new item appears; polling again stores only it.
    http_server.add("/feed.xml", rss(
        ("Trucks", "https://a.example/1", "600 trucks entered on Monday."),
        ("Pledge", "https://a.example/2", "Aid remains below the pledged level."),
        ("Convoy", "https://a.example/3", "A convoy of 40 trucks crossed on Tuesday.")),
        headers={"Content-Type": "application/rss+xml"})
    assert main(["--db", ws.url, "feeds", "poll"]) == 0
    out = capsys.readouterr().out
    assert "1 new sources" in out and "0 new sources" in out
    with ws.session() as s:
        assert len(list_documents(s, "source")) == 4


def test_feeds_refusals(ws, http_server, capsys) -> None:
    page = http_server.add("/page", "<html><body><p>Not a feed.</p></body></html>",
                           headers={"Content-Type": "text/html"})
    assert main(["--db", ws.url, "feeds", "add", page]) == 1
    assert "not an RSS or Atom feed" in capsys.readouterr().err
    assert main(["--db", ws.url, "feeds", "add", "file:///etc/passwd"]) == 1
    feed_url = http_server.add("/f", rss(), headers={"Content-Type": "application/rss+xml"})
    assert main(["--db", ws.url, "feeds", "add", feed_url]) == 0
    assert main(["--db", ws.url, "feeds", "add", feed_url]) == 1
    assert "already followed" in capsys.readouterr().err
    with ws.session() as s:
        assert len(list_feeds(s)) == 1
    # A feed that went away is reported; the command fails only when every feed failed.
    http_server.routes.pop("/f")
    assert main(["--db", ws.url, "feeds", "poll"]) == 1
    assert "HTTP 404" in capsys.readouterr().err
