from simulator.catalog import catalog_json


def test_get_catalog_returns_the_simulators_catalog_exactly(client):
    response = client.get("/api/catalog/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == catalog_json()


def test_catalog_lists_the_contracts_kinds(client):
    kinds = {k["kind"] for k in client.get("/api/catalog/").json()["kinds"]}
    assert {"client", "dns", "load_balancer", "web_server", "cache", "database"} <= kinds
