from db.queries.claims import list_claims


def test_demo_loads_on_both_backends(demo_ws) -> None:
    with demo_ws.session() as s:
        page = list_claims(s)
    assert page.total == 11
